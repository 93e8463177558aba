/** Shared reading of CloudTrail evidence for the aws.cloudtrail.* checks. */
import type { AwsCloudtrailTrail } from '../../../../src/evidence/types.generated.js';
import type { EvidenceView, StoredRecord } from '../../../../src/types.js';

export const TRAIL = 'aws.cloudtrail.trail';
export const EVENT = 'aws.cloudtrail.event';

/** An `aws.cloudtrail.trail` record. */
export type TrailData = AwsCloudtrailTrail;

/** Each trail once (by ARN), preferring the record from its home region and owner account. */
export function uniqueTrails(view: EvidenceView): StoredRecord<TrailData>[] {
  const byArn = new Map<string, StoredRecord<TrailData>>();
  for (const r of view.records(TRAIL)) {
    const prev = byArn.get(r.data.arn);
    if (!prev || (prev.data.shadow && !r.data.shadow)) byArn.set(r.data.arn, r);
  }
  return [...byArn.values()];
}

/** Why: a trail only proves logging when it records management events, both reads and writes. */
export function recordsManagementReadWrite(t: TrailData): boolean {
  if (t.advancedEventSelectors?.length) {
    return t.advancedEventSelectors.some((s) => {
      const f = s.FieldSelectors ?? [];
      const mgmt = f.some((x) => x.Field === 'eventCategory' && x.Equals?.includes('Management'));
      return mgmt && !f.some((x) => x.Field === 'readOnly');
    });
  }
  const sel = t.eventSelectors ?? [];
  return sel.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All');
}

export function where(t: TrailData): string {
  return `account ${t.account}, region ${t.region}`;
}

export function hoursSince(iso: string | undefined, asOf: Date): number {
  return iso ? (asOf.getTime() - Date.parse(iso)) / 3_600_000 : Infinity;
}
