import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO_GITHUB_TOKEN } from '../../src/sandbox/github/index.js';
import { generateGithubScenario } from '../../src/sandbox/github/generate.js';
import type { FaultSpec } from '../../src/sandbox/faults.js';
import { runCollector } from '../../test/helpers/collect.js';
import { scoreCheck } from '../../src/engine/score.js';
import { compileParams } from '../../src/config/params.js';
import { githubChecks } from '../../controls/checks/github/index.js';
import { expectedCalls } from './budget.js';
import { githubCollector } from './github.js';
import { RawText } from '../../src/collector-kit.js';

const demo = loadScenario('demo-org').providers.github;
const MEMBER_TOKEN = 'ghp_SANDBOXSECRETgithubmember000000000000000';
const cfg = (sb: Sandbox, token = DEMO_GITHUB_TOKEN) => ({ org: 'acme-widgets', token, baseUrl: sb.urls.github!, retryBaseMs: 1 });
// Why sorted: org-level lists and repository batches run concurrently, so their records interleave by timing.
const records = (run: Awaited<ReturnType<typeof runCollector>>) =>
  run.events
    .filter((e) => e.kind === 'record')
    .map((e) => JSON.stringify([e.type, e.scope, e.data]))
    .sort();

async function withSandbox<T>(data: unknown, faults: FaultSpec[], fn: (sb: Sandbox) => Promise<T>): Promise<T> {
  const sb = await startSandbox({ name: 't', providers: { github: data }, faults });
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

describe('github collector', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ name: 't', providers: { github: demo } });
  });
  afterAll(() => sb.close());

  it('collects every evidence type as an owner, with no token anywhere', async () => {
    const run = await runCollector(githubCollector, cfg(sb));
    expect(run.errors()).toEqual([]);
    expect(run.records('github.org.settings')[0]!.data).toMatchObject({ twoFactorRequirementEnabled: true, defaultRepositoryPermission: 'read', unknown: [] });
    expect(run.records('github.repo').map((r) => r.data.name)).not.toContain('old-site');
    expect(
      run
        .records('github.repo.rules')
        .find((r) => r.scope === 'acme-widgets/web')!
        .data.rules.map((r: any) => [r.type, r.sourceType]),
    ).toEqual([
      ['pull_request', 'Organization'],
      ['non_fast_forward', 'Organization'],
      ['deletion', 'Organization'],
    ]);
    expect(
      run
        .records('github.pr.merged')
        .map((r) => r.data.number)
        .sort(),
    ).toEqual([101, 102, 103, 55].sort());
    const verdict = (id: string) => {
      const c = githubChecks.find((x) => x.meta.id === id)!;
      return scoreCheck(c, run.view, compileParams(id, c.meta.paramsSchema)({}), new Date('2026-11-22T12:00:00Z'));
    };
    const failing = (id: string) =>
      verdict(id)
        .findings.filter((f) => f.status === 'fail')
        .map((f) => f.resource);
    expect(verdict('github.repo.default-branch-protected').findings.find((f) => f.resource === 'github:acme-widgets/web')!.status).toBe('pass');
    expect(failing('github.repo.default-branch-protected')).toEqual(['github:acme-widgets/legacy-billing']);
    expect(failing('github.pr.merged-with-review')).toEqual(['github:acme-widgets/api#103', 'github:acme-widgets/api#102']);
    expect(failing('github.repo.no-force-push')).toEqual(['github:acme-widgets/legacy-billing', 'github:acme-widgets/payments']);
    expect(verdict('github.org.owner-count').status).toBe('pass');
    expect(failing('github.org.outside-collaborators-admin')).toEqual(['github:acme-widgets/infra']);
    expect(failing('github.org.member-privileges')).toEqual(['github:acme-widgets:members_can_fork_private_repositories']);
    expect(verdict('github.org.member-privileges').findings.filter((f) => f.status === 'pass')).toHaveLength(3);
    expect(failing('github.org.workflow-permissions')).toEqual(['github:acme-widgets:default_workflow_permissions']);
    expect(failing('github.org.collaborator-2fa')).toEqual(['github:acme-widgets/@auditor-kim']);
    expect(
      verdict('github.repo.status-checks-required')
        .findings.filter((f) => f.status === 'pass')
        .map((f) => [f.resource, f.reason]),
    ).toEqual([['github:acme-widgets/api', 'main requires ci/build, ci/test to pass']]);
    expect(failing('github.repo.status-checks-required')).toContain('github:acme-widgets/web');
    const sla = verdict('github.org.scanning-alert-sla');
    expect(sla.findings.map((f) => [f.status, f.resource])).toEqual([
      ['fail', 'github:acme-widgets/payments#secret-scanning-2'],
      ['pass', 'github:acme-widgets/api#code-scanning-7'],
    ]);
    expect(sla.note).toMatch(/1 open code scanning alerts without a security severity/);
    const thirdCheck = githubChecks.find((x) => x.meta.id === 'github.org.third-party-access')!;
    const third = scoreCheck(
      thirdCheck,
      run.view,
      compileParams(thirdCheck.meta.id, thirdCheck.meta.paramsSchema)({ allowedApps: ['soc2-evidence'] }),
      new Date('2026-11-22T12:00:00Z'),
    );
    expect(third.findings.map((f) => [f.status, f.resource])).toEqual([
      ['pass', 'github:acme-widgets/apps/soc2-evidence'],
      ['fail', 'github:acme-widgets/apps/quick-deploy'],
    ]);
    // A token cannot read fine-grained token grants (GitHub Apps only): not planned, and a person is asked, never a pass.
    expect(run.view.scopes('github.org.token-grant')).toEqual([]);
    expect(third.note).toMatch(/token grants of acme-widgets were not read/);
    expect(
      verdict('github.org.collaborator-2fa')
        .findings.filter((f) => f.status === 'pass')
        .map((f) => f.resource),
    ).toEqual(['github:acme-widgets/@contractor-jo']);
    const everything = JSON.stringify([run.events, [...run.raw.entries()], run.facts]);
    expect(everything).not.toContain('SANDBOXSECRET');
    expect(sb.log.entries.every((e) => e.auth === 'token')).toBe(true);
    // Raw pages are the answers as they arrived (the sandbox sends compact JSON), not a re-serialisation.
    for (const key of ['acme-widgets/graphql.RepoBatch.1', 'acme-widgets/repos.listForOrg.1']) {
      const page = run.raw.get(key);
      expect(page, key).toBeInstanceOf(RawText);
      const text = (page as RawText).text;
      expect(JSON.stringify(JSON.parse(text))).toBe(text);
    }
    expect(Object.keys(JSON.parse((run.raw.get('acme-widgets/graphql.RepoBatch.1') as RawText).text))).toEqual(['data']);
  });

  it('records owner-only answers as denied for a member token and still collects the rest', async () => {
    sb.log.clear();
    const run = await runCollector(githubCollector, cfg(sb, MEMBER_TOKEN));
    const denied = run.errors().map((e) => [e.type, e.scope, e.cause]);
    expect(denied).toContainEqual(['github.org.settings', 'acme-widgets', 'denied']);
    expect(denied).toContainEqual(['github.org.member-without-2fa', 'acme-widgets', 'denied']);
    expect(denied).toContainEqual(['github.org.workflow-permissions', 'acme-widgets', 'denied']);
    expect(denied).toContainEqual(['github.org.collaborator-without-2fa', 'acme-widgets', 'denied']);
    expect(denied).toContainEqual(['github.org.secret-scanning-alert', 'acme-widgets', 'denied']);
    expect(denied).toContainEqual(['github.org.code-scanning-alert', 'acme-widgets', 'denied']);
    expect(denied).toContainEqual(['github.org.app-installation', 'acme-widgets', 'denied']);
    expect(denied).toContainEqual(['github.repo.branch-protection', 'acme-widgets/api', 'denied']);
    expect(denied).toContainEqual(['github.repo.security', 'acme-widgets/api', 'denied']);
    expect(run.errors().find((e) => e.type === 'github.org.settings')!.missingPermission).toMatch(/owner/);
    expect(run.view.scopes('github.org.member')).toEqual(['acme-widgets']);
    expect(run.view.scopes('github.repo.rules')).toContain('acme-widgets/web');
    expect(run.view.scopes('github.pr.merged')).toContain('acme-widgets/api');
    expect(sb.log.filter({ operation: 'GET /orgs/{org}/members', status: 422 })).toHaveLength(1);
  });

  it('rejects an unknown token as auth, not as empty evidence', async () => {
    const run = await runCollector(githubCollector, cfg(sb, 'ghp_unknown'));
    expect(run.errors().find((e) => e.type === 'github.org.settings')!.cause).toBe('auth');
    expect(run.view.scopes('github.repo')).toEqual([]);
  });

  it('serves Enterprise Server paths under /api/v3 with absolute Link headers', async () => {
    const run = await runCollector(githubCollector, { ...cfg(sb), baseUrl: `${sb.urls.github}/api/v3` });
    expect(run.errors()).toEqual([]);
    const res = await fetch(`${sb.urls.github}/api/v3/orgs/acme-widgets/repos?per_page=3`, { headers: { authorization: `token ${DEMO_GITHUB_TOKEN}` } });
    expect(res.headers.get('link')).toContain(`<${sb.urls.github}/api/v3/orgs/acme-widgets/repos?per_page=3&page=2>; rel="next"`);
    expect(res.headers.get('x-ratelimit-resource')).toBe('core');
  });
});

