/** Shared reading of IAM evidence for the aws.iam.* checks. */
import type { CredentialReportRow } from '../../../../src/evidence/credential-report.js';
import type { EvidenceView, StoredRecord } from '../../../../src/types.js';

export type { CredentialReportRow };

export const REPORT = 'aws.iam.credential-report';
export const DETAILS = 'aws.iam.authorization-details';
const DAY = 86_400_000;

export interface ReportRow {
  row: CredentialReportRow;
  rec: StoredRecord;
  account: string;
  root: boolean;
}

/** Every credential-report row of complete accounts. */
export function reportRows(view: EvidenceView): ReportRow[] {
  return view.records(REPORT).flatMap((rec) => rec.data.rows.map((row) => ({ row, rec, account: rec.data.account, root: row.root })));
}

/** A report timestamp as a Date; undefined where the report has none (the collector parsed `N/A` and the like to null). */
export function date(v: string | null): Date | undefined {
  return v === null ? undefined : new Date(v);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}

/** Active access keys of a row, as `[slot, lastRotated, lastUsed]`. */
export function activeKeys(row: CredentialReportRow): Array<{ slot: 1 | 2; rotated?: Date; used?: Date }> {
  return row.accessKeys.filter((k) => k.active).map((k) => ({ slot: k.slot, rotated: date(k.lastRotated), used: date(k.lastUsed) }));
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** Why: `Allow` of Action `*` on Resource `*` is full administrator access, whatever the conditions say. */
export function allowsStarStar(doc: unknown): boolean {
  const d = doc as { Statement?: unknown } | undefined;
  return list(d?.Statement).some((s) => {
    const st = s as { Effect?: string; Action?: unknown; Resource?: unknown };
    return st.Effect === 'Allow' && list(st.Action).includes('*') && list(st.Resource).includes('*');
  });
}

/** `*` glob over ARNs and names. */
export function matches(patterns: string[], ...values: Array<string | undefined>): boolean {
  return patterns.some((p) => {
    const re = new RegExp(
      `^${p
        .split('*')
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return values.some((v) => v !== undefined && re.test(v));
  });
}
