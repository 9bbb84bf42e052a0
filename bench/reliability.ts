// Reliability figures in one command: the scan under every fault profile, fix under faults, kill -9 + resume,
// and the bad-input sweep. The lab runs in this process; the BUILT CLI runs as a child, as a user runs it.
// The judges are the ones the tests use (test/reliability/*.ts): lab ground truth and a fault-free baseline.
//
// Run: npm run bench:reliability   (or: npm run build && node dist/bench/reliability.js [--accounts 20]
//      [--repeat 2] [--kills 20] [--fix-runs 2] [--quick])
// Prints one JSON document on stdout; progress on stderr. Bounded: every child has a timeout.
import { startLab, type LabHandle } from '../lab/index.js';
import { badInputSweep } from '../test/reliability/bad-input-suite.js';
import { crashRun, FIX_PROFILES, fixUnderFaults, referenceState } from '../test/reliability/fix-faults.js';
import { assertBuilt } from '../test/reliability/harness.js';
import { baselineScan, runProfile, SCAN_PROFILES, SLOW_SCAN_PROFILES, type ProfileOutcome, type ScanProfile } from '../test/reliability/scan-faults.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

const quick = process.argv.includes('--quick');
const accounts = arg('accounts', quick ? 6 : 20);
const repeat = arg('repeat', quick ? 1 : 2);
const kills = arg('kills', quick ? 4 : 20);
const fixRuns = arg('fix-runs', quick ? 1 : 2);
const estate = { accounts: String(accounts), regions: '17', connectionsPerRegion: '5', endpointsPerRegion: '1' };
const log = (line: string) => process.stderr.write(`bench:reliability: ${line}\n`);

// The test environment's rules hold here too: no metadata service, no shared config, loopback only.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_CONFIG_FILE = '/dev/null';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
process.env.AWS_ACCESS_KEY_ID = 'AKIAVPNGUARDBENCHONLY';
process.env.AWS_SECRET_ACCESS_KEY = 'vpnguard-bench-secret-not-real';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.NO_COLOR = '1';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;

interface ProfileFigures {
  summary: string;
  scans: number;
  fullCoverage: number;
  gapsNamedCorrectly: number;
  lostFindings: number;
  passFromFail: number;
  missingResources: number;
  exitCodeRight: number;
  callsThrottled: number;
  callsRetried: number;
  wallMs: number;
  problems: string[];
}

async function scanFigures(): Promise<Record<string, ProfileFigures>> {
  const out: Record<string, ProfileFigures> = {};
  const labs = new Map<string, { lab: LabHandle; baseline: Awaited<ReturnType<typeof baselineScan>> }>();
  const labFor = async (profile: ScanProfile) => {
    const key = JSON.stringify(profile.throttling ?? 'aws');
    let entry = labs.get(key);
    if (!entry) {
      const lab = await startLab({ scenario: 'large', scenarioParams: estate, throttling: profile.throttling ?? true, faultSeed: 7 });
      entry = { lab, baseline: await baselineScan(lab) };
      labs.set(key, entry);
    }
    return entry;
  };
  try {
    for (const profile of [...SCAN_PROFILES, ...SLOW_SCAN_PROFILES]) {
      const { lab, baseline } = await labFor(profile);
      const figures: ProfileFigures = {
        summary: profile.summary,
        scans: 0,
        fullCoverage: 0,
        gapsNamedCorrectly: 0,
        lostFindings: 0,
        passFromFail: 0,
        missingResources: 0,
        exitCodeRight: 0,
        callsThrottled: 0,
        callsRetried: 0,
        wallMs: 0,
        problems: [],
      };
      const runs = SLOW_SCAN_PROFILES.includes(profile) ? 1 : repeat;
      for (let i = 0; i < runs; i++) {
        const o: ProfileOutcome = await runProfile(lab, profile, baseline);
        figures.scans++;
        figures.fullCoverage += Number(o.fullCoverage);
        figures.gapsNamedCorrectly += Number(o.gapsNamedCorrectly);
        figures.lostFindings += o.lostFindings;
        figures.passFromFail += o.passFromFail;
        figures.missingResources += o.missingResources;
        figures.exitCodeRight += Number(o.exitCodeRight);
        figures.callsThrottled += o.callsThrottled;
        figures.callsRetried += o.callsRetried;
        figures.wallMs = Math.max(figures.wallMs, o.wallMs);
        figures.problems.push(...o.problems.slice(0, 3));
      }
      log(`scan ${profile.name}: ${JSON.stringify({ ...figures, summary: undefined })}`);
      out[profile.name] = figures;
    }
  } finally {
    for (const { lab } of labs.values()) await lab.stop();
  }
  return out;
}

