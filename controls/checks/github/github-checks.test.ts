import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { githubChecks } from './index.js';

const check = (id: string) => githubChecks.find((c) => c.meta.id === id)!;
const O = 'acme';
const repo = (name: string) => ({ name, fullName: `${O}/${name}`, url: `https://github.com/${O}/${name}`, visibility: 'private', defaultBranch: 'main' });
const settings = (over: Record<string, unknown> = {}) => ({
  'github.org.settings': { [O]: [{ login: O, twoFactorRequirementEnabled: true, defaultRepositoryPermission: 'read', unknown: [], ...over }] },
});
const classic = (name: string, over: Record<string, unknown> = {}) => ({
  repo: `${O}/${name}`,
  branch: 'main',
  protected: true,
  requiredApprovingReviewCount: 1,
  dismissStaleReviews: true,
  enforceAdmins: true,
  allowForcePushes: false,
  allowDeletions: false,
  bypassPullRequestAllowances: [],
  ...over,
});
const unprotected = (name: string) => ({
  repo: `${O}/${name}`,
  branch: 'main',
  protected: false,
  requiredApprovingReviewCount: null,
  dismissStaleReviews: null,
  enforceAdmins: null,
  allowForcePushes: null,
  allowDeletions: null,
  bypassPullRequestAllowances: [],
});
const orgRuleset = (name: string) => ({
  repo: `${O}/${name}`,
  branch: 'main',
  rules: [
    {
      type: 'pull_request',
      parameters: { requiredApprovingReviewCount: 1, dismissStaleReviewsOnPush: true },
      rulesetName: 'baseline',
      sourceType: 'Organization',
      bypassActors: [],
    },
    { type: 'non_fast_forward', parameters: null, rulesetName: 'baseline', sourceType: 'Organization', bypassActors: [] },
    { type: 'deletion', parameters: null, rulesetName: 'baseline', sourceType: 'Organization', bypassActors: [] },
  ],
});
const repoEvidence = (name: string, prot: unknown, rules: unknown) => ({
  'github.repo': { [O]: [repo(name)] },
  'github.repo.branch-protection': { [`${O}/${name}`]: [prot] },
  'github.repo.rules': { [`${O}/${name}`]: [rules] },
});
const none = (name: string) => ({ repo: `${O}/${name}`, branch: 'main', rules: [] });
const emptyRepos = {
  'github.repo': { [O]: [] },
  'github.repo.branch-protection': { [O]: [] },
  'github.repo.rules': { [O]: [] },
  'github.repo.security': { [O]: [] },
  'github.repo.dependabot': { [O]: [] },
};

