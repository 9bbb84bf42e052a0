// Secrets and output safety, through the built CLI against the seed-story lab: scan in every format (stdout
// and --output-file), diagnose, fix (plan, apply, the journal), alarms, the lab's export lines, error paths
// (denied and truncated responses, VPNGUARD_DEBUG traces). No output, log or journal holds a pre-shared key,
// a fragment of the customer gateway configuration, a secret access key or a session token. Hostile tag
// values set through the lab's CreateTags come out escaped in HTML, CSV, Markdown and on the terminal.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTagsCommand, DescribeVpnConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { sdkClientConfig } from '../../lab/testing.js';
import { preSharedKeyOf } from '../../lab/world/factory.js';
import { exportLines, labSummary } from '../../src/cli/lab.js';
import { assertBuilt, isolatedEnv, runCli, type CliRun } from './harness.js';

const HOSTILE = {
  Name: '<script>alert(1)</script>',
  formula: "=cmd|' /C calc'!A0",
  md: '| md | table',
  ansi: '\u001b[31mred\u001b[0m\u0007bell\u0008',
};

/** Terminal control characters (ESC, BEL, BS): none may reach a human-facing output. */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u001b\u0007\u0008]/;

/** Distinctive pieces of the customer gateway configuration document (besides the keys inside it). */
const CONFIG_FRAGMENTS = ['<pre_shared_key>', '<vpn_connection id=', '<ipsec_tunnel>', '<customer_gateway>', '<vpn_gateway>', '<tunnel_outside_address>'];

