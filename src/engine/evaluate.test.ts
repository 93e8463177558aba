import { describe, expect, it } from 'vitest';
import { viewOf, type EvidenceSpec } from '../../test/helpers/evidence.js';
import type { Control } from '../config/control-map.js';
import type { ExceptionSpec } from '../config/config.js';
import type { Check, StoredRecord } from '../types.js';
import { assertCheck } from '../config/assert-check.js';
import { evaluate } from './evaluate.js';

/** A check that fails every key record whose `old` is true, and is n/a when there are none. */
const keyCheck: Check = {
  meta: { id: 't.keys', title: 'keys rotated', failureTitle: 'old keys', requires: ['t.key'], remediation: 'rotate' },
  evaluate: (ev) => {
    const recs = ev.records('t.key') as StoredRecord<{ arn: string; old: boolean }>[];
    return {
      findings: recs.map((r) => ({
        status: r.data.old ? 'fail' : 'pass',
        resource: r.data.arn,
        reason: r.data.old ? 'old' : 'young',
        evidence: r.ref,
        scope: r.scope,
      })),
      notApplicable: recs.length === 0,
    };
  },
};

const control = (id: string, checks: Check[], extra: Partial<Control> = {}): Control => ({
  id,
  title: `control ${id}`,
  criteria: ['CC6.1'],
  severity: 'high',
  owner: 'sec@example.com',
  checks: checks.map((c) => ({ id: c.meta.id, check: c, params: {} })),
  evidence: [],
  origin: 'test',
  ...extra,
});

function run(spec: EvidenceSpec, controls: Control[], exceptions: ExceptionSpec[] = [], collected = ['t.key']) {
  return evaluate({
    organization: 'T',
    asOf: new Date('2026-11-22T12:00:00Z'),
    period: { start: '2026-01-01', end: '2026-12-31' },
    categories: ['security'],
    controls,
    controlMapDigest: 'x',
    exceptions,
    view: viewOf(spec),
    collectedTypes: new Set(collected),
  });
}

const good = { arn: 'arn:k1', old: false };
const bad = { arn: 'arn:legacy-k2', old: true };

describe('evaluate: status rules', () => {
  it('passes only with complete evidence for every scope', () => {
    expect(run({ records: { 't.key': { a: [good], b: [good] } } }, [control('C1', [keyCheck])]).controls[0]!.status).toBe('pass');
    const partial = run({ records: { 't.key': { a: [good] } }, errors: [{ type: 't.key', scope: 'b', cause: 'denied', operation: 'svc:List' }] }, [
      control('C1', [keyCheck]),
    ]);
    expect(partial.controls[0]!.status).toBe('error');
    expect(partial.checks[0]!.errors[0]).toMatchObject({ scope: 'b', cause: 'denied', operation: 'svc:List' });
  });

  it('is error when nothing was collected, or a scope never finished', () => {
    expect(run({}, [control('C1', [keyCheck])]).controls[0]!.status).toBe('error');
    expect(run({ records: { 't.key': { a: [good] } }, incomplete: [{ type: 't.key', scope: 'b' }] }, [control('C1', [keyCheck])]).controls[0]!.status).toBe(
      'error',
    );
  });

  it('a definite failure outranks an error elsewhere (fail > error)', () => {
    const r = run({ records: { 't.key': { a: [bad] } }, errors: [{ type: 't.key', scope: 'b' }] }, [control('C1', [keyCheck])]);
    expect(r.controls[0]!.status).toBe('fail');
    expect(r.controls[0]!.failing).toBe(1);
  });

  it('hides records of failed scopes from checks, so a partial enumeration is never judged', () => {
    const r = run({ records: { 't.key': { a: [good] } }, errors: [{ type: 't.key', scope: 'a' }] }, [control('C1', [keyCheck])]);
    expect(r.checks[0]!.findings).toEqual([]);
    expect(r.checks[0]!.status).toBe('error');
  });

  it('is not-applicable only on a complete, empty enumeration', () => {
    expect(run({ records: { 't.key': { a: [] } } }, [control('C1', [keyCheck])]).controls[0]!.status).toBe('not-applicable');
  });

  it('rolls controls and criteria up worst-of, and marks uncovered criteria', () => {
    const r = run({ records: { 't.key': { a: [bad] } } }, [
      control('C1', [keyCheck]),
      control('C2', [], { evidence: [{ id: 'policy', description: 'Access policy' }], criteria: ['CC6.2'] }),
    ]);
    expect(r.controls.map((c) => c.status)).toEqual(['fail', 'manual']);
    const crit = Object.fromEntries(r.criteria.map((c) => [c.id, [c.status, c.coverage]]));
    expect(crit['CC6.1']).toEqual(['fail', 'automated']);
    expect(crit['CC6.2']).toEqual(['manual', 'manual']);
    expect(crit['CC1.1']).toEqual(['uncovered', 'uncovered']);
    expect(r.criteria).toHaveLength(33);
  });

  it('reports a failing control without an owner as a gap of its own', () => {
    const r = run({ records: { 't.key': { a: [bad] } } }, [control('C1', [keyCheck], { owner: undefined })]);
    expect(r.controls[0]!.ownerMissing).toBe(true);
  });

  it('skips controls whose source is not collected, and says why', () => {
    const r = run({}, [control('C1', [keyCheck])], [], []);
    expect(r.controls).toEqual([]);
    expect(r.skipped[0]).toMatchObject({ id: 'C1' });
    expect(r.skipped[0]!.reason).toContain('t.key');
  });
  it('turns a throwing check into error, never pass', () => {
    const boom: Check = {
      ...keyCheck,
      meta: { ...keyCheck.meta, id: 't.boom' },
      evaluate: () => {
        throw new Error('bad data');
      },
    };
    const r = run({ records: { 't.key': { a: [good] } } }, [control('C1', [boom])]);
    expect(r.checks[0]!.status).toBe('error');
    expect(r.checks[0]!.errors[0]!.cause).toBe('internal');
  });
});

