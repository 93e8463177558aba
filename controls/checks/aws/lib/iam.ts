/** Shared reading of IAM evidence for the aws.iam.* checks. */
import type { EvidenceView, StoredRecord } from '../../../../src/types.js';

export const REPORT = 'aws.iam.credential-report';
export const DETAILS = 'aws.iam.authorization-details';
const DAY = 86_400_000;

export interface ReportRow {
  row: Record<string, string>;
  rec: StoredRecord;
  account: string;
  root: boolean;
}

/** Every credential-report row of complete accounts. */
export function reportRows(view: EvidenceView): ReportRow[] {
  return view.records(REPORT).flatMap((rec) =>
    rec.data.rows.map((row) => ({ row, rec, account: rec.data.account ?? rec.scope, root: row.user === '<root_account>' })),
  );
}

/** A report timestamp, or undefined for `N/A`, `no_information`, `not_supported` and empty cells. */
export function date(v: string | undefined): Date | undefined {
  if (!v || !/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}

/** Active access keys of a row, as `[slot, lastRotated, lastUsed]`. */
export function activeKeys(row: Record<string, string>): Array<{ slot: 1 | 2; rotated?: Date; used?: Date }> {
  return ([1, 2] as const).filter((n) => row[`access_key_${n}_active`] === 'true').map((slot) => ({ slot, rotated: date(row[`access_key_${slot}_last_rotated`]), used: date(row[`access_key_${slot}_last_used_date`]) }));
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
    const re = new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return values.some((v) => v !== undefined && re.test(v));
  });
}