describe('github collector under rate limits', () => {
  it('waits out a primary rate limit mid-run and yields the same records', async () => {
    const base = await withSandbox(demo, [], (sb) => runCollector(githubCollector, cfg(sb)));
    await withSandbox(
      demo,
      [{ provider: 'github', operation: 'GET /orgs/{org}/outside_collaborators', kind: 'rate-limit', times: 1, retryAfter: 1 }],
      async (sb) => {
        const run = await runCollector(githubCollector, cfg(sb));
        expect(run.errors()).toEqual([]);
        expect(records(run)).toEqual(records(base));
        expect(run.retries).toContainEqual({ operation: 'GET /orgs/{org}/outside_collaborators', reason: 'rate-limit' });
        // Two lists share the route (all, and the owner-only 2fa_disabled filter); the limit hit the first call.
        const calls = sb.log.filter({ operation: 'GET /orgs/{org}/outside_collaborators' });
        expect(calls.map((c) => c.status)).toEqual([403, 200, 200]);
        expect(calls.filter((c) => c.retry)).toHaveLength(1);
      },
    );
  });

  it('retries a secondary rate limit once, and reports a limit that never lifts as throttled', async () => {
    const faults: FaultSpec[] = [
      { provider: 'github', operation: 'GET /orgs/{org}/repos', kind: 'secondary-rate-limit', times: 1, retryAfter: 1 },
      { provider: 'github', operation: 'GET /orgs/{org}/members', kind: 'rate-limit', match: { page: 1 }, retryAfter: 1 },
    ];
    await withSandbox(demo, faults, async (sb) => {
      const run = await runCollector(githubCollector, cfg(sb));
      expect(sb.log.filter({ operation: 'GET /orgs/{org}/repos' }).map((c) => c.status)).toEqual([403, 200]);
      expect(run.errors().find((e) => e.type === 'github.org.member')!.cause).toBe('throttled');
      // Why: bounded retries and no duplicate retry by the server-error retry: 1 call + 3 throttled retries, for each of the
      // three member lists (owners, all, 2FA disabled), which start together.
      expect(sb.log.filter({ operation: 'GET /orgs/{org}/members' }).length).toBe(12);
    });
  });
});