describe('evaluate: exceptions', () => {
  const exc = (expires: string): ExceptionSpec => ({
    control: 'C1',
    resource: 'arn:legacy-*',
    reason: 'archived',
    approvedBy: 'cto@example.com',
    ticket: 'SEC-1',
    expires,
  });

  it('a live exception turns matching failures into excepted passes and is listed with its count', () => {
    const r = run({ records: { 't.key': { a: [bad, good] } } }, [control('C1', [keyCheck])], [exc('2026-12-31')]);
    expect(r.controls[0]).toMatchObject({ status: 'pass', failing: 0, excepted: 1 });
    expect(r.checks[0]!.findings.find((f) => f.resource === 'arn:legacy-k2')).toMatchObject({ status: 'pass', excepted: { ticket: 'SEC-1' } });
    expect(r.exceptions).toEqual([expect.objectContaining({ ticket: 'SEC-1', covered: 1 })]);
  });

  it('an exception is live through its expiry day, and fails again after it', () => {
    expect(run({ records: { 't.key': { a: [bad] } } }, [control('C1', [keyCheck])], [exc('2026-11-22')]).controls[0]!.status).toBe('pass');
    const r = run({ records: { 't.key': { a: [bad] } } }, [control('C1', [keyCheck])], [exc('2026-11-21')]);
    expect(r.controls[0]!.status).toBe('fail');
    expect(r.checks[0]!.findings[0]!.reason).toContain('exception SEC-1 expired on 2026-11-21');
    expect(r.checks[0]!.findings[0]!.excepted?.expired).toBe(true);
  });

  it('does not touch findings of other controls or resources', () => {
    const r = run({ records: { 't.key': { a: [{ arn: 'arn:prod-k3', old: true }] } } }, [control('C1', [keyCheck])], [exc('2026-12-31')]);
    expect(r.controls[0]!.status).toBe('fail');
  });
});

describe('declarative assert checks', () => {
  const check = assertCheck('X/assert-1', 'trails encrypted', {
    type: 'aws.cloudtrail.trail',
    where: { properties: { IsMultiRegionTrail: { const: true } }, required: ['IsMultiRegionTrail'] },
    expect: { required: ['KmsKeyId'] },
  });
  it('selects records with where and judges each with expect, naming the record and ajv reason', () => {
    const r = run(
      {
        records: {
          'aws.cloudtrail.trail': {
            '111/us-east-1': [
              { TrailARN: 'arn:t1', IsMultiRegionTrail: true, KmsKeyId: 'k' },
              { TrailARN: 'arn:t2', IsMultiRegionTrail: true },
              { TrailARN: 'arn:t3', IsMultiRegionTrail: false },
            ],
          },
        },
      },
      [control('X', [check])],
      [],
      ['aws.cloudtrail.trail'],
    );
    const fails = r.checks[0]!.findings.filter((f) => f.status === 'fail');
    expect(fails).toEqual([
      expect.objectContaining({ resource: 'arn:t2', reason: "/ missing required property 'KmsKeyId'", evidence: 'data/records/aws.cloudtrail.trail.jsonl#L2' }),
    ]);
    expect(r.checks[0]!.findings).toHaveLength(2);
    expect(r.controls[0]!.status).toBe('fail');
  });
});
