// The one parser for repeatable, comma-separated options (--region, --output-file, --only, --connection, ...).
import { InvalidArgumentError } from 'commander';

/**
 * Accumulates `--flag a,b --flag c` into [a, b, c]. An empty value is a usage error: `--region=` must not
 * silently mean "every region", and a narrowing flag such as `--connection=` must never widen a change to
 * everything.
 */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const values = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) throw new InvalidArgumentError('expected at least one value (comma-separated)');
  return [...(previous ?? []), ...values];
}