describe('github collector given answers that are not what the API documents', () => {
  it('reports a body that is not JSON as invalid-response, never as an empty list', async () => {
    const faults: FaultSpec[] = [{ provider: 'github', operation: 'GET /orgs/{org}/outside_collaborators', kind: 'invalid' }];
    await withSandbox(demo, faults, async (sb) => {
      const run = await runCollector(githubCollector, cfg(sb));
      expect(run.errors().find((e) => e.type === 'github.org.outside-collaborator')).toMatchObject({ cause: 'invalid-response' });
      expect(run.records('github.org.outside-collaborator')).toEqual([]);
      expect(run.view.scopes('github.org.member')).toEqual(['acme-widgets']);
    });
  });
});

describe('github collector at scale', () => {
  it('collects 1,000 repositories with exactly the budgeted calls', async () => {
    const data = generateGithubScenario({ repos: 1000, prs: 0, token: DEMO_GITHUB_TOKEN });
    await withSandbox(data, [], async (sb) => {
      const run = await runCollector(
        githubCollector,
        { org: 'scale-org', token: DEMO_GITHUB_TOKEN, baseUrl: sb.urls.github!, retryBaseMs: 1 },
        { concurrency: 8 },
      );
      expect(run.errors()).toEqual([]);
      expect(run.records('github.repo')).toHaveLength(1000);
      const want = expectedCalls({ listed: 1000, repos: 1000, members: 50, owners: 3, membersWithout2fa: 0, outsideCollaborators: 0, openAlerts: 0 });
      expect(sb.log.count('github', 'POST /graphql')).toBe(want.graphql);
      expect(sb.log.entries.length - want.graphql).toBe(want.rest);
      expect(want).toEqual({ rest: 21, graphql: 50 });
    });
  });
});

