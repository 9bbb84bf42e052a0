// `--export securityhub`: sends the scan's ASFF findings to Security Hub CSPM with BatchImportFindings, in
// batches of at most 100, per account-region, signed with that account's own credentials (an account can only
// import findings about itself). Every finding that did not land is reported with its id and AWS's reason;
// the CLI turns any failure into a non-zero exit code.
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../report/asff.js';

export const BATCH_SIZE = 100;

export interface ExportFailure {
  id: string;
  accountId: string;
  region: string;
  code: string;
  message: string;
}

export interface ExportOutcome {
  sent: number;
  imported: number;
  failures: ExportFailure[];
  /** How many BatchImportFindings calls were made. */
  calls: number;
}

/** Gives the client for an account-region, or undefined when vpnguard holds no credentials for it. */
export type SecurityHubClientFor = (accountId: string, region: string) => Promise<SecurityHubClient | undefined>;

/** Groups by account-region (sorted), then chunks each group into batches of at most BATCH_SIZE. */
export function planBatches(findings: readonly AsffFinding[]): { accountId: string; region: string; findings: AsffFinding[] }[] {
  const groups = new Map<string, AsffFinding[]>();
  for (const finding of findings) {
    const key = `${finding.AwsAccountId}\t${finding.Region}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([key, group]) => {
      const [accountId = '', region = ''] = key.split('\t');
      const batches = [];
      for (let i = 0; i < group.length; i += BATCH_SIZE) batches.push({ accountId, region, findings: group.slice(i, i + BATCH_SIZE) });
      return batches;
    });
}

export async function exportToSecurityHub(findings: readonly AsffFinding[], clientFor: SecurityHubClientFor): Promise<ExportOutcome> {
  const outcome: ExportOutcome = { sent: 0, imported: 0, failures: [], calls: 0 };
  for (const batch of planBatches(findings)) {
    const failAll = (code: string, message: string) => {
      for (const f of batch.findings) outcome.failures.push({ id: f.Id, accountId: batch.accountId, region: batch.region, code, message });
    };
    const client = await clientFor(batch.accountId, batch.region).catch((error: unknown) => {
      failAll(errorName(error), errorMessage(error));
      return null;
    });
    if (client === null) continue;
    if (client === undefined) {
      failAll('NoCredentials', `no credentials for account ${batch.accountId} (it was not scanned)`);
      continue;
    }
    outcome.sent += batch.findings.length;
    outcome.calls += 1;
    try {
      const out = await client.send(new BatchImportFindingsCommand({ Findings: batch.findings as unknown as AwsSecurityFinding[] }));
      outcome.imported += out.SuccessCount ?? 0;
      for (const failed of out.FailedFindings ?? []) {
        outcome.failures.push({
          id: failed.Id ?? 'unknown',
          accountId: batch.accountId,
          region: batch.region,
          code: failed.ErrorCode ?? 'Unknown',
          message: failed.ErrorMessage ?? '',
        });
      }
    } catch (error) {
      failAll(errorName(error), errorMessage(error));
    }
  }
  return outcome;
}

/** stderr lines: a summary, then one line per failed finding. */
export function exportReport(outcome: ExportOutcome): string[] {
  const total = outcome.imported + outcome.failures.length;
  const lines = [
    `vpnguard: Security Hub export: ${outcome.imported} of ${total} findings imported in ${outcome.calls} BatchImportFindings call${outcome.calls === 1 ? '' : 's'}` +
      (outcome.failures.length === 0 ? '' : `; ${outcome.failures.length} failed`),
  ];
  for (const f of outcome.failures) lines.push(`vpnguard: not imported ${f.accountId}/${f.region} ${f.id}: ${f.code}: ${f.message}`);
  return lines;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
