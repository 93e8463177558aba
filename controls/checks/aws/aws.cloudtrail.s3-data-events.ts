import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import picomatch from 'picomatch';
import { TRAIL, type TrailData } from './lib/trails.js';
import { BUCKET } from './lib/s3.js';

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
export function s3DataCoverage(t: TrailData, bucket: string | undefined): Coverage {
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
      if (
        (d.Values ?? []).some(
          (v) =>
            /^arn:[^:]+:s3(:::)?$/.test(v) ||
            (bucket !== undefined && new RegExp(`^arn:[^:]+:s3:::${bucket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/$`).test(v)),
        )
      )
        add(s.ReadWriteType ?? 'All');
    }
  }
  return out;
}

/**
 * Every bucket in scope (`buckets` globs over the S3 collector's bucket list) is covered by a logging trail its
 * account sees (its own or the organization trail) that records its S3 data events, reads and writes by default.
 * Without the bucket list (S3 not collected), each account needs a selector that covers every bucket.
 */
export const s3DataEvents: Check<{ buckets: string[]; events: 'all' | 'write' | 'read' }> = {
  meta: {
    id: 'aws.cloudtrail.s3-data-events',
    title: 'CloudTrail records S3 object-level (data) events',
    failureTitle: 'Buckets whose data events no trail records',
    requires: [TRAIL],
    // Why TRAIL again: any one of these suffices, so the bucket list is read when S3 is collected and optional otherwise.
    requiresAnyOf: [TRAIL, BUCKET],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        buckets: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: ['*'],
          description: 'Bucket name globs in scope (the buckets holding customer data and audit logs).',
        },
        events: { type: 'string', enum: ['all', 'write', 'read'], default: 'all', description: 'Which data events must be recorded.' },
      },
    },
    remediation:
      'Add an advanced event selector to a logging trail (ideally the organization trail): eventCategory = Data, resources.type = AWS::S3::Object, optionally resources.ARN StartsWith arn:aws:s3:::<bucket>/.',
  },
  evaluate(view, p) {
    const trails = view.records(TRAIL).filter((r) => r.data.status.isLogging);
    const enough = (c: Coverage) => (p.events !== 'read' ? c.write : true) && (p.events !== 'write' ? c.read : true);
    const what = p.events === 'all' ? 'reads and writes' : p.events === 'write' ? 'writes' : 'reads';
    const judge = (account: string, bucket: string | undefined) => {
      const total: Coverage = { read: false, write: false };
      const by: StoredRecord<TrailData>[] = [];
      for (const r of trails.filter((t) => t.data.account === account)) {
        const c = s3DataCoverage(r.data, bucket);
        if (c.read || c.write) by.push(r);
        total.read ||= c.read;
        total.write ||= c.write;
      }
      const names = [...new Set(by.map((r) => r.data.name))].join(', ');
      const partly = by.length ? ` (${names} records ${total.read ? 'reads' : 'writes'} only)` : '';
      return { ok: enough(total), by, names, partly };
    };
    const findings: Finding[] = [];
    if (view.states(BUCKET).length > 0) {
      const inScope = picomatch(p.buckets);
      for (const r of view.records(BUCKET)) {
        const b = r.data;
        if (!inScope(b.name)) continue;
        const j = judge(b.account, b.name);
        findings.push({
          status: j.ok ? 'pass' : 'fail',
          resource: b.arn,
          evidence: r.ref,
          scope: r.scope,
          reason: j.ok
            ? `Bucket ${b.name} (account ${b.account}): trail ${j.names} records its S3 data-event ${what}.`
            : `Bucket ${b.name} (account ${b.account}): no logging trail records its S3 data-event ${what}${j.partly}.`,
        });
      }
      return { findings, notApplicable: findings.length === 0 };
    }
    for (const account of [...new Set(view.scopes(TRAIL).map((s) => s.split('/')[0]!))].sort()) {
      const j = judge(account, undefined);
      const any = j.by[0] ?? view.records(TRAIL).find((r) => r.data.account === account);
      findings.push({
        status: j.ok ? 'pass' : 'fail',
        resource: j.ok ? j.by[0]!.data.arn : `arn:aws:iam::${account}:root`,
        evidence: any?.ref ?? 'data/records/aws.cloudtrail.trail.jsonl',
        scope: any?.scope ?? account,
        reason: j.ok
          ? `Account ${account}: trail ${j.names} records S3 data-event ${what} for every bucket.`
          : `Account ${account}: no logging trail records S3 data-event ${what} for every bucket (the bucket list was not collected)${j.partly}.`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
