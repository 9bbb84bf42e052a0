// One meaning per exit code; documented in the README ("Exit codes").
export const EXIT = {
  ok: 0,
  findings: 1,
  incomplete: 2,
  usage: 3,
  credentials: 4,
  internal: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the user can fix: printed as one line, no stack trace, mapped to an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

export class CredentialsError extends CliError {
  constructor(message: string) {
    super(message, EXIT.credentials);
    this.name = 'CredentialsError';
  }
}
