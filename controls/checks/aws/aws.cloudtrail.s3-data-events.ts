import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import { TRAIL, type TrailData } from './lib/trails.js';

interface FieldSelector {
  Field?: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}
/** The trail's selectors as GetEventSelectors answers them (basic with DataResources, or advanced). */
interface SelectorTrail extends Omit<TrailData, 'eventSelectors' | 'advancedEventSelectors'> {
  eventSelectors?: Array<{ ReadWriteType?: string; DataResources?: Array<{ Type?: string; Values?: string[] }> }>;
  advancedEventSelectors?: Array<{ Name?: string; FieldSelectors?: FieldSelector[] }>;
}

interface Coverage {
  read: boolean;
  write: boolean;
}

/** Fields an advanced selector may name and still log every S3 object event of the bucket (others narrow it). */
const WHOLE = new Set(['eventCategory', 'resources.type', 'readOnly', 'resources.ARN']);

/**
 * What S3 object-level (data) events a trail records for `bucket` (every bucket when undefined): basic selectors'
 * `AWS::S3::Object` DataResources (`arn:aws:s3` = all buckets, `arn:aws:s3:::b/` = all of b), or advanced selectors
 * on `eventCategory = Data` and `resources.type = AWS::S3::Object` whose ARN conditions keep the whole bucket.
 */
export function s3DataCoverage(t: SelectorTrail, bucket: string | undefined): Coverage {
  const out: Coverage = { read: false, write: false };
  const add = (rw: string) => {
    if (rw !== 'WriteOnly') out.read = true;
    if (rw !== 'ReadOnly') out.write = true;
  };
  if (t.advancedEventSelectors?.length) {
    const target = bucket ? `arn:aws:s3:::${bucket}/` : 'arn:aws:s3:::';
    for (const s of t.advancedEventSelectors) {
      const f = s.FieldSelectors ?? [];
      const eq = (field: string, v: string) => f.some((x) => x.Field === field && x.Equals?.includes(v));
      if (!eq('eventCategory', 'Data') || !eq('resources.type', 'AWS::S3::Object')) continue;
      if (f.some((x) => !WHOLE.has(x.Field ?? ''))) continue;
      const arns = f.filter((x) => x.Field === 'resources.ARN');
      const keeps = arns.every((x) => {
        if (x.Equals?.length || x.EndsWith?.length || x.NotEquals?.length || x.NotEndsWith?.length) return false;
        if (x.StartsWith?.length && !x.StartsWith.some((v) => target.startsWith(v))) return false;
        return !(x.NotStartsWith ?? []).some((v) => target.startsWith(v) || v.startsWith(target));
      });
      if (!keeps) continue;
      const ro = f.find((x) => x.Field === 'readOnly')?.Equals;
      add(!ro?.length || (ro.includes('true') && ro.includes('false')) ? 'All' : ro.includes('true') ? 'ReadOnly' : 'WriteOnly');
    }
    return out;
  }
  for (const s of t.eventSelectors ?? []) {
    for (const d of s.DataResources ?? []) {
      if (d.Type !== 'AWS::S3::Object') continue;
      if ((d.Values ?? []).some((v) => /^arn:[^:]+:s3(:::)?$/.test(v) || (bucket !== undefined && new RegExp(`^arn:[^:]+:s3:::${bucket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/$`).test(v)))) add(s.ReadWriteType ?? 'All');
    }
  }
  return out;
}

/** A logging trail records S3 data events (reads and writes by default) for every bucket, or for each bucket named. */
export const s3DataEvents: Check<{ buckets: string[]; events: 'all' | 'write' | 'read' }> = {
  meta: {
    id: 'aws.cloudtrail.s3-data-events',
    title: 'CloudTrail records S3 object-level (data) events',
    failureTitle: 'S3 data events not recorded by any trail',
    requires: [TRAIL],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        buckets: { type: 'array', items: { type: 'string' }, default: [], description: 'Buckets in scope, by name; empty = every bucket of every account (a selector for all buckets).' },
        events: { type: 'string', enum: ['all', 'write', 'read'], default: 'all', description: 'Which data events must be recorded.' },
      },
    },
    remediation: 'Add an advanced event selector to a logging trail (ideally the organization trail): eventCategory = Data, resources.type = AWS::S3::Object, optionally resources.ARN StartsWith arn:aws:s3:::<bucket>/.',
  },
  evaluate(view, p) {
    const trails = view.records<SelectorTrail>(TRAIL).filter((r) => r.data.status.isLogging);
    const enough = (c: Coverage) => (p.events !== 'read' ? c.write : true) && (p.events !== 'write' ? c.read : true);
    const what = p.events === 'all' ? 'reads and writes' : p.events === 'write' ? 'writes' : 'reads';
    const judge = (candidates: StoredRecord<SelectorTrail>[], bucket: string | undefined) => {
      const total: Coverage = { read: false, write: false };
      const by: StoredRecord<SelectorTrail>[] = [];
      for (const r of candidates) {
        const c = s3DataCoverage(r.data, bucket);
        if (c.read || c.write) by.push(r);
        total.read ||= c.read;
        total.write ||= c.write;
      }
      return { ok: enough(total), by, total };
    };
    const findings: Finding[] = [];
    if (p.buckets.length === 0) {
      for (const account of [...new Set(view.scopes(TRAIL).map((s) => s.split('/')[0]!))].sort()) {
        const own = trails.filter((r) => r.data.account === account);
        const j = judge(own, undefined);
        const any = own[0] ?? view.records<SelectorTrail>(TRAIL).find((r) => r.data.account === account);
        const names = [...new Set(j.by.map((r) => r.data.name))].join(', ');
        findings.push({
          status: j.ok ? 'pass' : 'fail',
          resource: j.ok ? j.by[0]!.data.arn : `arn:aws:iam::${account}:root`,
          evidence: (j.by[0] ?? any)?.ref ?? 'data/records/aws.cloudtrail.trail.jsonl',
          scope: (j.by[0] ?? any)?.scope ?? account,
          reason: j.ok ? `Account ${account}: trail ${names} records S3 data-event ${what} for every bucket.` : `Account ${account}: no logging trail records S3 data-event ${what} for every bucket${j.by.length ? ` (${names} records ${j.total.read ? 'reads' : 'writes'} only, or only some buckets)` : ''}.`,
        });
      }
    } else {
      for (const bucket of p.buckets) {
        const j = judge(trails, bucket);
        const ref = j.by[0] ?? trails[0];
        findings.push({
          status: j.ok ? 'pass' : 'fail',
          resource: `arn:aws:s3:::${bucket}`,
          evidence: ref?.ref ?? 'data/records/aws.cloudtrail.trail.jsonl',
          ...(ref ? { scope: ref.scope } : {}),
          reason: j.ok ? `Bucket ${bucket}: trail ${[...new Set(j.by.map((r) => r.data.name))].join(', ')} records its S3 data-event ${what}.` : `Bucket ${bucket}: no logging trail records its S3 data-event ${what}.`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