describe('github org checks', () => {
  it('two-factor-required / base-permission', () => {
    expect(judge(check('github.org.two-factor-required'), { records: settings() }).status).toBe('pass');
    expect(judge(check('github.org.two-factor-required'), { records: settings({ twoFactorRequirementEnabled: false }) }).status).toBe('fail');
    expect(judge(check('github.org.two-factor-required'), { errors: [{ type: 'github.org.settings', scope: O }] }).status).toBe('error');
    expect(judge(check('github.org.base-permission'), { records: settings({ defaultRepositoryPermission: 'write' }) }).status).toBe('fail');
    expect(judge(check('github.org.base-permission'), { records: settings({ defaultRepositoryPermission: 'none' }) }).status).toBe('pass');
    expect(judge(check('github.org.base-permission'), { errors: [{ type: 'github.org.settings', scope: O }] }).status).toBe('error');
  });

  it('members-without-2fa and owner-count', () => {
    const members = {
      [O]: [
        { login: 'a', role: 'admin' },
        { login: 'b', role: 'admin' },
        { login: 'c', role: 'member' },
      ],
    };
    const no2fa = check('github.org.members-without-2fa');
    expect(judge(no2fa, { records: { 'github.org.member': members, 'github.org.member-without-2fa': { [O]: [] } } }).status).toBe('pass');
    const bad = judge(no2fa, { records: { 'github.org.member': members, 'github.org.member-without-2fa': { [O]: [{ login: 'c' }] } } });
    expect(bad.status).toBe('fail');
    expect(bad.findings.find((f) => f.status === 'fail')!.resource).toBe(`github:${O}/@c`);
    expect(judge(no2fa, { records: { 'github.org.member': members }, errors: [{ type: 'github.org.member-without-2fa', scope: O }] }).status).toBe('error');
    expect(judge(no2fa, { records: { 'github.org.member': { [O]: [] }, 'github.org.member-without-2fa': { [O]: [] } } }).status).toBe('not-applicable');
    const owners = check('github.org.owner-count');
    expect(judge(owners, { records: { 'github.org.member': members } }).status).toBe('pass');
    expect(judge(owners, { records: { 'github.org.member': { [O]: [{ login: 'a', role: 'admin' }] } } }).status).toBe('fail');
    expect(judge(owners, { records: { 'github.org.member': members } }, { max: 1 }).status).toBe('fail');
    expect(judge(owners, { records: { 'github.org.member': { [O]: [] } } }).status).toBe('not-applicable');
    expect(judge(owners, { errors: [{ type: 'github.org.member', scope: O }] }).status).toBe('error');
  });

  it('outside-collaborators-admin', () => {
    const c = check('github.org.outside-collaborators-admin');
    expect(judge(c, { records: { 'github.repo.outside-collaborator': { [`${O}/x`]: [{ repo: `${O}/x`, login: 'jo', permission: 'admin' }] } } }).status).toBe(
      'fail',
    );
    expect(judge(c, { records: { 'github.repo.outside-collaborator': { [`${O}/x`]: [{ repo: `${O}/x`, login: 'jo', permission: 'read' }] } } }).status).toBe(
      'pass',
    );
    expect(judge(c, { records: { 'github.repo.outside-collaborator': { [`${O}/x`]: [] } } }).status).toBe('not-applicable');
    expect(judge(c, { errors: [{ type: 'github.repo.outside-collaborator', scope: `${O}/x` }] }).status).toBe('error');
  });
});

describe('github repo protection checks', () => {
  const ids = ['github.repo.default-branch-protected', 'github.repo.required-reviews', 'github.repo.no-force-push'];
  it.each(ids)('%s: classic passes, org ruleset alone passes, nothing fails, empty org is n/a, denied is error', (id) => {
    expect(judge(check(id), { records: repoEvidence('a', classic('a'), none('a')) }).status).toBe('pass');
    expect(judge(check(id), { records: repoEvidence('w', unprotected('w'), orgRuleset('w')) }).status).toBe('pass');
    const fail = judge(check(id), { records: repoEvidence('l', unprotected('l'), none('l')) });
    expect(fail.status).toBe('fail');
    expect(fail.findings[0]!.resource).toBe(`github:${O}/l`);
    expect(judge(check(id), { records: emptyRepos }).status).toBe('not-applicable');
    expect(
      judge(check(id), {
        records: { 'github.repo': { [O]: [repo('a')] }, 'github.repo.rules': { [`${O}/a`]: [none('a')] } },
        errors: [{ type: 'github.repo.branch-protection', scope: `${O}/a` }],
      }).status,
    ).toBe('error');
  });

  it('required-reviews judges approvals, stale dismissal, admin enforcement and bypass', () => {
    const c = check('github.repo.required-reviews');
    expect(judge(c, { records: repoEvidence('a', classic('a', { enforceAdmins: false }), none('a')) }).status).toBe('fail');
    expect(judge(c, { records: repoEvidence('a', classic('a', { dismissStaleReviews: false }), none('a')) }).status).toBe('fail');
    expect(judge(c, { records: repoEvidence('a', classic('a'), none('a')) }, { minApprovals: 2 }).status).toBe('fail');
    expect(judge(c, { records: repoEvidence('a', classic('a', { bypassPullRequestAllowances: ['ops'] }), none('a')) }).status).toBe('fail');
    expect(judge(c, { records: repoEvidence('a', classic('a', { bypassPullRequestAllowances: ['ops'] }), none('a')) }, { allowedBypass: ['ops'] }).status).toBe(
      'pass',
    );
  });

  it('no-force-push fails when force pushes are allowed and no ruleset blocks them', () => {
    expect(judge(check('github.repo.no-force-push'), { records: repoEvidence('p', classic('p', { allowForcePushes: true }), none('p')) }).status).toBe('fail');
    expect(judge(check('github.repo.no-force-push'), { records: repoEvidence('p', classic('p', { allowForcePushes: true }), orgRuleset('p')) }).status).toBe(
      'pass',
    );
  });
});

