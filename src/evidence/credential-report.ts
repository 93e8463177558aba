/**
 * The IAM credential report's values, parsed once. The report is a CSV of strings: `true`/`false`, ISO 8601
 * timestamps, and `N/A` (never: no password, key never used), `no_information` (used before IAM tracked it, October
 * 2014) or `not_supported` (the root user's password columns) where there is no value. The collector turns each row
 * into typed fields here, so checks never re-parse the strings; the CSV itself stays under the bundle's `raw/`.
 */
import type { AwsIamCredentialReport } from './types.generated.js';

/** One parsed row (`aws.iam.credential-report` `rows[]`). */
export type CredentialReportRow = AwsIamCredentialReport['rows'][number];

/** A report row as the CSV has it: column name → cell. */
export type RawCredentialReportRow = Record<string, string | undefined>;

const NONE = new Set(['N/A', 'no_information', 'not_supported', '']);

/** A cell that is neither a value its column can hold nor one of the report's "no value" words. */
export class CredentialReportValueError extends SyntaxError {}

function bool(row: RawCredentialReportRow, col: string, allowNone = false): boolean | null {
  const v = row[col];
  if (v === 'true') return true;
  // Why absent is false: only rows of bundles sealed before the report was parsed lack a column (see upgradeCredentialReport).
  if (v === 'false' || v === undefined) return false;
  if (allowNone && NONE.has(v)) return null;
  throw new CredentialReportValueError(`credential report column ${col} of ${row.user ?? '?'} is '${v}', not true or false`);
}

function time(row: RawCredentialReportRow, col: string): string | null {
  const v = row[col];
  if (v === undefined || NONE.has(v)) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new CredentialReportValueError(`credential report column ${col} of ${row.user ?? '?'} is '${v}', not a timestamp`);
  }
  return v;
}

function text(row: RawCredentialReportRow, col: string): string | null {
  const v = row[col];
  return v === undefined || NONE.has(v) ? null : v;
}

/** Parses one row of the report; throws CredentialReportValueError on a cell its column cannot hold. */
export function parseCredentialReportRow(row: RawCredentialReportRow): CredentialReportRow {
  const user = row.user ?? '';
  return {
    user,
    arn: row.arn ?? '',
    root: user === '<root_account>',
    userCreationTime: time(row, 'user_creation_time'),
    passwordEnabled: bool(row, 'password_enabled', true),
    passwordLastUsed: time(row, 'password_last_used'),
    passwordLastChanged: time(row, 'password_last_changed'),
    passwordNextRotation: time(row, 'password_next_rotation'),
    mfaActive: bool(row, 'mfa_active') === true,
    accessKeys: ([1, 2] as const).map((slot) => ({
      slot,
      active: bool(row, `access_key_${slot}_active`) === true,
      lastRotated: time(row, `access_key_${slot}_last_rotated`),
      lastUsed: time(row, `access_key_${slot}_last_used_date`),
      lastUsedRegion: text(row, `access_key_${slot}_last_used_region`),
      lastUsedService: text(row, `access_key_${slot}_last_used_service`),
    })),
    certificates: ([1, 2] as const).map((slot) => ({ slot, active: bool(row, `cert_${slot}_active`) === true, lastRotated: time(row, `cert_${slot}_last_rotated`) })),
  };
}

/**
 * Bundles sealed before the report was parsed in the collector hold its rows as CSV strings (`password_enabled`, …).
 * Re-scoring one (`soc2 check`, `history --rescore`) reads them through this, so the checks see one shape; data
 * already parsed is returned as is.
 */
export function upgradeCredentialReport(data: unknown): unknown {
  const d = data as { rows?: unknown[] } | null;
  if (!d || !Array.isArray(d.rows) || !d.rows.some((r) => r && typeof r === 'object' && !('root' in r))) return data;
  return { ...d, rows: d.rows.map((r) => ('root' in (r as object) ? r : parseCredentialReportRow(r as RawCredentialReportRow))) };
}
