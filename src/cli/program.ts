// Builds the commander program from one module per command and maps errors to exit codes.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { commands } from './commands.js';

const HELP_HINT = '(run with --help for usage)';

export function buildProgram(): Command {
  const program = new Command('vpnguard')
    .description('Secure AWS VPN connections: inventory, evaluate, diagnose, fix, alarm, guardrail.')
    .version('0.1.0')
    // commander echoes the offending value: keep its message (and the help hint) on one line, free of
    // terminal control characters
    .configureOutput({
      outputError: (text, write) => write(`${oneLine(text.replace(CONTROL_CHARACTERS, '?'))} ${HELP_HINT}\n`),
    })
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    process.exitCode = undefined;
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return EXIT.ok; // --help, --version
    return EXIT.usage; // commander already printed its one-line message
  }
  if (err instanceof CliError) {
    process.stderr.write(`vpnguard: ${oneLine(err.message)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`vpnguard: internal error: ${oneLine(message)}\n`);
  if (process.env.VPNGUARD_DEBUG === '1' && err instanceof Error && err.stack)
    process.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}

// eslint-disable-next-line no-control-regex -- these are the characters to remove
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** An error is one line: messages that quote user files (parser snippets) can carry newlines. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
