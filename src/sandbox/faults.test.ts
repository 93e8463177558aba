import { describe, expect, it } from 'vitest';
import { dropCsvColumn, dropJsonField, FaultEngine } from './faults.js';

describe('FaultEngine', () => {
  it('counts calls per fault over the requests that match it, and affects only the calls it names', () => {
    const faults = new FaultEngine([{ provider: 'aws', operation: 'iam:ListUsers', kind: 'throttle', match: { account: '111111111111' }, calls: [2] }]);
    expect(faults.take('aws', 'iam:ListUsers', { account: '222222222222' })).toBeUndefined();
    expect(faults.take('aws', 'iam:ListUsers', { account: '111111111111' })).toBeUndefined();
    expect(faults.take('aws', 'iam:ListUsers', { account: 111111111111 })).toMatchObject({ call: 2, spec: { kind: 'throttle' } });
    expect(faults.take('aws', 'iam:ListUsers', { account: '111111111111' })).toBeUndefined();
    expect(faults.hits.map((h) => h.call)).toEqual([2]);
  });

  it('a match attribute the request does not carry is no match; `times` limits to the first N matching calls', () => {
    const faults = new FaultEngine([{ provider: 'okta', operation: 'GET /api/v1/users', kind: 'fail', match: { page: 2 }, times: 1 }]);
    expect(faults.take('okta', 'GET /api/v1/users')).toBeUndefined();
    expect(faults.take('okta', 'GET /api/v1/users', { page: 2 })?.call).toBe(1);
    expect(faults.take('okta', 'GET /api/v1/users', { page: 2 })).toBeUndefined();
  });

  it('`*` matches any operation and `service:*` the operations of that service; another provider never matches', () => {
    const faults = new FaultEngine([{ provider: 'aws', operation: 'kms:*', kind: 'deny' }]);
    expect(faults.take('aws', 'kms:ListKeys')?.spec.kind).toBe('deny');
    expect(faults.take('aws', 'kmsx:ListKeys')).toBeUndefined();
    expect(faults.take('aws', 'iam:ListUsers')).toBeUndefined();
    expect(faults.take('github', 'kms:ListKeys')).toBeUndefined();
    faults.add({ provider: 'github', operation: '*', kind: 'not-found' });
    expect(faults.take('github', 'GET /orgs/{org}')?.spec.kind).toBe('not-found');
  });

  it('the first applying fault answers, while every matching fault counts the call', () => {
    const first = { provider: 'aws', operation: 'ec2:DescribeVpcs', kind: 'fail' as const, calls: [1] };
    const second = { provider: 'aws', operation: 'ec2:DescribeVpcs', kind: 'deny' as const };
    const faults = new FaultEngine([first, second]);
    expect(faults.take('aws', 'ec2:DescribeVpcs')).toEqual({ spec: first, call: 1 });
    expect(faults.take('aws', 'ec2:DescribeVpcs')).toEqual({ spec: second, call: 2 });
  });
});

describe('missing-field helpers', () => {
  it('dropJsonField maps over arrays and enters strings that hold JSON, writing them back as strings', () => {
    const body = JSON.stringify({ Events: [{ EventId: 'a', CloudTrailEvent: JSON.stringify({ additionalEventData: { MFAUsed: 'Yes', x: 1 } }) }] });
    const out = JSON.parse(dropJsonField(body, 'Events.CloudTrailEvent.additionalEventData.MFAUsed')) as {
      Events: Array<{ EventId: string; CloudTrailEvent: string }>;
    };
    expect(out.Events[0]!.EventId).toBe('a');
    expect(JSON.parse(out.Events[0]!.CloudTrailEvent)).toEqual({ additionalEventData: { x: 1 } });
  });

  it('dropJsonField leaves text that is not JSON, and paths that are absent, as they were', () => {
    expect(dropJsonField('<xml/>', 'a')).toBe('<xml/>');
    expect(JSON.parse(dropJsonField('{"a":{"b":1}}', 'a.c'))).toEqual({ a: { b: 1 } });
  });

  it('dropCsvColumn removes the column from the header and every row; an unknown column changes nothing', () => {
    const csv = 'user,arn,mfa_active\nroot,arn:aws:iam::1:root,true\nalice,arn:aws:iam::1:user/alice,false\n';
    expect(dropCsvColumn(csv, 'mfa_active')).toBe('user,arn\nroot,arn:aws:iam::1:root\nalice,arn:aws:iam::1:user/alice\n');
    expect(dropCsvColumn(csv, 'nope')).toBe(csv);
  });
});