describe('github security and change checks', () => {
  const sec = (over: Record<string, unknown>) => ({
    'github.repo': { [O]: [repo('a')] },
    'github.repo.security': { [`${O}/a`]: [{ repo: `${O}/a`, secretScanning: 'enabled', pushProtection: 'enabled', ...over }] },
  });
  it('secret-scanning', () => {
    const c = check('github.repo.secret-scanning');
    expect(judge(c, { records: sec({}) }).status).toBe('pass');
    expect(judge(c, { records: sec({ secretScanning: 'disabled' }) }).status).toBe('fail');
    expect(judge(c, { records: sec({ pushProtection: 'disabled' }) }).status).toBe('fail');
    expect(judge(c, { records: sec({ pushProtection: 'disabled' }) }, { pushProtection: false }).status).toBe('pass');
    expect(judge(c, { records: emptyRepos }).status).toBe('not-applicable');
    expect(judge(c, { records: { 'github.repo': { [O]: [repo('a')] } }, errors: [{ type: 'github.repo.security', scope: `${O}/a` }] }).status).toBe('error');
  });

  it('dependabot', () => {
    const c = check('github.repo.dependabot');
    const dep = (over: Record<string, unknown>) => ({
      'github.repo': { [O]: [repo('a')] },
      'github.repo.dependabot': { [`${O}/a`]: [{ repo: `${O}/a`, alertsEnabled: true, openAlerts: [], ...over }] },
    });
    const alert = (createdAt: string, severity = 'critical') => ({
      number: 1,
      severity,
      createdAt,
      url: 'https://github.com/acme/a/security/dependabot/1',
      package: 'x',
    });
    expect(judge(c, { records: dep({}) }).status).toBe('pass');
    expect(judge(c, { records: dep({ alertsEnabled: false }) }).status).toBe('fail');
    expect(judge(c, { records: dep({ openAlerts: [alert('2026-09-01T00:00:00Z')] }) }).status).toBe('fail');
    expect(judge(c, { records: dep({ openAlerts: [alert('2026-11-10T00:00:00Z')] }) }).status).toBe('pass');
    expect(judge(c, { records: dep({ openAlerts: [alert('2026-09-01T00:00:00Z', 'high')] }) }).status).toBe('pass');
    expect(judge(c, { records: emptyRepos }).status).toBe('not-applicable');
    expect(judge(c, { records: { 'github.repo': { [O]: [repo('a')] } }, errors: [{ type: 'github.repo.dependabot', scope: `${O}/a` }] }).status).toBe('error');
  });

  it('pr.merged-with-review: unreviewed and self-approved PRs fail with their URL', () => {
    const c = check('github.pr.merged-with-review');
    const pr = (n: number, approvals: unknown[]) => ({
      repo: `${O}/a`,
      number: n,
      url: `https://github.com/${O}/a/pull/${n}`,
      author: 'dave',
      mergedAt: '2026-10-15T18:00:00Z',
      mergedBy: 'dave',
      approvals,
    });
    const out = judge(c, {
      records: {
        'github.pr.merged': {
          [`${O}/a`]: [
            pr(1, [{ login: 'bob', submittedAt: '2026-10-15T17:00:00Z' }]),
            pr(2, []),
            pr(3, [{ login: 'dave', submittedAt: '2026-10-15T17:00:00Z' }]),
            pr(4, [{ login: 'bob', submittedAt: '2026-10-16T00:00:00Z' }]),
          ],
        },
      },
    });
    expect(out.status).toBe('fail');
    expect(out.findings.filter((f) => f.status === 'fail').map((f) => f.reason.split(' ')[0])).toEqual(
      [2, 3, 4].map((n) => `https://github.com/${O}/a/pull/${n}`),
    );
    expect(judge(c, { records: { 'github.pr.merged': { [`${O}/a`]: [pr(1, [{ login: 'bob', submittedAt: '2026-10-15T17:00:00Z' }])] } } }).status).toBe('pass');
    expect(judge(c, { records: { 'github.pr.merged': { [`${O}/a`]: [] } } }).status).toBe('not-applicable');
    expect(judge(c, { errors: [{ type: 'github.pr.merged', scope: `${O}/a` }] }).status).toBe('error');
  });
});

