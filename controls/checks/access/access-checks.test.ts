import { describe, expect, it } from 'vitest';
import { parseCredentialReportRow } from '../../../src/evidence/credential-report.js';
import { judge } from '../../../test/helpers/evidence.js';
import { accessLeaversRemoved } from './access.leavers-removed.js';
import { accessMfaPerPerson } from './access.mfa-per-person.js';
import { accessOffboardingSla } from './access.offboarding-sla.js';
import { accessOrphanAccounts } from './access.orphan-accounts.js';
import { accessReviewCompleted } from './access.review-completed.js';

const asOf = new Date('2026-11-22T12:00:00Z');
const OKTA = 'acme.okta.com';
const ORG = 'acme-widgets';
const ACCT = '222222222222';

/** 200 people; every 4th has GitHub, every 10th AWS. Planted: p7 left (GitHub still member), p13 left
 *  (Okta still ACTIVE), p21 left, suspended in Okta on the 4th business day, p8 has no GitHub 2FA, `ghost` is an orphan. */
function org() {
  const people = Array.from({ length: 200 }, (_, i) => ({
    name: `Person ${i}`,
    email: `p${i}@acme.example`,
    startDate: '2024-01-01',
    endDate: [7, 13, 21].includes(i) ? '2026-11-13' : null,
    github: i % 4 === 0 || i === 7 ? `gh${i}` : null,
    aws: i % 10 === 0 ? `u${i}` : null,
  }));
  const left = (i: number) => [7, 13, 21].includes(i);
  const okta = people.map((p, i) => ({
    id: `00u${i}`,
    login: p.email,
    email: p.email,
    status: left(i) && i !== 13 ? 'DEPROVISIONED' : 'ACTIVE',
    lastLogin: '2026-11-01T00:00:00Z',
  }));
  const factors = okta
    .filter((u) => u.status === 'ACTIVE')
    .map((u) => ({ userId: u.id, login: u.login, status: u.status, factors: [{ factorType: 'push', status: 'ACTIVE' }] }));
  const members = people.filter((p) => p.github).map((p) => ({ login: p.github!, role: 'member' }));
  members.push({ login: 'ghost', role: 'member' });
  const rows = people
    .filter((p) => p.aws)
    .map((p) => ({ user: p.aws!, arn: `arn:aws:iam::${ACCT}:user/${p.aws}`, password_enabled: 'true', mfa_active: 'true' }));
  rows.push({ user: 'ci-bot', arn: `arn:aws:iam::${ACCT}:user/ci-bot`, password_enabled: 'false', mfa_active: 'false', access_key_1_active: 'true' } as never);
  const event = (login: string, type: string, at: string) => ({
    uuid: `${login}-${type}`,
    published: at,
    eventType: type,
    target: [{ id: login, type: 'User', alternateId: login }],
  });
  const lifecycle = [
    event('p7@acme.example', 'user.lifecycle.deactivate', '2026-11-14T09:00:00Z'),
    event('p21@acme.example', 'user.lifecycle.suspend', '2026-11-19T09:00:00Z'),
  ];
  return {
    records: {
      'roster.person': { roster: people },
      'roster.link': { roster: [] },
      'okta.user': { [OKTA]: okta },
      'okta.user.factors': { [OKTA]: factors },
      'okta.log.user-lifecycle': { [OKTA]: lifecycle },
      'github.org.member': { [ORG]: members },
      'github.org.member-without-2fa': { [ORG]: [{ login: 'gh8' }] },
      'github.org.outside-collaborator': { [ORG]: [] },
      'aws.iam.credential-report': { [ACCT]: [{ account: ACCT, rows: rows.map(parseCredentialReportRow) }] },
      'aws.cloudtrail.event': { [`${ACCT}/us-east-1`]: [] },
      'access.review': { 'access-reviews': [] as unknown[] },
    } as Record<string, Record<string, unknown[]>>,
  };
}
const fails = (r: ReturnType<typeof judge>) => r.findings.filter((f) => f.status === 'fail').map((f) => f.resource);

