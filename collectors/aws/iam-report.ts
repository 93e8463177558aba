/** The IAM credential report: generate, poll until ready, parse the CSV (22 columns; `<root_account>` first). */
import type { GenerateCredentialReportCommandOutput, GetCredentialReportCommandOutput, IAMClient } from '@aws-sdk/client-iam';
import { loadIam } from './sdk.js';
import { CredentialReportValueError, parseCredentialReportRow, type CredentialReportRow } from '../../src/evidence/credential-report.js';
import type { CollectContext, EvidenceRecord } from '../../src/types.js';
import { rawOf, record, send } from './call.js';
import type { AwsConfig } from './config.js';
import { AwsCallError } from './errors.js';

export const CREDENTIAL_REPORT = 'aws.iam.credential-report';
const MAX_POLLS = 15;

/** One row of the CSV: the report's own column names and values (`N/A`, `no_information`, `not_supported` as is). */
export type CsvRow = Record<string, string>;

export async function* credentialReport(ctx: CollectContext<AwsConfig>, iam: IAMClient, account: string): AsyncGenerator<EvidenceRecord> {
  const { GenerateCredentialReportCommand, GetCredentialReportCommand } = await loadIam();
  let state = (await send<GenerateCredentialReportCommandOutput>(ctx, iam, new GenerateCredentialReportCommand({}), 'iam:GenerateCredentialReport')).State;
  const base = ctx.config.retryBaseMs ?? 500;
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    if (state !== 'COMPLETE' && poll > 0) await sleep(Math.min(base * 2 ** (poll - 1), 5_000), ctx.signal);
    try {
      const out = await send<GetCredentialReportCommandOutput>(ctx, iam, new GetCredentialReportCommand({}), 'iam:GetCredentialReport');
      const csv = Buffer.from(out.Content ?? new Uint8Array()).toString('utf8');
      const generatedTime = out.GeneratedTime?.toISOString();
      await ctx.raw(account, 'GetCredentialReport', { ...rawOf(out), Content: csv });
      yield record(CREDENTIAL_REPORT, account, 'iam:GetCredentialReport', out, { account, generatedTime, rows: parseReport(csv) }, generatedTime);
      return;
    } catch (err) {
      // Why: ReportInProgress (404) is the documented "not ready yet" answer; anything else is a real failure.
      const name = (err as AwsCallError).cause instanceof Error ? ((err as AwsCallError).cause as Error).name : '';
      if (name !== 'CredentialReportNotReadyException' && name !== 'CredentialReportNotPresentException') throw err;
      state = 'INPROGRESS';
    }
  }
  throw new AwsCallError(
    'iam:GetCredentialReport',
    Object.assign(new Error(`the credential report was still in progress after ${MAX_POLLS} polls`), { name: 'TimeoutError' }),
  );
}

/**
 * The columns the IAM checks read. Why each is required: a column absent from the report would read as "false",
 * "never" or empty for every user — a root key that is not "active", a password never used — so a report without
 * one is an invalid answer, never evidence.
 */
export const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

/** The report has no quoted fields (user names cannot contain commas), so a plain split is exact. */
export function parseCsv(csv: string): CsvRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines.shift() ?? '').split(',');
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new AwsCallError('iam:GetCredentialReport', new SyntaxError(`the credential report has no column ${missing.join(', ')}`));
  return lines.map((l, i) => {
    const cells = l.split(',');
    // Why: a row with fewer cells than the header was cut short; its last columns would read as empty.
    if (cells.length !== header.length)
      throw new AwsCallError(
        'iam:GetCredentialReport',
        new SyntaxError(`credential report row ${i + 2} has ${cells.length} cells for ${header.length} columns`),
      );
    return Object.fromEntries(header.map((h, j) => [h, cells[j]!]));
  });
}

/**
 * The report's rows with typed values (booleans, timestamps or null), parsed here once so no check re-reads the
 * strings. Why a value that fits no column is an invalid answer: read as "false" or "never" it would pass a check.
 */
export function parseReport(csv: string): CredentialReportRow[] {
  return parseCsv(csv).map((row) => {
    try {
      return parseCredentialReportRow(row);
    } catch (err) {
      if (err instanceof CredentialReportValueError) throw new AwsCallError('iam:GetCredentialReport', new SyntaxError(err.message));
      throw err;
    }
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
