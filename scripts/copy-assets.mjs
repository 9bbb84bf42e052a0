// Copies non-TypeScript assets (scenario files, data) next to the compiled code.
import { cpSync, existsSync, mkdirSync, readdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const pairs = [
  ['lab/scenarios', 'dist/lab/scenarios', /\.(ya?ml|json)$/],
  ['src/controls/frameworks', 'dist/src/controls/frameworks', /\.(ya?ml|json)$/],
  // the loopback-only guard preloaded into CLI children by test helpers that benches import
  ['test/helpers', 'dist/test/helpers', /\.cjs$/],
];
for (const [from, to, pattern] of pairs) {
  if (!existsSync(from)) continue;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (pattern.test(name)) cpSync(join(from, name), join(to, name));
  }
}
if (existsSync('dist/src/cli/main.js')) chmodSync('dist/src/cli/main.js', 0o755);
