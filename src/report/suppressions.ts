// Suppressions: a YAML file of rules that mute findings for a reason until a date. A muted finding keeps
// its status, carries `muted: {reason, expires}`, is shown as muted by every format and does not count toward
// the exit code. An expired rule mutes nothing and is reported as a warning. Parsing is pure (text in, rules
// or one clear error out); the CLI reads the file.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Finding, ScanResult } from '../model/types.js';
import './annotations.js';
import { needsAction } from './finding-info.js';

const pattern = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(2048, 'must be at most 2048 characters');

const isoDate = z
  .union([z.string(), z.date()], { error: 'must be a date written YYYY-MM-DD' })
  .transform((value, ctx) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
      ctx.addIssue({ code: 'custom', message: `must be a date written YYYY-MM-DD, got ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return text;
  });

const ruleSchema = z
  .object(
    {
      control: pattern.optional(),
      resource: pattern.optional(),
      account: z.union([pattern, z.number().transform(String)]).optional(),
      region: pattern.optional(),
      reason: z.string({ error: 'is required: say why this finding is accepted' }).trim().min(1, 'is required: say why this finding is accepted'),
      expires: isoDate,
    },
    { error: 'must be a mapping with control/resource/account/region, reason and expires' },
  )
  .strict()
  .refine((rule) => [rule.control, rule.resource, rule.account, rule.region].some((v) => v !== undefined), {
    message: 'needs at least one of control, resource, account, region (a rule that matches everything is almost surely a mistake)',
  });

export const suppressionFileSchema = z
  .object({ version: z.literal(1).optional(), suppressions: z.array(ruleSchema, { error: 'must be a list of rules' }) }, { error: 'must be a mapping with a `suppressions:` list' })
  .strict();

export type SuppressionRule = z.output<typeof ruleSchema>;

export class SuppressionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuppressionFileError';
  }
}

const EXAMPLE = 'e.g. {control: EC2.183, resource: "vpn-0abc*", reason: "CGW replacement CHG-1234", expires: 2026-12-31}';

/** Parses a suppressions file; a problem is one line naming the file, the entry and the fix. */
export function parseSuppressions(text: string, file: string): SuppressionRule[] {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: false, logLevel: 'error' });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SuppressionFileError(`${file}: not valid YAML (${message})`);
  }
  const parsed = suppressionFileSchema.safeParse(data ?? {});
  if (parsed.success) return parsed.data.suppressions;
  const issue = parsed.error.issues[0]!;
  const [top, index, field] = issue.path;
  if (top === 'suppressions' && typeof index === 'number') {
    const where = `entry ${index + 1} (suppressions[${index}])`;
    const what = field === undefined ? '' : `.${String(field)}`;
    const fix =
      field === 'expires'
        ? 'fix: write the expiry as YYYY-MM-DD, e.g. expires: 2026-12-31'
        : field === 'reason'
          ? 'fix: add reason: "<why this is accepted, with a ticket>"'
          : issue.code === 'unrecognized_keys'
            ? 'fix: use only control, resource, account, region, reason, expires'
            : `fix: ${EXAMPLE}`;
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${(issue as { keys?: string[] }).keys?.join(', ') ?? ''}` : issue.message;
    throw new SuppressionFileError(`${file}: ${where}${what} ${message}; ${fix}`);
  }
  throw new SuppressionFileError(`${file}: ${issue.path.length > 0 ? `${issue.path.join('.')} ` : ''}${issue.message}; fix: write "suppressions:" followed by a list of rules, ${EXAMPLE}`);
}

/** `*` matches any run of characters (including none); everything else is literal; case-sensitive. */
export function globMatch(glob: string, value: string): boolean {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

function ruleMatches(rule: SuppressionRule, finding: Finding): boolean {
  return (
    (rule.control === undefined || globMatch(rule.control, finding.control) || globMatch(rule.control, finding.checkId)) &&
    (rule.resource === undefined || globMatch(rule.resource, finding.resourceId) || globMatch(rule.resource, finding.resourceArn)) &&
    (rule.account === undefined || globMatch(rule.account, finding.accountId)) &&
    (rule.region === undefined || globMatch(rule.region, finding.region))
  );
}

/** Active through the whole expiry day (UTC). */
export function isExpired(rule: Pick<SuppressionRule, 'expires'>, now: Date): boolean {
  return now.getTime() >= Date.parse(`${rule.expires}T00:00:00Z`) + 86_400_000;
}

export interface SuppressionOutcome {
  result: ScanResult;
  /** One line each, for stderr. */
  warnings: string[];
}

/** Mutes matching findings (first matching active rule wins). `now` is the scan's clock (finishedAt). */
export function applySuppressions(result: ScanResult, rules: readonly SuppressionRule[], file: string, now: Date): SuppressionOutcome {
  const warnings: string[] = [];
  const describe = (rule: SuppressionRule, i: number) =>
    `${file} entry ${i + 1} (${[rule.control, rule.resource, rule.account, rule.region].filter((v) => v !== undefined).join(' ')})`;
  const active = rules.map((rule, i) => ({ rule, i, expired: isExpired(rule, now) }));
  const expiredHits = new Map<number, number>();
  const findings = result.findings.map((finding) => {
    const matches = active.filter((entry) => ruleMatches(entry.rule, finding));
    const live = matches.find((entry) => !entry.expired);
    if (live) {
      const { muted: _drop, ...rest } = finding;
      return { ...rest, muted: { reason: live.rule.reason, expires: live.rule.expires } };
    }
    if (needsAction(finding.status)) {
      for (const entry of matches) expiredHits.set(entry.i, (expiredHits.get(entry.i) ?? 0) + 1);
    }
    return finding;
  });
  for (const entry of active) {
    if (!entry.expired) continue;
    const hits = expiredHits.get(entry.i) ?? 0;
    warnings.push(
      `warning: suppression ${describe(entry.rule, entry.i)} expired on ${entry.rule.expires}; it mutes nothing` +
        (hits > 0 ? ` and ${hits} finding${hits === 1 ? '' : 's'} count again` : ''),
    );
  }
  return { result: { ...result, findings }, warnings };
}