describe('github org settings checks (issue 24)', () => {
  const flags = { membersCanCreatePublicRepositories: false, membersCanForkPrivateRepositories: false, membersCanChangeRepoVisibility: false };
  it.each([
    ['all off, base read', { ...flags }, {}, 'pass'],
    ['public repositories allowed', { ...flags, membersCanCreatePublicRepositories: true }, {}, 'fail'],
    ['forking private allowed', { ...flags, membersCanForkPrivateRepositories: true }, {}, 'fail'],
    ['visibility changes allowed', { ...flags, membersCanChangeRepoVisibility: true }, {}, 'fail'],
    ['base write above read', { ...flags, defaultRepositoryPermission: 'write' }, {}, 'fail'],
    ['base write within a write ceiling', { ...flags, defaultRepositoryPermission: 'write' }, { maxBasePermission: 'write' }, 'pass'],
    ['base read above a none ceiling', { ...flags }, { maxBasePermission: 'none' }, 'fail'],
    ['visibility not stated: a person confirms', { ...flags, membersCanChangeRepoVisibility: null }, {}, 'manual'],
  ] as const)('member-privileges: %s', (_name, over, params, status) => {
    expect(judge(check('github.org.member-privileges'), { records: settings(over) }, params as any).status).toBe(status);
  });

  it('member-privileges names the setting and is error when the settings were not read', () => {
    const r = judge(check('github.org.member-privileges'), { records: settings({ ...flags, membersCanForkPrivateRepositories: true }) });
    expect(r.findings.filter((f) => f.status === 'fail').map((f) => f.resource)).toEqual([`github:${O}:members_can_fork_private_repositories`]);
    expect(judge(check('github.org.member-privileges'), { errors: [{ type: 'github.org.settings', scope: O }] }).status).toBe('error');
  });

  const wf = (defaultWorkflowPermissions: string, canApprovePullRequestReviews: boolean) => ({
    'github.org.workflow-permissions': { [O]: [{ org: O, defaultWorkflowPermissions, canApprovePullRequestReviews }] },
  });
  it.each([
    ['read, cannot approve', wf('read', false), 'pass'],
    ['write token', wf('write', false), 'fail'],
    ['Actions may approve', wf('read', true), 'fail'],
  ] as const)('workflow-permissions: %s', (_name, records, status) => {
    expect(judge(check('github.org.workflow-permissions'), { records }).status).toBe(status);
  });

  it('workflow-permissions is error, never pass, when the owner-only endpoint was denied', () => {
    expect(judge(check('github.org.workflow-permissions'), { errors: [{ type: 'github.org.workflow-permissions', scope: O, cause: 'denied' }] }).status).toBe(
      'error',
    );
  });

  const collabs = {
    [O]: [
      { login: 'jo', id: 1 },
      { login: 'kim', id: 2 },
    ],
  };
  it.each([
    ['everyone has 2FA', { 'github.org.outside-collaborator': collabs, 'github.org.collaborator-without-2fa': { [O]: [] } }, 'pass'],
    ['kim has 2FA off', { 'github.org.outside-collaborator': collabs, 'github.org.collaborator-without-2fa': { [O]: [{ login: 'kim', id: 2 }] } }, 'fail'],
    ['no outside collaborators', { 'github.org.outside-collaborator': { [O]: [] }, 'github.org.collaborator-without-2fa': { [O]: [] } }, 'not-applicable'],
  ] as Array<[string, Record<string, Record<string, unknown[]>>, string]>)('collaborator-2fa: %s', (_name, records, status) => {
    expect(judge(check('github.org.collaborator-2fa'), { records }).status).toBe(status);
  });

  it('collaborator-2fa is error for a non-owner token (the filter answered 422)', () => {
    const r = judge(check('github.org.collaborator-2fa'), {
      records: { 'github.org.outside-collaborator': collabs },
      errors: [{ type: 'github.org.collaborator-without-2fa', scope: O, cause: 'denied' }],
    });
    expect(r.status).toBe('error');
  });
});

