// A lab in its own process for the scan benchmark, so the scanner's memory is measured alone.
// argv: a JSON object of startLab options. Prints one JSON line {endpoint, defaultRegion, accounts} when ready,
// then serves until stdin closes; on exit prints {requests} (the lab's request count) as a second line.
import { startLab, type StartLabOptions } from '../lab/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as StartLabOptions;
const lab = await startLab({ ...options, port: 0 });
process.stdout.write(
  `${JSON.stringify({ endpoint: lab.endpoint, defaultRegion: lab.defaultRegion, accounts: lab.accounts })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void lab.stop().then(() => {
    process.stdout.write(`${JSON.stringify({ requests: lab.world.requestLog.length, cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000) })}\n`);
    process.exit(0);
  });
});
