import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticBundle } from '../../test/helpers/bundles.js';
import { readBundle } from '../bundle/reader.js';
import type { ExceptionUse } from '../engine/results.js';
import type { CollectorEvent } from '../types.js';
import { diffBundles, diffResults, type BundleDiff } from './diff.js';
import { fallbackKeys, keysOf } from './identity.js';

const source = { operation: 'test', fetchedAt: '2026-06-01T00:00:00Z' };

function scope(type: string, sc: string, data: unknown[], done = true): CollectorEvent[] {
  return [
    { kind: 'plan', type, scope: sc },
    ...data.map((d) => ({ kind: 'record' as const, type, scope: sc, source, data: d })),
    ...(done ? [{ kind: 'done' as const, type, scope: sc }] : []),
  ];
}

const user = (login: string, status = 'ACTIVE') => ({ id: `00u${login}`, login, status });
let dir: string;
let d: BundleDiff;
let names: { old: string; new: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc2-diff-'));
  const a = await writeSyntheticBundle(
    dir,
    new Date('2026-06-01T12:00:00Z'),
    [
      { id: 'AC-01', status: 'pass' },
      { id: 'CH-01', status: 'fail', failing: [{ resource: 'github:acme/api', reason: 'branch not protected' }] },
    ],
    [
      ...scope('okta.user', 'acme.okta.com', [user('alice@acme.example'), user('bob@acme.example')]),
      ...scope('github.org.member', 'acme', [{ login: 'octo', id: 1 }]),
      ...scope('github.org.member', 'other', [{ login: 'x', id: 9 }]),
      ...scope('aws.iam.credential-report', '123456789012', [
        {
          rows: [
            { user: '<root_account>', arn: 'arn:aws:iam::123456789012:root' },
            { user: 'ci', arn: 'arn:aws:iam::123456789012:user/ci' },
          ],
        },
      ]),
      ...scope('github.repo', 'acme', [{ name: 'api' }]),
    ],
  );
  const b = await writeSyntheticBundle(
    dir,
    new Date('2026-06-02T12:00:00Z'),
    [
      { id: 'AC-01', status: 'fail', failing: [{ resource: 'okta:carol@acme.example', reason: 'no MFA factor enrolled' }] },
      { id: 'CH-01', status: 'pass' },
    ],
    [
      ...scope('okta.user', 'acme.okta.com', [user('alice@acme.example'), user('bob@acme.example', 'DEPROVISIONED'), user('carol@acme.example')]),
      ...scope('github.org.member', 'acme', [
        { login: 'octo', id: 1 },
        { login: 'newbie', id: 2 },
      ]),
      // Not finished in the new run: its members must not be read as leavers.
      ...scope('github.org.member', 'other', [], false),
      ...scope('aws.iam.credential-report', '123456789012', [{ rows: [{ user: '<root_account>', arn: 'arn:aws:iam::123456789012:root' }] }]),
      ...scope('okta.group', 'acme.okta.com', [{ id: 'g1', name: 'Everyone' }]),
    ],
  );
  names = { old: a.name, new: b.name };
  d = await diffBundles(a.dir, b.dir, names);
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('diffBundles', () => {
  it('reports controls and findings that newly fail or were resolved', () => {
    expect(d.old).toEqual({ bundle: names.old, asOf: '2026-06-01T12:00:00.000Z' });
    expect(d.controls.newlyFailing).toEqual([{ id: 'AC-01', title: 'Control AC-01', old: 'pass', new: 'fail' }]);
    expect(d.controls.resolved).toEqual([{ id: 'CH-01', title: 'Control CH-01', old: 'fail', new: 'pass' }]);
    expect(d.findings.newlyFailing).toEqual([
      { control: 'AC-01', check: 'ac-01.check', resource: 'okta:carol@acme.example', reason: 'no MFA factor enrolled' },
    ]);
    expect(d.findings.resolved).toEqual([{ control: 'CH-01', check: 'ch-01.check', resource: 'github:acme/api', reason: 'branch not protected' }]);
  });

  it('lists joiners and leavers per identity type, comparing only scopes complete in both runs', () => {
    const byType = Object.fromEntries(d.resources.map((r) => [r.type, r]));
    expect(Object.keys(byType)).toEqual(['aws.iam.credential-report', 'github.org.member', 'okta.user']);
    expect(byType['okta.user']).toEqual({
      type: 'okta.user',
      identity: true,
      scopes: 1,
      skippedScopes: [],
      appeared: [{ scope: 'acme.okta.com', key: 'okta:carol@acme.example' }],
      disappeared: [{ scope: 'acme.okta.com', key: 'okta:bob@acme.example' }],
      unkeyed: { old: 0, new: 1 },
    });
    expect(byType['github.org.member']).toMatchObject({
      scopes: 1,
      skippedScopes: ['other'],
      appeared: [{ scope: 'acme', key: 'github:acme/@newbie' }],
      disappeared: [],
    });
    expect(byType['aws.iam.credential-report']).toMatchObject({
      appeared: [],
      disappeared: [{ scope: '123456789012', key: 'arn:aws:iam::123456789012:user/ci' }],
    });
    expect(d.types).toEqual({ onlyInOld: ['github.repo'], onlyInNew: ['okta.group'] });
  });
});

describe('diffResults', () => {
  it('reports exceptions added, removed and expired since the old run', () => {
    const a = structuredClone(readBundle(join(dir, names.old)).results);
    const b = structuredClone(readBundle(join(dir, names.new)).results);
    const ex = (resource: string, ticket: string, expires: string, expired?: boolean): ExceptionUse => ({
      control: 'CH-01',
      resource,
      ticket,
      reason: 'legacy',
      approvedBy: 'cto@acme.example',
      expires,
      covered: 1,
      ...(expired ? { expired } : {}),
    });
    a.exceptions = [ex('github:acme/old', 'SEC-1', '2026-12-31'), ex('github:acme/legacy', 'SEC-2', '2026-06-01')];
    b.exceptions = [ex('github:acme/legacy', 'SEC-2', '2026-06-01', true), ex('github:acme/new', 'SEC-3', '2026-09-30')];
    const r = diffResults(a, b);
    expect(r.exceptions.added.map((e) => e.ticket)).toEqual(['SEC-3']);
    expect(r.exceptions.removed.map((e) => e.ticket)).toEqual(['SEC-1']);
    expect(r.exceptions.expired).toEqual([
      { control: 'CH-01', resource: 'github:acme/legacy', ticket: 'SEC-2', reason: 'legacy', approvedBy: 'cto@acme.example', expires: '2026-06-01' },
    ]);
  });

  it('names resources by the identity table, else arn, login, id, name', () => {
    expect(keysOf('github.org.outside-collaborator', { login: 'c' }, 'acme')).toEqual(['github:acme/@c']);
    expect(keysOf('okta.admin-role', { login: 'a@x', roleType: 'SUPER_ADMIN' }, 'x')).toEqual(['okta:a@x SUPER_ADMIN']);
    expect(fallbackKeys({ arn: 'arn:1', login: 'l' })).toEqual(['arn:1']);
    expect(fallbackKeys({ id: 42, name: 'n' })).toEqual(['42']);
    expect(fallbackKeys({ name: 'n' })).toEqual(['n']);
    expect(fallbackKeys({ other: 1 })).toEqual([]);
  });
});

describe('diffResults on a newly excepted finding', () => {
  it('calls it excepted, not resolved: the failure is waived, not fixed', () => {
    const a = structuredClone(readBundle(join(dir, names.old)).results);
    const b = structuredClone(a);
    b.asOf = '2026-06-02T12:00:00.000Z';
    const ch = b.controls.find((c) => c.id === 'CH-01')!;
    Object.assign(ch, { status: 'pass', failing: 0, excepted: 1 });
    const check = b.checks.find((c) => c.control === 'CH-01')!;
    check.status = 'pass';
    check.findings = check.findings.map((f) => ({
      ...f,
      status: 'pass' as const,
      excepted: { reason: 'archived', approvedBy: 'cto@acme.example', ticket: 'SEC-7', expires: '2026-12-31' },
    }));
    const r = diffResults(a, b);
    expect(r.controls.resolved).toEqual([]);
    expect(r.controls.excepted.map((c) => [c.id, c.old, c.new])).toEqual([['CH-01', 'fail', 'excepted']]);
    expect(r.findings.resolved).toEqual([]);
    expect(r.findings.excepted).toEqual([
      { control: 'CH-01', check: 'ch-01.check', resource: 'github:acme/api', reason: 'branch not protected', ticket: 'SEC-7', expires: '2026-12-31' },
    ]);
  });
});
