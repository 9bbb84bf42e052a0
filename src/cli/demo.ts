// `vpnguard demo`: the README's first command. Starts the local lab with the seed story in-process, runs the
// real scan code against it through the real AWS SDK (the lab's endpoint and keys, never the user's own AWS
// environment or profile), prints the table and the next commands to try, and stops the lab.
//
// Exit code: 0 whenever the demo ran, whatever the scan found. The seed story has failing controls on
// purpose; a newcomer running `npm ci && npm run demo` should not see npm's "command failed" block. The
// exit code a real scan would return is printed instead. 5 when the demo itself could not run.
import type { Command } from 'commander';
import { startLab } from '../../lab/index.js';
import { EXIT } from './exit-codes.js';
import { executeScan, parseScanOptions } from './scan.js';

export const DEMO_SCENARIO = 'seed-story';

interface Out {
  write(chunk: string): boolean;
  isTTY?: boolean;
}

export interface DemoIo {
  stdout: Out;
  stderr: Out;
  now: () => Date;
}

const EXIT_MEANING: Record<number, string> = {
  [EXIT.ok]: 'clean',
  [EXIT.findings]: 'findings at or above --fail-on',
  [EXIT.incomplete]: 'incomplete scan',
};

export function nextSteps(endpoint: string, scanExit: number, org: boolean): string {
  const meaning = EXIT_MEANING[scanExit] ?? 'see docs/scan.md';
  return [
    '',
    `A real \`vpnguard scan\` of this estate exits ${scanExit} (${meaning}); the demo exits 0.`,
    '',
    'Next:',
    '  vpnguard controls EC2.20                      # what a control checks, why it matters, how to fix it',
    '  vpnguard policy scan                          # the read-only IAM policy a scan needs',
    `  vpnguard lab --scenario ${DEMO_SCENARIO}            # keep a lab running in another shell (prints its keys), then:`,
    `  vpnguard scan --endpoint-url ${endpoint.replace(/:\d+$/, ':<PORT>')}${org ? ' --org' : ''} --output json`,
    `  vpnguard diagnose --endpoint-url ${endpoint.replace(/:\d+$/, ':<PORT>')}   # why each DOWN tunnel is DOWN`,
    `  vpnguard fix --endpoint-url ${endpoint.replace(/:\d+$/, ':<PORT>')}   # the plan; --confirm-ikev2 ID,ID for gateways that speak IKEv2, --apply runs it one tunnel at a time`,
    '  vpnguard scan --profile <your-profile>        # your own AWS estate (read-only)',
    '',
  ].join('\n');
}

export async function runDemo(io: DemoIo): Promise<number> {
  const lab = await startLab({ scenario: DEMO_SCENARIO, port: 0 });
  try {
    const caller = lab.accounts[0];
    if (!caller) throw new Error(`the ${DEMO_SCENARIO} scenario has no account`);
    const org = caller.management && lab.accounts.length > 1;
    io.stderr.write(`vpnguard demo: lab '${lab.scenario}' on ${lab.endpoint}; scanning account ${caller.accountId}${org ? ' and its organization' : ''}\n`);
    const options = parseScanOptions({ endpointUrl: lab.endpoint, org, output: 'table', quiet: true });
    const { exitCode } = await executeScan(options, {
      ...io,
      credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey },
      homeRegion: lab.defaultRegion,
    });
    io.stdout.write(nextSteps(lab.endpoint, exitCode, org));
    return EXIT.ok;
  } finally {
    await lab.stop();
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(`scan a local lab (scenario ${DEMO_SCENARIO}) to see vpnguard work: no AWS account needed`)
    .action(async () => {
      process.exitCode = await runDemo({ stdout: process.stdout, stderr: process.stderr, now: () => new Date() });
    });
}
