// `npm run bench:scan`: how close a scan of a large estate gets to the floor set by its request count, and how
// its memory grows with the estate. Loopback only; the lab and the scanner each run in their own process so the
// scanner's RSS is its own. Prints one JSON document on stdout (progress lines on stderr).
//
//   lowerBoundMs = requests x latencyMs / concurrency   (every request pays the lab's latency once, and at most
//                                                          `concurrency` are in flight)
//   ratio        = wallMs / lowerBoundMs                 (target <= 1.3)
//
// It also times the seed runbook's approach (one `aws ec2 describe-vpn-connections` per region, one after the
// other) on one account of the same lab, against vpnguard scanning that same account.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONCURRENCY } from '../src/scan/run.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const here = dirname(fileURLToPath(import.meta.url));
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const REGIONS = Number(process.env.BENCH_REGIONS ?? 17);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const MEMORY_SCALES = (process.env.BENCH_MEMORY_SCALES ?? '10,100').split(',').map(Number).filter((n) => n > 0);
const CHILD_TIMEOUT_MS = 15 * 60_000;

interface LabInfo {
  endpoint: string;
  defaultRegion: string;
  accounts: { accountId: string; accessKeyId: string; secretAccessKey: string; management: boolean }[];
}

interface ScanFigures {
  wallMs: number;
  requests: number;
  calls: number;
  accounts: number;
  accountRegions: number;
  gaps: number;
  connections: number;
  clientVpnEndpoints: number;
  findings: number;
  outputBytes?: number;
  renderMs?: number;
  peakRssMb: number;
}

const log = (line: string) => process.stderr.write(`bench:scan: ${line}\n`);

/** Environment for children: nothing from the user's AWS setup, no metadata service. */
function childEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PYENV_ROOT: process.env.PYENV_ROOT,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

async function withLab<T>(options: object, body: (lab: LabInfo) => Promise<T>): Promise<{ value: T; labRequests: number }> {
  const child = spawn(process.execPath, ['--max-old-space-size=8192', join(here, 'lab-child.js'), JSON.stringify(options)], {
    env: childEnv(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the lab child exited before it was ready');
  const lab = JSON.parse(first.value) as LabInfo;
  try {
    const value = await body(lab);
    child.stdin.end();
    const last = await lines.next();
    const labRequests = last.done ? -1 : (JSON.parse(last.value) as { requests: number }).requests;
    return { value, labRequests };
  } catch (err) {
    child.kill();
    throw err;
  }
}

function scanChild(lab: LabInfo, org: boolean, render?: string): Promise<ScanFigures> {
  const caller = lab.accounts[0]!;
  const args = {
    endpoint: lab.endpoint,
    accessKeyId: caller.accessKeyId,
    secretAccessKey: caller.secretAccessKey,
    region: lab.defaultRegion,
    org,
    concurrency: DEFAULT_CONCURRENCY,
    render,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'scan-child.js'), JSON.stringify(args)], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`the scan child exited ${code}`));
      else resolve(JSON.parse(out) as ScanFigures);
    });
  });
}

/** The runbook: `aws ec2 describe-vpn-connections --query ...` once per region, sequentially, on one account. */
function runbook(lab: LabInfo, regions: string[]): { wallMs: number; calls: number; downIds: number } | { skipped: string } {
  if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).status !== 0) return { skipped: 'the AWS CLI is not installed' };
  const caller = lab.accounts[0]!;
  const env = {
    ...childEnv(),
    AWS_ACCESS_KEY_ID: caller.accessKeyId,
    AWS_SECRET_ACCESS_KEY: caller.secretAccessKey,
    AWS_PAGER: '',
  };
  let downIds = 0;
  const started = performance.now();
  for (const region of regions) {
    const r = spawnSync(
      'aws',
      [
        'ec2',
        'describe-vpn-connections',
        '--region',
        region,
        '--endpoint-url',
        lab.endpoint,
        '--query',
        'VpnConnections[?VgwTelemetry[?Status==`DOWN`]].VpnConnectionId',
        '--output',
        'text',
      ],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    if (r.status !== 0) throw new Error(`aws ec2 describe-vpn-connections --region ${region} failed: ${r.stderr}`);
    downIds += r.stdout.split(/\s+/).filter((id) => id.startsWith('vpn-')).length;
  }
  return { wallMs: Math.round(performance.now() - started), calls: regions.length, downIds };
}