describe('secrets never leave, values from AWS are escaped', () => {
  let lab: LabHandle;
  let cwd: string;
  const outputs = new Map<string, string>();
  const keep = (label: string, run: CliRun) => {
    outputs.set(`${label} stdout`, run.stdout);
    outputs.set(`${label} stderr`, run.stderr);
  };
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runCli(args, { env: isolatedEnv(lab.accounts[0], lab.defaultRegion, extra), cwd, timeoutMs: 90_000 });

  beforeAll(async () => {
    assertBuilt();
    lab = await startLab({ scenario: 'seed-story', replacementSeconds: 0.3 });
    cwd = mkdtempSync(join(tmpdir(), 'vpnguard-secrets-'));
    const ec2 = new EC2Client(sdkClientConfig(lab));
    const described = await ec2.send(new DescribeVpnConnectionsCommand({}));
    const available = (described.VpnConnections ?? []).filter((c) => c.State === 'available');
    // Every hostile value on every resource as its own tag, and each one as the Name of some connection
    // (the human formats show the Name tag).
    const endpoints = [...lab.world.allRegions()].filter((r) => r.region === lab.defaultRegion).flatMap((r) => [...r.clientVpnEndpoints.keys()]);
    const ids = [...available.map((c) => c.VpnConnectionId!), ...endpoints];
    const { Name: _name, ...others } = HOSTILE;
    await ec2.send(new CreateTagsCommand({ Resources: ids, Tags: Object.entries(others).map(([Key, Value]) => ({ Key, Value })) }));
    const names = Object.values(HOSTILE);
    for (const [i, conn] of available.entries()) {
      await ec2.send(new CreateTagsCommand({ Resources: [conn.VpnConnectionId!], Tags: [{ Key: 'Name', Value: names[i % names.length]! }] }));
    }
    expect(available.length).toBeGreaterThanOrEqual(names.length);
    ec2.destroy();
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('runs every command and format, then no secret appears anywhere', async () => {
    const files = ['report.json', 'report.ndjson', 'report.sarif', 'report.asff.json', 'report.ocsf.json', 'report.md', 'report.html', 'report.csv'];
    const labelled = async (label: string, run: Promise<CliRun>) => keep(label, await run);
    // Read-only commands side by side; every format once as a file, the terminal-bound ones also on stdout.
    await Promise.all([
      labelled('scan table', cli(['scan', '--endpoint-url', lab.endpoint, ...files.flatMap((f) => ['--output-file', join(cwd, f)])])),
      labelled('scan json', cli(['scan', '--endpoint-url', lab.endpoint, '--output', 'json', '--quiet'])),
      labelled('scan csv', cli(['scan', '--endpoint-url', lab.endpoint, '--output', 'csv', '--quiet'])),
      labelled('scan markdown', cli(['scan', '--endpoint-url', lab.endpoint, '--output', 'markdown', '--quiet'])),
      labelled('scan html', cli(['scan', '--endpoint-url', lab.endpoint, '--output', 'html', '--quiet'])),
      labelled('diagnose text', cli(['diagnose', '--endpoint-url', lab.endpoint])),
      labelled('diagnose json', cli(['diagnose', '--endpoint-url', lab.endpoint, '--output', 'json'])),
      labelled('alarms plan', cli(['alarms', '--endpoint-url', lab.endpoint, '--output', 'json'])),
      labelled('fix plan', cli(['fix', '--endpoint-url', lab.endpoint, '--confirm-ikev2', 'all', '--output', 'json'])),
    ]);
    const apply = await cli(['fix', '--endpoint-url', lab.endpoint, '--confirm-ikev2', 'all', '--apply', '--yes', '--poll-interval', '0.1s', '--wait-timeout', '5s', '--journal', join(cwd, 'journal.jsonl')]);
    keep('fix apply', apply);
    expect([0, 1]).toContain(apply.code);
    // Error paths: a denied operation, a truncated DescribeVpnConnections (its body holds the keys), debug traces.
    lab.faults.add({ kind: 'access-denied', service: 'ec2', operation: 'DescribeClientVpnEndpoints' });
    lab.faults.add({ kind: 'malformed', service: 'ec2', operation: 'DescribeVpnConnections' });
    await Promise.all([
      labelled('scan faulted', cli(['scan', '--endpoint-url', lab.endpoint, '--output', 'json'], { VPNGUARD_DEBUG: '1' })),
      labelled('fix faulted', cli(['fix', '--endpoint-url', lab.endpoint, '--confirm-ikev2', 'all'], { VPNGUARD_DEBUG: '1' })),
      labelled('diagnose faulted', cli(['diagnose', '--endpoint-url', lab.endpoint], { VPNGUARD_DEBUG: '1' })),
    ]);
    lab.faults.clear();
    for (const name of readdirSync(cwd, { recursive: true }) as string[]) {
      const path = join(cwd, name);
      if (statSync(path).isFile()) outputs.set(`file ${name}`, readFileSync(path, 'utf8'));
    }
    expect(outputs.has('file journal.jsonl')).toBe(true);
    expect(outputs.get('scan faulted stdout')).toMatch(/"gaps"/);

    const secrets: string[] = [];
    for (const region of lab.world.allRegions()) {
      for (const conn of region.vpnConnections.values()) for (const t of conn.tunnels) secrets.push(preSharedKeyOf(lab.world, conn, t));
    }
    for (const account of lab.accounts) secrets.push(account.secretAccessKey);
    for (const temp of lab.world.temporaryCredentials.values()) secrets.push(temp.secretAccessKey, temp.sessionToken);
    expect(secrets.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const [label, text] of outputs) {
      for (const secret of secrets) if (secret.length >= 8 && text.includes(secret)) hits.push(`${label}: a secret (${secret.slice(0, 3)}…)`);
      for (const fragment of CONFIG_FRAGMENTS) if (text.includes(fragment)) hits.push(`${label}: ${fragment}`);
    }
    expect(hits).toEqual([]);

    // The lab's export lines carry the lab's own (fake) account keys by design; never a pre-shared key.
    const exported = exportLines(lab) + labSummary(lab);
    for (const region of lab.world.allRegions()) for (const conn of region.vpnConnections.values()) for (const t of conn.tunnels) expect(exported).not.toContain(t.options.preSharedKey);
    for (const fragment of CONFIG_FRAGMENTS) expect(exported).not.toContain(fragment);

    // Hostile tags: escaped in every human format.
    const html = outputs.get('file report.html')!;
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(CONTROL);
    const csv = outputs.get('file report.csv')!;
    expect(csv).toContain('cmd|');
    for (const cell of csv.split(/[,\n]/)) expect(cell.replace(/^"/, ''), 'CSV formula injection').not.toMatch(/^[=+@\t\r]|^-[^0-9]/);
    expect(csv).not.toMatch(CONTROL);
    const md = outputs.get('file report.md')!;
    expect(md).not.toContain('| md | table');
    expect(md).not.toContain('<script>alert(1)');
    expect(md).not.toMatch(CONTROL);
    for (const label of ['scan table stdout', 'scan table stderr', 'diagnose text stdout', 'fix apply stderr', 'scan markdown stdout', 'scan csv stdout', 'scan html stdout', 'diagnose text stderr']) {
      expect(outputs.get(label), label).not.toMatch(CONTROL);
    }
    expect(outputs.get('scan html stdout')).not.toContain('<script>alert(1)');
    // JSON keeps values as data: no raw control character, the hostile Name intact for consumers.
    expect(outputs.get('scan json stdout')).not.toMatch(CONTROL);
    expect(outputs.get('scan json stdout')).toContain(JSON.stringify(HOSTILE.Name).slice(1, -1));
  }, 150_000);
});