describe('github.repo.status-checks-required', () => {
  const c = check('github.repo.status-checks-required');
  const statusRule = (enforcement: string) => ({
    repo: `${O}/a`,
    branch: 'main',
    rules: [
      {
        type: 'required_status_checks',
        parameters: { requiredStatusChecks: [{ context: 'ci/test' }], strictRequiredStatusChecksPolicy: false },
        rulesetName: 'ci',
        enforcement,
        sourceType: 'Organization',
        bypassActors: [],
      },
    ],
  });
  it.each([
    ['classic protection requires ci/test', classic('a', { requiredStatusChecks: ['ci/test'] }), none('a'), 'pass'],
    ['an active ruleset requires ci/test', unprotected('a'), statusRule('active'), 'pass'],
    ['classic protection without status checks', classic('a', { requiredStatusChecks: [] }), none('a'), 'fail'],
    ['only an evaluate-mode ruleset', classic('a', { requiredStatusChecks: [] }), statusRule('evaluate'), 'fail'],
    ['unprotected', { ...unprotected('a'), requiredStatusChecks: null }, none('a'), 'fail'],
    ['classic status checks not recorded (old bundle)', classic('a'), none('a'), 'manual'],
  ] as Array<[string, unknown, unknown, string]>)('%s', (_name, prot, rules, status) => {
    expect(judge(c, { records: repoEvidence('a', prot, rules) }).status).toBe(status);
  });
  it('is error when the rules could not be read, and not-applicable without repositories', () => {
    expect(
      judge(c, {
        records: { 'github.repo': { [O]: [repo('a')] }, 'github.repo.branch-protection': { [`${O}/a`]: [classic('a', { requiredStatusChecks: [] })] } },
        errors: [{ type: 'github.repo.rules', scope: `${O}/a` }],
      }).status,
    ).toBe('error');
    expect(judge(c, { records: emptyRepos }).status).toBe('not-applicable');
  });
});

