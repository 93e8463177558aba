import { describe, expect, it } from 'vitest';
import type { CheckResult, ControlResult, Results } from '../engine/results.js';
import { controlOfBody, issueBody, marker } from './issue-body.js';
import { planActions, type ExistingIssue } from './plan.js';

const bundle = { name: '2026-11-01T120000Z', digest: 'ab'.repeat(32) };

function control(id: string, status: ControlResult['status'], extra: Partial<ControlResult> = {}): ControlResult {
  return {
    id,
    title: `Title ${id}`,
    criteria: ['CC6.1'],
    severity: 'high',
    owner: 'sec@x.example',
    status,
    failing: 0,
    excepted: 0,
    checks: [`${id}.check`],
    manual: [],
    ...extra,
  };
}

function check(c: string, status: CheckResult['status'], findings: CheckResult['findings'] = [], remediation = `Fix ${c}.`): CheckResult {
  return { check: `${c}.check`, control: c, title: c, status, params: {}, requires: [], findings, errors: [], remediation };
}

function results(controls: ControlResult[], checks: CheckResult[]): Results {
  return {
    schemaVersion: 1,
    organization: 'T',
    asOf: '2026-11-01T12:00:00Z',
    period: { start: '2026-01-01', end: '2026-12-31' },
    controlMapDigest: 'x',
    summary: { pass: 0, fail: 0, error: 0, manual: 0, 'not-applicable': 0, controls: controls.length, skipped: 0 },
    controls,
    criteria: [],
    checks,
    exceptions: [],
    skipped: [],
  };
}

const issue = (number: number, control: string, state: 'open' | 'closed', body = marker(control)): ExistingIssue => ({
  number,
  url: `u/${number}`,
  state,
  title: 't',
  body,
  labels: [],
  assignees: [],
});
const opts = { labels: ['soc2'], assignFromOwner: true, logins: new Map([['sec@x.example', 'alice']]) };

describe('planActions', () => {
  it('acts on failing, erroring and passing controls only; manual ones are left alone', () => {
    const r = results(
      [control('A', 'fail'), control('B', 'error'), control('C', 'pass', { excepted: 2 }), control('D', 'manual'), control('E', 'not-applicable')],
      [check('A', 'fail', [{ status: 'fail', resource: 'r1', reason: 'bad', evidence: 'x' }]), check('B', 'error'), check('C', 'pass')],
    );
    const plan = planActions(r, bundle, [issue(1, 'C', 'open'), issue(2, 'D', 'open'), issue(3, 'E', 'closed')], opts);
    expect(plan.map((a) => [a.kind, a.control, a.assignee])).toEqual([
      ['open', 'A', 'alice'],
      ['open', 'B', 'alice'],
      ['close', 'C', 'alice'],
    ]);
    expect(plan[2]!.comment).toBe(
      `C passes in bundle \`${bundle.name}\` (sha256:${bundle.digest}) with 2 finding(s) covered by approved exceptions; closed by \`soc2 remediate\`.`,
    );
  });

  it('keeps the oldest issue of a control and closes later ones as duplicates', () => {
    const r = results([control('A', 'fail')], [check('A', 'fail')]);
    const plan = planActions(r, bundle, [issue(9, 'A', 'open'), issue(4, 'A', 'open')], opts);
    expect(plan.map((a) => [a.kind, a.issue?.number, a.duplicateOf])).toEqual([
      ['close-duplicate', 9, 4],
      ['update', 4, undefined],
    ]);
  });

  it('writes the remediation of failing checks only, and a finding cannot forge a marker or mention anyone', () => {
    const c = control('A', 'fail');
    const body = issueBody(
      c,
      [
        check('A', 'fail', [{ status: 'fail', resource: 'r`1', reason: `${marker('Z')} @everyone <b>`, evidence: 'data/records/x.jsonl#L1' }]),
        { ...check('A', 'pass'), check: 'A.other', remediation: 'Not this one.' },
      ],
      bundle,
      { email: 'sec@x.example', login: 'alice' },
    );
    expect(controlOfBody(body)).toBe('A');
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body).toContain('- `A.check`: Fix A.');
    expect(body).not.toContain('Not this one.');
    expect(body).not.toContain('@everyone');
    expect(body).not.toContain('data/records');
    expect(body).toContain("`r'1`");
    expect(body).toContain('- Owner: sec@x.example (@alice)');
  });
});
