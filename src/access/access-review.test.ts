import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCredentialReportRow } from '../evidence/credential-report.js';
import { parse } from 'csv-parse/sync';
import { judge } from '../../test/helpers/evidence.js';
import { writeSyntheticBundle } from '../../test/helpers/bundles.js';
import { accessReviewCompleted } from '../../controls/checks/access/access.review-completed.js';
import { parseReview, REVIEW_COLUMNS } from '../../collectors/roster/review-csv.js';
import type { CollectorEvent } from '../types.js';
import { populationOf, reviewBundleFor } from './population.js';
import { reviewWorksheet } from './review-export.js';
import { summarizeProblems } from './review-import.js';

const OKTA = 'acme.okta.com';
const ORG = 'acme-widgets';
const ACCT = '222222222222';

function events(type: string, scope: string, data: unknown[]): CollectorEvent[] {
  const source = { operation: 'test', fetchedAt: '2026-10-01T00:00:00Z' };
  return [{ kind: 'plan', type, scope }, ...data.map((d): CollectorEvent => ({ kind: 'record', type, scope, source, data: d })), { kind: 'done', type, scope }];
}

describe('access review: which bundle a quarter reviews', () => {
  it('uses the last bundle inside the quarter, else the first one after it, and says which', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-ar-'));
    await writeSyntheticBundle(dir, new Date('2026-06-10T06:00:00Z'), [{ id: 'A', status: 'pass' }]);
    await writeSyntheticBundle(dir, new Date('2026-06-20T06:00:00Z'), [{ id: 'A', status: 'pass' }]);
    await writeSyntheticBundle(dir, new Date('2026-10-03T06:00:00Z'), [{ id: 'A', status: 'pass' }]);
    await writeSyntheticBundle(dir, new Date('2026-10-04T06:00:00Z'), [{ id: 'A', status: 'pass' }]);
    expect(await reviewBundleFor(dir, '2026Q2')).toMatchObject({ name: '2026-06-20T060000Z', inside: true });
    // Nothing was collected in Q3: the population is the first bundle after it.
    expect(await reviewBundleFor(dir, '2026Q3')).toMatchObject({ name: '2026-10-03T060000Z', inside: false });
    expect(await reviewBundleFor(dir, '2026Q4')).toMatchObject({ name: '2026-10-04T060000Z', inside: true });
    expect(await reviewBundleFor(dir, '2027Q1')).toBeUndefined();
  });
});

describe('access review worksheet', () => {
  it('carries what a reviewer decides on: admin roles (not the Okta status), groups, permissions, last sign-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc2-ar-'));
    const evs = [
      ...events('okta.user', OKTA, [
        { id: '00u1', login: 'ann@acme.example', email: 'ann@acme.example', status: 'ACTIVE', lastLogin: '2026-09-30T08:00:00.000Z' },
        { id: '00u2', login: 'bob@acme.example', email: 'bob@acme.example', status: 'SUSPENDED', lastLogin: null },
      ]),
      ...events('okta.admin-role', OKTA, [
        {
          userId: '00u1',
          login: 'ann@acme.example',
          userStatus: 'ACTIVE',
          roleType: 'SUPER_ADMIN',
          roleLabel: 'Super Administrator',
          assignmentType: 'USER',
          status: 'ACTIVE',
        },
      ]),
      ...events('github.org.member', ORG, [
        { login: 'ann', id: 1, role: 'admin', type: 'User' },
        { login: 'bob', id: 2, role: 'member', type: 'User' },
      ]),
      ...events('github.org.outside-collaborator', ORG, [{ login: 'jo', id: 3 }]),
      ...events('github.org.settings', ORG, [
        {
          login: ORG,
          id: 9,
          defaultRepositoryPermission: 'read',
          twoFactorRequirementEnabled: true,
          membersCanCreatePublicRepositories: false,
          membersCanCreateRepositories: false,
          unknown: [],
        },
      ]),
      ...events('github.repo.outside-collaborator', `${ORG}/api`, [{ repo: 'api', login: 'jo', permission: 'admin' }]),
      ...events('aws.iam.credential-report', ACCT, [
        {
          account: ACCT,
          rows: [
            parseCredentialReportRow({
              user: 'deploy',
              arn: `arn:aws:iam::${ACCT}:user/deploy`,
              password_enabled: 'true',
              password_last_used: '2026-09-29T10:00:00+00:00',
              mfa_active: 'true',
              access_key_1_active: 'false',
              access_key_2_active: 'false',
            }),
          ],
        },
      ]),
      ...events('aws.iam.authorization-details', ACCT, [
        {
          account: ACCT,
          kind: 'user',
          name: 'deploy',
          arn: `arn:aws:iam::${ACCT}:user/deploy`,
          groups: ['Admins', 'Billing'],
          attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
          inlinePolicies: [{ name: 'deploy-s3', document: {} }],
        },
      ]),
    ];
    const b = await writeSyntheticBundle(dir, new Date('2026-09-30T12:00:00Z'), [{ id: 'A', status: 'pass' }], evs);
    const pop = populationOf(b.dir, b.name);
    const rows = (system: 'okta' | 'github' | 'aws') => parse<Record<string, string>>(reviewWorksheet(pop, '2026Q3', system).csv, { columns: true });
    expect(Object.keys(rows('okta')[0]!)).toEqual([...REVIEW_COLUMNS]);
    expect(rows('okta').map((r) => [r.account, r.role, r.status, r.lastSignIn])).toEqual([
      ['ann@acme.example', 'Super Administrator', 'ACTIVE', '2026-09-30T08:00:00.000Z'],
      ['bob@acme.example', 'user', 'SUSPENDED', ''],
    ]);
    expect(rows('github').map((r) => [r.account, r.role, r.permissions])).toEqual([
      ['ann', 'owner', 'admin of every repository'],
      ['bob', 'member', 'base: read'],
      ['jo', 'outside collaborator', 'api: admin'],
    ]);
    expect(rows('aws').map((r) => [r.account, r.role, r.groups, r.permissions, r.lastSignIn])).toEqual([
      ['deploy', 'console', 'Admins; Billing', 'ReadOnlyAccess; deploy-s3 (inline)', '2026-09-29T10:00:00+00:00'],
    ]);
  });
});