describe('github collector with 200 outside collaborators on one repository', () => {
  it('reads them all with two follow-up calls and exactly the budgeted calls', async () => {
    const data = generateGithubScenario({ repos: 40, prs: 0, token: DEMO_GITHUB_TOKEN, outsideCollaborators: 200 });
    await withSandbox(data, [], async (sb) => {
      const run = await runCollector(
        githubCollector,
        { org: 'scale-org', token: DEMO_GITHUB_TOKEN, baseUrl: sb.urls.github!, retryBaseMs: 1 },
        { concurrency: 4 },
      );
      expect(run.errors()).toEqual([]);
      expect(run.records('github.repo.outside-collaborator')).toHaveLength(200);
      // 25 in the batch query, then 100 and 75 in two FollowPages rounds.
      const want = expectedCalls({
        listed: 40,
        repos: 40,
        members: 50,
        owners: 3,
        membersWithout2fa: 0,
        outsideCollaborators: 200,
        openAlerts: 0,
        followRounds: 2,
      });
      expect(sb.log.count('github', 'POST /graphql')).toBe(want.graphql);
      expect(sb.log.entries.length - want.graphql).toBe(want.rest);
    });
  });
});

describe('github collector when the repository list breaks off', () => {
  it('keeps the evidence of the repositories on the pages read before the failing one, and judges none of it', async () => {
    const data = generateGithubScenario({ repos: 250, prs: 0, token: DEMO_GITHUB_TOKEN });
    const fault: FaultSpec = { provider: 'github', operation: 'GET /orgs/{org}/repos', kind: 'fail', match: { page: 3 } };
    await withSandbox(data, [fault], async (sb) => {
      const run = await runCollector(
        githubCollector,
        { org: 'scale-org', token: DEMO_GITHUB_TOKEN, baseUrl: sb.urls.github!, retryBaseMs: 1 },
        { concurrency: 8 },
      );
      const listing = run.errors().filter((e) => e.type === 'github.repo');
      expect(listing).toEqual([expect.objectContaining({ scope: 'scale-org', cause: 'truncated' })]);
      expect(listing[0]!.message).toContain('(server after 2 page(s) were read; the list is incomplete)');
      // The population is incomplete: every repository-level type is an error for the whole org…
      for (const type of ['github.repo.branch-protection', 'github.repo.security', 'github.pr.merged']) {
        expect(
          run.errors().some((e) => e.type === type && e.scope === '*' && e.cause === 'truncated'),
          type,
        ).toBe(true);
        expect(run.view.records(type)).toEqual([]);
      }
      // …yet what the first two pages listed was collected and is in the evidence.
      expect(run.records('github.repo')).toHaveLength(200);
      expect(new Set(run.records('github.repo.branch-protection').map((r) => r.scope)).size).toBe(200);
      expect(run.records('github.repo.security')).toHaveLength(200);
    });
  });

  it('reads a list that ends before the page count it announced as invalid, not as the whole list', async () => {
    const fault: FaultSpec = { provider: 'github', operation: 'GET /orgs/{org}/members', kind: 'early-end', match: { page: 1 } };
    await withSandbox(demo, [fault], async (sb) => {
      const run = await runCollector(githubCollector, cfg(sb));
      expect(run.errors().filter((e) => e.type === 'github.org.member')).toEqual([expect.objectContaining({ cause: 'invalid-response' })]);
      expect(run.errors().find((e) => e.type === 'github.org.member')!.message).toMatch(/ends before its announced end/);
    });
  });
});