describe('github.org.scanning-alert-sla', () => {
  const c = check('github.org.scanning-alert-sla');
  // as-of 2026-11-22: 2026-10-01 is 52 days old, 2026-11-10 is 12.
  const secret = (createdAt: string) => ({ repo: `${O}/a`, number: 1, createdAt, url: 'u', secretType: 'AWS Access Key ID' });
  const code = (createdAt: string, securitySeverity: string | null) => ({
    repo: `${O}/a`,
    number: 2,
    createdAt,
    url: 'u',
    rule: 'js/x',
    tool: 'CodeQL',
    securitySeverity,
    severity: 'error',
  });
  const ev = (secrets: unknown[], codes: unknown[]) => ({
    'github.org.secret-scanning-alert': { [O]: secrets },
    'github.org.code-scanning-alert': { [O]: codes },
  });
  it.each([
    ['a fresh secret alert', ev([secret('2026-11-10T00:00:00Z')], []), {}, 'pass'],
    ['an old secret alert', ev([secret('2026-10-01T00:00:00Z')], []), {}, 'fail'],
    ['an old high code alert', ev([], [code('2026-10-01T00:00:00Z', 'high')]), {}, 'fail'],
    ['an old medium code alert below high', ev([], [code('2026-10-01T00:00:00Z', 'medium')]), {}, 'not-applicable'],
    ['an old medium code alert with minSeverity medium', ev([], [code('2026-10-01T00:00:00Z', 'medium')]), { minSeverity: 'medium' }, 'fail'],
    ['an old high alert within a 60-day window', ev([], [code('2026-10-01T00:00:00Z', 'critical')]), { maxDays: 60 }, 'pass'],
    ['no open alerts', ev([], []), {}, 'not-applicable'],
  ] as Array<[string, Record<string, Record<string, unknown[]>>, Record<string, unknown>, string]>)('%s', (_name, records, params, status) => {
    expect(judge(c, { records }, params as any).status).toBe(status);
  });
  it('is error when either alert list was denied', () => {
    expect(
      judge(c, { records: { 'github.org.secret-scanning-alert': { [O]: [] } }, errors: [{ type: 'github.org.code-scanning-alert', scope: O }] }).status,
    ).toBe('error');
  });
});

describe('github.org.third-party-access', () => {
  const c = check('github.org.third-party-access');
  const app = (appSlug: string, permissions: Record<string, string> = { contents: 'read' }) => ({
    appSlug,
    appId: 1,
    installationId: 2,
    repositorySelection: 'all',
    permissions,
    createdAt: '2026-01-01T00:00:00Z',
  });
  const grant = (owner: string, organizationPermissions: Record<string, string> = {}) => ({
    id: 9,
    owner,
    repositorySelection: 'subset',
    organizationPermissions,
    repositoryPermissions: { contents: 'read' },
    accessGrantedAt: '2026-01-01T00:00:00Z',
    tokenExpiresAt: null,
    tokenLastUsedAt: null,
  });
  const ev = (apps: unknown[], grants?: unknown[]) => ({
    'github.org.app-installation': { [O]: apps },
    ...(grants ? { 'github.org.token-grant': { [O]: grants } } : {}),
  });
  const allow = { allowedApps: ['renovate'], allowedTokenOwners: ['ci-bot'] };
  it.each([
    ['approved app and grant', ev([app('renovate')], [grant('ci-bot')]), allow, 'pass'],
    ['app not on the allow-list', ev([app('quick-deploy')], []), allow, 'fail'],
    ['approved app with org administration write', ev([app('renovate', { organization_administration: 'write' })], []), allow, 'fail'],
    ['grant of an unapproved owner', ev([], [grant('erin')]), allow, 'fail'],
    ['approved grant with org administration write', ev([], [grant('ci-bot', { administration: 'write' })]), allow, 'fail'],
    ['default allow-list is empty', ev([app('renovate')], []), {}, 'fail'],
    ['nothing installed or granted', ev([], []), allow, 'not-applicable'],
    ['grants not read (token authentication): a person reviews them', ev([app('renovate')]), allow, 'manual'],
  ] as Array<[string, Record<string, Record<string, unknown[]>>, Record<string, unknown>, string]>)('%s', (_name, records, params, status) => {
    expect(judge(c, { records }, params as any).status).toBe(status);
  });
  it('is error when the grants could not be read as an App', () => {
    expect(judge(c, { records: ev([app('renovate')]), errors: [{ type: 'github.org.token-grant', scope: O }] }, allow as any).status).toBe('error');
  });
});
