#!/usr/bin/env node
// Executable entry point (package.json "bin"). Everything testable lives in program.ts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { run } = await import('./program.js');
process.exitCode = await run(process.argv);