async function fixFigures() {
  const out = { runs: 0, unsafeMoments: 0, tunnelsModifiedTwice: 0, completed: 0, resumed: 0, endStateRight: 0, faultsHit: 0, problems: [] as string[], perProfile: {} as Record<string, unknown> };
  for (const profile of FIX_PROFILES) {
    for (let i = 0; i < fixRuns; i++) {
      const o = await fixUnderFaults(profile, 10);
      out.runs++;
      out.unsafeMoments += o.unsafeMoments;
      out.tunnelsModifiedTwice += o.tunnelsModifiedTwice;
      out.completed += Number(o.completed);
      out.resumed += Number(o.resumed);
      out.endStateRight += Number(o.endStateRight);
      out.faultsHit += o.faultsHit;
      out.problems.push(...o.problems.slice(0, 2));
      out.perProfile[`${profile.name}#${i + 1}`] = { exitCode: o.exitCode, completed: o.completed, resumed: o.resumed, faultsHit: o.faultsHit, wallMs: o.wallMs };
    }
    log(`fix ${profile.name}: done`);
  }
  return out;
}

async function crashFigures() {
  const reference = await referenceState();
  const out = { killRuns: 0, killed: 0, finishedByResume: 0, finishedByNewRun: 0, resumesMatching: 0, tunnelsModifiedTwice: 0, unsafeMoments: 0, problems: [] as string[], triggers: [] as string[] };
  for (let i = 0; i < kills; i += 2) {
    const batch = await Promise.all([0, 1].filter((j) => i + j < kills).map((j) => crashRun(1000 + i + j, reference)));
    for (const o of batch) {
      out.killRuns++;
      out.killed += Number(o.killed);
      out.finishedByResume += Number(o.finishedBy === 'resume');
      out.finishedByNewRun += Number(o.finishedBy === 'fresh-run');
      out.resumesMatching += Number(o.matchesReference && o.finishCode === 0);
      out.tunnelsModifiedTwice += o.tunnelsModifiedTwice;
      out.unsafeMoments += o.unsafeMoments;
      out.triggers.push(`${o.trigger} -> ${o.killed ? 'killed' : 'finished first'}, ${o.finishedBy}`);
      out.problems.push(...o.problems.slice(0, 2));
    }
  }
  log(`crash: ${out.killRuns} runs`);
  return out;
}

async function main(): Promise<void> {
  assertBuilt();
  const started = Date.now();
  log(`scan profiles on large (${accounts} accounts x 17 regions x 5 connections), ${repeat} scan(s) each`);
  const scan = await scanFigures();
  const fix = await fixFigures();
  const crash = await crashFigures();
  const bad = await badInputSweep(quick ? { flags: 200, garbled: 100, perFileKind: 25, journalMutations: 40, seed: 7 } : { flags: 1500, garbled: 600, perFileKind: 150, journalMutations: 250, seed: 20261205 });
  log('bad input: done');
  const figures = {
    command: `node dist/bench/reliability.js ${process.argv.slice(2).join(' ')}`.trim(),
    estate: { scenario: 'large', ...estate, accountRegions: accounts * 17 },
    scanProfiles: scan,
    fixUnderFaults: fix,
    crashSafety: crash,
    badInputs: { fuzzed: bad.fuzzed, clearOneLine: bad.clearOneLine, acceptedAsValid: bad.acceptedAsValid, skippedValid: bad.skippedValid, hangs: bad.hangs, stackTraces: bad.stackTraces, failures: bad.failures },
    verdict: {
      lostFindings: Object.values(scan).reduce((n, p) => n + p.lostFindings + p.missingResources, 0),
      passFromFail: Object.values(scan).reduce((n, p) => n + p.passFromFail, 0),
      unsafeChanges: fix.unsafeMoments + fix.tunnelsModifiedTwice + crash.unsafeMoments + crash.tunnelsModifiedTwice,
    },
    totalMs: Date.now() - started,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:reliability: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
