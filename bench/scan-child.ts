// The scanner alone in its own process (bench/scan.ts spawns it): the same planScope + scanEstate + writeReport
// that `vpnguard scan --output FORMAT > FILE` runs, with a request counter, then one JSON line of figures on
// stdout. The report is written to `outputFile` (default /dev/null) the way the CLI writes stdout.
// argv: a JSON object {endpoint, accessKeyId, secretAccessKey, region, org, concurrency, render, outputFile}.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createClientFactory } from '../src/aws/clients.js';
import { RequestCounter } from '../src/aws/middleware.js';
import { scanEstate } from '../src/scan/run.js';
import { planScope } from '../src/scan/scope.js';
import { streamWriter, writeReport, type OutputFormat } from '../src/scan/output.js';

interface Args {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  org: boolean;
  concurrency: number;
  render?: OutputFormat;
  outputFile?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;

const counter = new RequestCounter();
const clients = createClientFactory({ endpointUrl: args.endpoint, readOnly: true, maxSockets: args.concurrency, counter });
const credentials = { accessKeyId: args.accessKeyId, secretAccessKey: args.secretAccessKey };
const started = performance.now();
const scope = await planScope({ org: args.org }, { clients, credentials, homeRegion: args.region });
const result = await scanEstate(scope, { clients, now: () => new Date(), concurrency: args.concurrency, toolVersion: 'bench' });
const scanMs = performance.now() - started;
let outputBytes: number | undefined;
let renderMs: number | undefined;
if (args.render) {
  const renderStarted = performance.now();
  const out = createWriteStream(args.outputFile ?? '/dev/null');
  await writeReport(result, args.render, streamWriter(out), { color: false });
  out.end();
  await finished(out);
  outputBytes = out.bytesWritten;
  renderMs = Math.round(performance.now() - renderStarted);
}
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
    findings: result.summary.controls.reduce((n, c) => n + c.PASS + c.FAIL + c.ERROR + c.NOT_APPLICABLE, 0),
    outputBytes,
    renderMs,
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    // maxRSS: the kernel's high-water mark of this process (KiB), no sampling needed.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