describe('access checks over a 200-person roster', () => {
  it('finds leavers with access in one system, per person and system', () => {
    const r = judge(accessLeaversRemoved, org(), {}, asOf);
    expect(r.status).toBe('fail');
    expect(fails(r).sort()).toEqual(['person:p13@acme.example okta:p13@acme.example', `person:p7@acme.example github:${ORG}/@gh7`]);
    expect(r.findings.find((f) => f.resource === 'person:p21@acme.example')?.status).toBe('pass');
  });

  it('measures offboarding from lifecycle events and flags the late one', () => {
    const r = judge(accessOffboardingSla, org(), {}, asOf);
    expect(fails(r)).toContain('person:p21@acme.example okta:p21@acme.example');
    expect(r.findings.find((f) => f.resource === 'person:p7@acme.example okta:p7@acme.example')?.status).toBe('pass');
    expect(r.findings.find((f) => f.resource.includes('p21'))?.reason).toMatch(/4 business day\(s\)/);
    expect(judge(accessOffboardingSla, org(), { maxDays: 5 }, asOf).findings.filter((f) => f.resource.includes('p21'))[0]?.status).toBe('pass');
  });

  it('reports unlinked accounts as orphans unless listed with a current owner', () => {
    const r = judge(accessOrphanAccounts, org(), {}, asOf);
    expect(fails(r).sort()).toEqual([`arn:aws:iam::${ACCT}:user/ci-bot`, `github:${ORG}/@ghost`]);
    const listed = judge(
      accessOrphanAccounts,
      org(),
      {
        serviceAccounts: [
          { system: 'aws', account: 'ci-*', owner: 'p0@acme.example' },
          { system: 'github', account: 'ghost', owner: 'p7@acme.example' },
        ],
      },
      asOf,
    );
    expect(fails(listed)).toEqual([`github:${ORG}/@ghost`]);
    expect(listed.findings.find((f) => f.resource.endsWith('ghost'))?.reason).toMatch(/not a current person/);
  });

  it('finds the linked person without GitHub 2FA', () => {
    const r = judge(accessMfaPerPerson, org(), {}, asOf);
    expect(fails(r)).toEqual([`person:p8@acme.example github:${ORG}/@gh8`]);
    expect(r.findings.length).toBeGreaterThan(250);
  });

  it('is error, not pass, when an account source failed', () => {
    const spec = { ...org(), errors: [{ type: 'github.org.member', scope: ORG, cause: 'denied' as const }] };
    spec.records['github.org.member'] = {};
    expect(judge(accessMfaPerPerson, spec, {}, asOf).status).toBe('error');
  });

  it('judges access reviews: missing, incomplete coverage, revoke carried out or not', () => {
    expect(fails(judge(accessReviewCompleted, org(), { systems: ['github'] }, asOf))).toEqual(['access-review:2026Q3/github']);
    const spec = org();
    const population = [
      { key: 'gh0', name: 'gh0' },
      { key: 'ghost', name: 'ghost' },
      { key: 'gh4', name: 'gh4' },
    ];
    const review = (rows: Array<{ key: string; decision: string }>) => ({
      quarter: '2026Q3',
      system: 'github',
      bundle: '2026-09-15T120000Z',
      bundleAsOf: '2026-09-15T12:00:00Z',
      file: '2026Q3-github.csv',
      sha256: 'a'.repeat(64),
      population,
      rows: rows.map((r) => ({ ...r, account: r.key, person: '', reviewer: 'cto@acme.example', reviewedOn: '2026-09-20' })),
    });
    spec.records['access.review'] = {
      'access-reviews': [
        review([
          { key: 'gh0', decision: 'keep' },
          { key: 'ghost', decision: 'revoke' },
          { key: 'gh4', decision: 'keep' },
        ]),
      ],
    };
    expect(fails(judge(accessReviewCompleted, spec, { systems: ['github'] }, asOf))).toEqual(['access-review:2026Q3/github ghost']);
    spec.records['github.org.member'] = { [ORG]: (spec.records['github.org.member']![ORG] as Array<{ login: string }>).filter((m) => m.login !== 'ghost') };
    const done = judge(accessReviewCompleted, spec, { systems: ['github'] }, asOf);
    expect(done.status).toBe('pass');
    spec.records['access.review'] = { 'access-reviews': [review([{ key: 'gh0', decision: 'keep' }])] };
    expect(judge(accessReviewCompleted, spec, { systems: ['github'] }, asOf).findings[0]?.reason).toMatch(/2 of 3 accounts .* have no decision/);
  });
});
