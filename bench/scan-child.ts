// The scanner alone in its own process (bench/scan.ts spawns it): the same planScope + runScan that
// `vpnguard scan` runs, with a request counter, then one JSON line of figures on stdout.
// argv: a JSON object {endpoint, accessKeyId, secretAccessKey, region, org, concurrency, render}.
import { createClientFactory } from '../src/aws/clients.js';
import { RequestCounter } from '../src/aws/middleware.js';
import { runScan } from '../src/scan/run.js';
import { planScope } from '../src/scan/scope.js';
import { renderScanResult, type OutputFormat } from '../src/scan/output.js';

interface Args {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  org: boolean;
  concurrency: number;
  render?: OutputFormat;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;

const counter = new RequestCounter();
const clients = createClientFactory({ endpointUrl: args.endpoint, readOnly: true, maxSockets: args.concurrency, counter });
const credentials = { accessKeyId: args.accessKeyId, secretAccessKey: args.secretAccessKey };
const started = performance.now();
const scope = await planScope({ org: args.org }, { clients, credentials, homeRegion: args.region });
const result = await runScan(scope, { clients, now: () => new Date(), concurrency: args.concurrency, toolVersion: 'bench' });
const scanMs = performance.now() - started;
let outputBytes: number | undefined;
if (args.render) outputBytes = Buffer.byteLength(renderScanResult(result, args.render, {}));
clients.destroy();
process.stdout.write(
  `${JSON.stringify({
    wallMs: Math.round(scanMs),
    requests: counter.totalAttempts,
    calls: counter.totalCalls,
    accounts: result.scope.accounts.length,
    accountRegions: result.coverage.scanned.length,
    gaps: result.coverage.gaps.length,
    connections: result.inventory.connections.length,
    clientVpnEndpoints: result.inventory.clientVpnEndpoints.length,
    findings: result.findings.length,
    outputBytes,
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    // maxRSS: the kernel's high-water mark of this process (KiB), no sampling needed.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