describe('access review import problems', () => {
  it('sums up a half-filled sheet per problem kind, with counts and the first rows, not one line per row', () => {
    const header = REVIEW_COLUMNS.join(',');
    const rows = Array.from(
      { length: 998 },
      (_, i) =>
        `2026Q3,2026-09-30T120000Z,github,acme,u${i},u${i},,,unlinked,member,active,,base: read,yes,,${i < 3 ? 'keep,cto@acme.example,2026-10-02' : i % 2 ? ',,' : 'maybe,cto@acme.example,2026-10-02'}`,
    );
    const parsed = parseReview([header, ...rows].join('\n'), 'sheet.csv');
    expect(parsed.problems.length).toBeGreaterThan(998);
    const lines = summarizeProblems(parsed.problems);
    expect(lines).toEqual([
      "sheet.csv:5:16  decision  expected keep or revoke, got ''  — 498 rows like this (lines 5, 7, 9, 11, 13, …)",
      'sheet.csv:5:17  reviewer  reviewer is empty: who took the decision?  — 498 rows like this (lines 5, 7, 9, 11, 13, …)',
      "sheet.csv:5:18  reviewedOn  expected a date YYYY-MM-DD, got ''  — 498 rows like this (lines 5, 7, 9, 11, 13, …)",
      "sheet.csv:6:16  decision  expected keep or revoke, got 'maybe'  — 497 rows like this (lines 6, 8, 10, 12, 14, …)",
    ]);
  });
});

describe('revocations have a grace period', () => {
  const asOfBundle = '2026-10-01T12:00:00Z';
  const spec = (asOf: string) => ({
    records: {
      'github.org.member': {
        [ORG]: [
          { login: 'gh0', role: 'member' },
          { login: 'ghost', role: 'member' },
        ],
      },
      'access.review': {
        'access-reviews': [
          {
            quarter: '2026Q3',
            system: 'github',
            bundle: '2026-10-01T120000Z',
            bundleAsOf: asOfBundle,
            file: '2026Q3-github.csv',
            sha256: 'a'.repeat(64),
            population: [
              { key: 'gh0', name: 'gh0' },
              { key: 'ghost', name: 'ghost' },
            ],
            rows: [
              { key: 'gh0', account: 'gh0', person: '', decision: 'keep', reviewer: 'cto@acme.example', reviewedOn: '2026-10-05' },
              { key: 'ghost', account: 'ghost', person: '', decision: 'revoke', reviewer: 'cto@acme.example', reviewedOn: '2026-10-05' },
            ],
          },
        ],
      },
    } as Record<string, Record<string, unknown[]>>,
    asOf,
  });
  const ghost = (asOf: string, params: Record<string, unknown> = {}) =>
    judge(accessReviewCompleted, spec(asOf), { systems: ['github'], ...params }, new Date(asOf)).findings.find(
      (f) => f.resource === 'access-review:2026Q3/github ghost',
    )!;

  it('a still-active revoked account passes as pending within revokeWithinDays (default 7) and fails after', () => {
    expect(ghost('2026-10-12T23:00:00Z')).toMatchObject({ status: 'pass', reason: expect.stringContaining('within the 7-day grace (due by 2026-10-12)') });
    expect(ghost('2026-10-13T01:00:00Z')).toMatchObject({ status: 'fail', reason: expect.stringContaining('due by 2026-10-12, but it is still active') });
    expect(ghost('2026-10-13T01:00:00Z', { revokeWithinDays: 14 }).status).toBe('pass');
    expect(ghost('2026-10-06T01:00:00Z', { revokeWithinDays: 0 }).status).toBe('fail');
  });
});
