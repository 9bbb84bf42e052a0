// Validation of the options the generators share. Pure: returns a message or the parsed value.
import { UsageError } from '../cli/exit-codes.js';

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** One year: PCI DSS v4 10.5.1 asks for twelve months of audit log history. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;
export const DEFAULT_NAME = 'vpnguard';

export interface GeneratorOptions {
  /** Prefix for log groups, alarms and tags; also the default of the name variable/parameter. */
  name: string;
  logRetentionDays: number;
}

export const DEFAULT_GENERATOR_OPTIONS: GeneratorOptions = {
  name: DEFAULT_NAME,
  logRetentionDays: DEFAULT_LOG_RETENTION_DAYS,
};

// Used inside log group names, alarm names and Terraform strings: keep it to characters valid in all.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/;

export function parseGeneratorOptions(raw: { name?: string; logRetentionDays?: string }): GeneratorOptions {
  const name = raw.name ?? DEFAULT_NAME;
  if (!NAME_PATTERN.test(name)) {
    throw new UsageError(
      `--name ${JSON.stringify(name)} is invalid: use 1-48 letters, digits, '-' or '_', starting with a letter or digit`,
    );
  }
  const days = raw.logRetentionDays === undefined ? DEFAULT_LOG_RETENTION_DAYS : Number(raw.logRetentionDays);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    throw new UsageError(
      `--log-retention-days ${raw.logRetentionDays ?? ''} is not a CloudWatch Logs retention period; use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  }
  return { name, logRetentionDays: days };
}
