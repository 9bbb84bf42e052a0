// `vpnguard controls [ID] [--output table|json]`: the controls with their metadata and framework mappings, or
// the explanation of one (what it checks, why it matters, how to fix it).
import { Option, type Command } from 'commander';
import { controlIds, controls, findControl } from '../controls/index.js';
import { controlDocument, renderControlExplanation, renderControlList } from '../controls/describe.js';
import { UsageError } from './exit-codes.js';

export type ControlsOutput = 'table' | 'json';

/** Pure: the text `vpnguard controls [id]` prints. Throws UsageError (exit 3) for an unknown id. */
export function controlsText(id: string | undefined, output: ControlsOutput): string {
  if (id === undefined) {
    return output === 'json'
      ? `${JSON.stringify(controls.map(controlDocument), null, 2)}\n`
      : renderControlList(controls);
  }
  const control = findControl(id);
  if (control === undefined) {
    throw new UsageError(`unknown control '${id}'; valid ids: ${controlIds.join(', ')}`);
  }
  return output === 'json'
    ? `${JSON.stringify(controlDocument(control), null, 2)}\n`
    : renderControlExplanation(control);
}

export function register(
  program: Command,
  write: (text: string) => void = (t) => process.stdout.write(t),
): void {
  program
    .command('controls')
    .description('list the controls vpnguard evaluates, or explain one (e.g. `vpnguard controls EC2.20`)')
    .argument('[id]', `control id or check id: ${controlIds.join(', ')}`)
    .addOption(new Option('--output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((id: string | undefined, opts: { output: ControlsOutput }) => {
      write(controlsText(id, opts.output));
    });
}
