import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { applyExceptions, prepareExceptions, resourceMatcher, unmatchedExceptions } from './exceptions.js';

const spec = (resource: string, expires = '2027-01-01') => ({
  control: 'IAM-06',
  resource,
  reason: 'accepted risk',
  approvedBy: 'cto@acme.example',
  ticket: 'SEC-1',
  expires,
});
const fail = (resource: string): Finding => ({ status: 'fail', resource, reason: 'too broad', evidence: 'data/records/x.jsonl#L1' });

describe('exception resource patterns', () => {
  it('lets * match anything, "/" included, as resources are identifiers and ARNs have slashes', () => {
    const m = resourceMatcher('arn:aws:iam::123456789012:role/*');
    expect(m('arn:aws:iam::123456789012:role/service-role/deploy')).toBe(true);
    expect(m('arn:aws:iam::123456789012:role/admin')).toBe(true);
    expect(m('arn:aws:iam::999999999999:role/admin')).toBe(false);
    expect(resourceMatcher('github:acme-widgets/legacy-*')('github:acme-widgets/legacy-api')).toBe(true);
    expect(resourceMatcher('*')('aws:123456789012/us-east-1/trail/x')).toBe(true);
  });

  it('keeps ?, {a,b} and [set], and treats regex characters literally', () => {
    expect(resourceMatcher('github:acme/{api,web}')('github:acme/web')).toBe(true);
    expect(resourceMatcher('github:acme/{api,web}')('github:acme/cli')).toBe(false);
    expect(resourceMatcher('user-?')('user-7')).toBe(true);
    expect(resourceMatcher('user-[ab]')('user-b')).toBe(true);
    expect(resourceMatcher('a.b+(c)')('a.b+(c)')).toBe(true);
    expect(resourceMatcher('a.b')('axb')).toBe(false);
  });

  it('excepts a failing finding whose ARN has slashes, and reports an exception that matched nothing', () => {
    const uses = prepareExceptions([spec('arn:aws:iam::123456789012:role/ci/*'), spec('arn:aws:iam::123456789012:role/typo-*')]);
    const out = applyExceptions(
      [fail('arn:aws:iam::123456789012:role/ci/deployer')],
      'IAM-06',
      'aws.iam.admin-principals',
      uses,
      new Date('2026-12-05T00:00:00Z'),
    );
    expect(out[0]).toMatchObject({ status: 'pass', excepted: { ticket: 'SEC-1' } });
    const results = { exceptions: uses.map(({ match: _m, ...u }) => u), controls: [{ id: 'IAM-06', status: 'pass' }] };
    expect(unmatchedExceptions(results).map((e) => e.resource)).toEqual(['arn:aws:iam::123456789012:role/typo-*']);
    // A control that could not be judged (error) has no findings to match: no warning then.
    expect(unmatchedExceptions({ ...results, controls: [{ id: 'IAM-06', status: 'error' }] })).toEqual([]);
  });

  it('counts a match by an expired exception as a match (it is not unused, it lapsed)', () => {
    const uses = prepareExceptions([spec('arn:*', '2026-01-01')]);
    const out = applyExceptions([fail('arn:aws:iam::1:role/x')], 'IAM-06', 'c', uses, new Date('2026-12-05T00:00:00Z'));
    expect(out[0]!.status).toBe('fail');
    expect(unmatchedExceptions({ exceptions: uses, controls: [{ id: 'IAM-06', status: 'fail' }] })).toEqual([]);
  });
});