describe('github collector reads every connection to its end', () => {
  // 30 outside collaborators on one repository, the admin among them 28th (on the second page of 25); 30 rules from
  // one ruleset with 8 bypass actors (two pages of 5); a second repository with one page of each.
  const wide = (): typeof demo => {
    const data = structuredClone(demo) as any;
    const infra = data.repos.find((r: any) => r.name === 'infra');
    infra.collaborators = Array.from({ length: 30 }, (_, k) => ({ login: `guest-${String(k + 1).padStart(2, '0')}`, permission: k === 27 ? 'admin' : 'read' }));
    infra.rulesets = [
      {
        id: 77,
        name: 'many-rules',
        enforcement: 'active',
        rules: Array.from({ length: 26 }, () => ({ type: 'required_linear_history' })),
        bypass_actors: Array.from({ length: 8 }, (_, k) => ({ actor_type: 'Team', actor: `team-${k + 1}`, bypass_mode: 'always' })),
      },
    ];
    return data;
  };
  const verdict = (run: Awaited<ReturnType<typeof runCollector>>, id: string) => {
    const c = githubChecks.find((x) => x.meta.id === id)!;
    return scoreCheck(c, run.view, compileParams(id, c.meta.paramsSchema)({}), new Date('2026-11-22T12:00:00Z'));
  };

  it('names the admin on the second page of outside collaborators, with one follow-up call', async () => {
    await withSandbox(wide(), [], async (sb) => {
      const run = await runCollector(githubCollector, cfg(sb));
      expect(run.errors()).toEqual([]);
      expect(run.records('github.repo.outside-collaborator').filter((r) => r.scope === 'acme-widgets/infra')).toHaveLength(30);
      const failing = verdict(run, 'github.org.outside-collaborators-admin').findings.filter((f) => f.status === 'fail');
      expect(failing.map((f) => f.reason)).toEqual([expect.stringContaining('guest-28 has admin')]);
      const rules = run.records('github.repo.rules').find((r) => r.scope === 'acme-widgets/infra')!.data.rules;
      expect(rules.filter((r: any) => r.rulesetName === 'many-rules')).toHaveLength(26);
      // Every rule of the ruleset, the 26th (from the second page of rules) included, carries all 8 bypass actors.
      for (const r of rules.filter((x: any) => x.rulesetName === 'many-rules'))
        expect(r.bypassActors.map((b: any) => b.actor)).toEqual(Array.from({ length: 8 }, (_, k) => `team-${k + 1}`));
      // Collaborators, rules and bypass actors of the batch travel in the same follow-up queries.
      expect(sb.log.filter({ operation: 'POST /graphql' }).filter((e) => e.attrs?.query === 'FollowPages')).toHaveLength(1);
    });
  });

  it('makes a follow-up page that fails an error for that repository only', async () => {
    const fault: FaultSpec = { provider: 'github', operation: 'POST /graphql', kind: 'fail', match: { query: 'FollowPages' } };
    await withSandbox(wide(), [fault], async (sb) => {
      const run = await runCollector(githubCollector, cfg(sb));
      const errs = run.errors().map((e) => [e.type, e.scope]);
      expect(errs.sort()).toEqual([
        ['github.repo.outside-collaborator', 'acme-widgets/infra'],
        ['github.repo.rules', 'acme-widgets/infra'],
      ]);
      expect(run.errors().every((e) => e.cause === 'server')).toBe(true);
      expect(run.records('github.repo.outside-collaborator').filter((r) => r.scope === 'acme-widgets/infra')).toEqual([]);
      expect(run.view.scopes('github.repo.outside-collaborator')).toContain('acme-widgets/web');
      expect(verdict(run, 'github.org.outside-collaborators-admin').status).toBe('error');
    });
  });
});

describe('github collector pages the organisation alert lists', () => {
  it('reads 150 open secret scanning alerts over two pages, never storing a secret', async () => {
    const data = structuredClone(demo) as any;
    data.repos.find((r: any) => r.name === 'payments').secret_scanning_alerts = Array.from({ length: 150 }, (_, k) => ({
      number: k + 1,
      secret_type: 'github_personal_access_token',
      created_at: '2026-11-20T00:00:00Z',
    }));
    await withSandbox(data, [], async (sb) => {
      const run = await runCollector(githubCollector, cfg(sb));
      expect(run.errors()).toEqual([]);
      expect(run.records('github.org.secret-scanning-alert')).toHaveLength(150);
      expect(sb.log.filter({ operation: 'GET /orgs/{org}/secret-scanning/alerts' })).toHaveLength(2);
      expect(JSON.stringify([run.events, [...run.raw.entries()]])).not.toContain('SANDBOXSECRET');
    });
  });

  it('makes a failing second page of code scanning alerts an error, not a shorter list', async () => {
    const data = structuredClone(demo) as any;
    data.repos.find((r: any) => r.name === 'api').code_scanning_alerts = Array.from({ length: 120 }, (_, k) => ({
      number: k + 1,
      rule_id: 'js/x',
      security_severity_level: 'high',
      created_at: '2026-11-20T00:00:00Z',
    }));
    const fault: FaultSpec = { provider: 'github', operation: 'GET /orgs/{org}/code-scanning/alerts', kind: 'fail', match: { page: 2 } };
    await withSandbox(data, [fault], async (sb) => {
      const run = await runCollector(githubCollector, cfg(sb));
      expect(run.errors().map((e) => [e.type, e.cause])).toEqual([['github.org.code-scanning-alert', 'truncated']]);
      expect(run.errors()[0]!.message).toContain('server after 1 page(s) were read');
      expect(run.view.scopes('github.org.secret-scanning-alert')).toEqual(['acme-widgets']);
    });
  });
});