function largeParams(connectionsPerRegion: number): Record<string, string> {
  return {
    accounts: String(ACCOUNTS),
    regions: String(REGIONS),
    connectionsPerRegion: String(connectionsPerRegion),
    endpointsPerRegion: '1',
  };
}

async function main(): Promise<void> {
  log(`timing: large estate, ${ACCOUNTS} accounts x ${REGIONS} regions, lab latency ${LATENCY_MS} ms, concurrency ${DEFAULT_CONCURRENCY}`);
  const timing = await withLab({ scenario: 'large', scenarioParams: largeParams(1), latencyMs: LATENCY_MS }, async (lab) => {
    const estate = await scanChild(lab, true, 'json');
    log(`estate scan: ${estate.wallMs} ms, ${estate.requests} requests`);
    const oneAccount = await scanChild(lab, false);
    log(`one account (vpnguard): ${oneAccount.wallMs} ms, ${oneAccount.requests} requests`);
    const regionNames = await listRegions(lab, REGIONS);
    const cli = runbook(lab, regionNames);
    log(`one account (AWS CLI runbook): ${'wallMs' in cli ? `${cli.wallMs} ms` : cli.skipped}`);
    return { estate, oneAccount, cli };
  });

  const { estate, oneAccount, cli } = timing.value;
  const lowerBoundMs = (estate.requests * LATENCY_MS) / DEFAULT_CONCURRENCY;

  const memory: (ScanFigures & { scale: number; labRequests: number })[] = [];
  for (const scale of MEMORY_SCALES) {
    log(`memory: ${scale}x the estate (${ACCOUNTS * REGIONS * scale} connections), lab latency 0 ms`);
    const run = await withLab({ scenario: 'large', scenarioParams: largeParams(scale), latencyMs: 0 }, (lab) => scanChild(lab, true, 'json'));
    log(`${scale}x: peak RSS ${run.value.peakRssMb} MB, ${run.value.connections} connections, ${run.value.wallMs} ms`);
    memory.push({ scale, ...run.value, labRequests: run.labRequests });
  }

  const report = {
    scenario: `large (${ACCOUNTS} accounts x ${REGIONS} regions, 1 connection + 1 Client VPN endpoint per account-region)`,
    wallMs: estate.wallMs,
    requests: estate.requests,
    labRequests: timing.labRequests,
    concurrency: DEFAULT_CONCURRENCY,
    latencyMs: LATENCY_MS,
    lowerBoundMs: Math.round(lowerBoundMs),
    ratio: Number((estate.wallMs / lowerBoundMs).toFixed(3)),
    peakRssMb: estate.peakRssMb,
    outputBytes: estate.outputBytes,
    connections: estate.connections,
    clientVpnEndpoints: estate.clientVpnEndpoints,
    gaps: estate.gaps,
    runbookComparison: {
      account: 'the management account, every enabled region',
      vpnguardMs: oneAccount.wallMs,
      vpnguardRequests: oneAccount.requests,
      awsCli: cli,
      ratio: 'wallMs' in cli ? Number((cli.wallMs / oneAccount.wallMs).toFixed(1)) : undefined,
    },
    memory: memory.map((m) => ({
      scale: m.scale,
      connections: m.connections,
      clientVpnEndpoints: m.clientVpnEndpoints,
      findings: m.findings,
      wallMs: m.wallMs,
      requests: m.requests,
      outputBytes: m.outputBytes,
      renderMs: m.renderMs,
      peakRssMb: m.peakRssMb,
    })),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

/** The account's enabled regions, read the way the runbook's user would know them (DescribeRegions). */
async function listRegions(lab: LabInfo, expected: number): Promise<string[]> {
  const { EC2Client, DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
  const caller = lab.accounts[0]!;
  const ec2 = new EC2Client({
    region: lab.defaultRegion,
    endpoint: lab.endpoint,
    credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey },
  });
  const out = await ec2.send(new DescribeRegionsCommand({}));
  ec2.destroy();
  const names = (out.Regions ?? []).map((r) => r.RegionName!).sort();
  if (names.length !== expected) log(`note: the account has ${names.length} enabled regions (expected ${expected})`);
  return names;
}

await main();
