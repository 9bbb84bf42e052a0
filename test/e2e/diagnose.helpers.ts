// Scenarios and helpers for the `vpnguard diagnose` end-to-end tests: estates written as scenario files, the
// built CLI run against a lab on 127.0.0.1, and the JSON report parsed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabHandle } from '../../lab/index.js';
import type { DiagnoseReport } from '../../src/diagnose/report.js';
import { labEnv, runCli, type CliRun } from './scan.helpers.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const LOG_GROUP = '/aws/vendedlogs/vpn/diagnose';

/** Writes a scenario (as JSON, which the loader reads like YAML) to a temporary file and returns its path. */
export function scenarioFile(name: string, scenario: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpnguard-diagnose-'));
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(scenario, null, 2));
  return path;
}

export interface CaseSpec {
  /** vpn-0000000000000a001 ... */
  id: string;
  a: string;
  b: string;
  tunnelA?: Record<string, unknown>;
  tunnelB?: Record<string, unknown>;
  bgp?: boolean;
  logging?: boolean;
  device?: Record<string, unknown>;
  statusSince?: [string | undefined, string | undefined];
  firewallBlockedB?: boolean;
}

/** One account, one region, one customer gateway per connection (world events are gateway-wide). */
export function estate(name: string, cases: CaseSpec[]): unknown {
  return {
    name,
    defaultRegion: REGION,
    accounts: [
      {
        id: ACCOUNT,
        name: 'diagnose-lab',
        management: true,
        resources: {
          [REGION]: {
            logGroups: [{ name: LOG_GROUP, retentionInDays: 30 }],
            vpnGateways: [{ name: 'vgw', vpcId: 'vpc-0a1b2c3d4e5f6a7b8' }],
            customerGateways: cases.map((c, i) => ({
              name: `gw-${c.id}`,
              ipAddress: `198.51.100.${100 + i}`,
              bgpAsn: 65100 + i,
              ...(c.device ? { device: c.device } : {}),
            })),
            vpnConnections: cases.map((c) => {
              const logging = c.logging === false ? {} : { logging: { logGroup: LOG_GROUP } };
              return {
                id: c.id,
                customerGateway: `gw-${c.id}`,
                vpnGateway: 'vgw',
                staticRoutesOnly: !c.bgp,
                createdAgo: '200d',
                tunnels: [
                  {
                    outsideIpAddress: c.a,
                    ...logging,
                    ...(c.statusSince?.[0] ? { statusSince: c.statusSince[0] } : {}),
                    ...c.tunnelA,
                  },
                  {
                    outsideIpAddress: c.b,
                    ...logging,
                    ...(c.statusSince?.[1] ? { statusSince: c.statusSince[1] } : {}),
                    ...(c.firewallBlockedB ? { firewallBlocked: true } : {}),
                    ...c.tunnelB,
                  },
                ],
              };
            }),
          },
        },
      },
    ],
  };
}

export async function diagnoseJson(
  lab: LabHandle,
  args: readonly string[],
): Promise<CliRun & { report: DiagnoseReport }> {
  const run = await runCli(
    ['diagnose', '--endpoint-url', lab.endpoint, '--region', REGION, '--output', 'json', '-q', ...args],
    labEnv(lab),
  );
  let report: DiagnoseReport;
  try {
    report = JSON.parse(run.stdout) as DiagnoseReport;
  } catch {
    throw new Error(`diagnose did not print JSON (exit ${run.code}): ${run.stderr}`);
  }
  return { ...run, report };
}

export function diagnoseText(lab: LabHandle, args: readonly string[]): Promise<CliRun> {
  return runCli(['diagnose', '--endpoint-url', lab.endpoint, '--region', REGION, '-q', ...args], labEnv(lab));
}
