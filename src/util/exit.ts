/** Exit codes, set in one place (README documents the same table). */
export const EXIT = {
  ok: 0,
  /** A control fails (a gap). */
  gaps: 1,
  /** Bad input: flags, config, control map, evidence files. Nothing was collected or written. */
  input: 2,
  /** Evidence incomplete: some control is `error`. Takes precedence over 1. */
  incomplete: 3,
  /** Verification failed: tampered or missing file, broken chain. */
  verify: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Ends the command with an exit code and a message for the user (no stack trace).
 * `details` are printed one per line under the message.
 */
export class ExitError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** Bad input: the message names the file, line and column, what was expected and a hint. */
export class InputError extends ExitError {
  constructor(message: string, details: string[] = []) {
    super(EXIT.input, message, details);
  }
}
