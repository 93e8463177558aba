import { describe, expect, it } from 'vitest';
import { EXIT } from '../util/exit.js';
import { gateExit, newFailures } from './baseline.js';
import { sampleResults } from './testing.js';

// sampleResults: IAM-01 fail, GH-01 error, OKTA-01 pass, LOG-01 n/a, POL-01 manual.
const complete = { 'GH-01': 'pass' } as const;

describe('baseline gate', () => {
  it('old gap → exit 0: a control that already failed in the baseline does not block', () => {
    const baseline = sampleResults({ statuses: complete });
    const current = sampleResults({ statuses: complete });
    expect(newFailures(current, baseline)).toEqual([]);
    expect(gateExit(current, baseline)).toBe(EXIT.ok);
  });

  it('new gap → exit 1, naming the control and its newly failing resources', () => {
    const baseline = sampleResults({ statuses: { ...complete, 'IAM-01': 'pass' } });
    const current = sampleResults({ statuses: complete });
    expect(newFailures(current, baseline)).toEqual([
      {
        control: 'IAM-01',
        title: expect.any(String),
        status: 'fail',
        was: 'pass',
        newResources: ['arn:aws:iam::123456789012:user/<eve&"mallory">', 'arn:aws:iam::123456789012:user/bob'],
      },
    ]);
    expect(gateExit(current, baseline)).toBe(EXIT.gaps);
    expect(gateExit(current, baseline, 'error')).toBe(EXIT.ok);
    expect(gateExit(current, baseline, 'never')).toBe(EXIT.ok);
  });

  it('a control missing from the baseline that fails now is new', () => {
    const baseline = sampleResults({ statuses: complete });
    baseline.controls = baseline.controls.filter((c) => c.id !== 'IAM-01');
    expect(newFailures(sampleResults({ statuses: complete }), baseline).map((n) => [n.control, n.was])).toEqual([['IAM-01', undefined]]);
  });

  it('incomplete evidence is still exit 3, even when the baseline had the same error', () => {
    const baseline = sampleResults();
    const current = sampleResults();
    expect(newFailures(current, baseline)).toEqual([]);
    expect(gateExit(current, baseline)).toBe(EXIT.incomplete);
    const newError = newFailures(current, sampleResults({ statuses: complete }));
    expect(newError.map((n) => [n.control, n.status, n.was])).toEqual([['GH-01', 'error', 'pass']]);
  });

  it('a control that errored before and fails now is a new failure (the gap was not known)', () => {
    const baseline = sampleResults({ statuses: { 'IAM-01': 'error', 'GH-01': 'pass' } });
    expect(gateExit(sampleResults({ statuses: complete }), baseline)).toBe(EXIT.gaps);
  });

  it('a control passing only by exception in the baseline that fails now is a new failure (the exception expired)', () => {
    // The baseline sealed OKTA-01 as pass (excepted); the exception has expired (or was removed from the config),
    // so re-scoring the baseline with today's config already shows it failing. Today it fails.
    const stored = sampleResults({ statuses: complete });
    const rescored = expireOkta(sampleResults({ statuses: complete }));
    const current = expireOkta(sampleResults({ statuses: complete }));
    expect(newFailures(current, { rescored, stored }).map((n) => [n.control, n.was, n.newResources])).toEqual([
      ['OKTA-01', 'pass (excepted)', ['okta:legacy@acme.example']],
    ]);
    expect(gateExit(current, { rescored, stored })).toBe(EXIT.gaps);
    // Re-scored with the exception still live, the baseline says pass (excepted) too.
    expect(newFailures(current, { rescored: stored }).map((n) => [n.control, n.was])).toEqual([['OKTA-01', 'pass (excepted)']]);
  });

  it('a known gap whose other resource was excepted and now fails is a new failure', () => {
    const baseline = sampleResults({ statuses: complete });
    const iam = baseline.checks.find((c) => c.control === 'IAM-01')!;
    const eve = iam.findings.find((f) => f.resource.includes('eve'))!;
    Object.assign(eve, { status: 'pass', excepted: { reason: 'break-glass', approvedBy: 'cto@acme.example', ticket: 'SEC-9', expires: '2026-11-30' } });
    const current = sampleResults({ statuses: complete });
    const fresh = newFailures(current, baseline);
    expect(fresh.map((n) => [n.control, n.was, n.newResources])).toEqual([['IAM-01', 'fail', ['arn:aws:iam::123456789012:user/<eve&"mallory">']]]);
    expect(gateExit(current, baseline)).toBe(EXIT.gaps);
  });
});

/** OKTA-01 after its exception lapsed: the covered finding fails again and so does the control. */
function expireOkta(r: ReturnType<typeof sampleResults>): ReturnType<typeof sampleResults> {
  const okta = r.controls.find((c) => c.id === 'OKTA-01')!;
  Object.assign(okta, { status: 'fail', failing: 1, excepted: 0 });
  const check = r.checks.find((c) => c.control === 'OKTA-01')!;
  check.status = 'fail';
  check.findings = check.findings.map((f) => ({ ...f, status: 'fail' as const, excepted: { ...f.excepted!, expired: true } }));
  return r;
}
