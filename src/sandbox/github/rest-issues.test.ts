import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario, startSandbox, type Sandbox } from '../index.js';
import type { GhScenario } from './data.js';
import { DEMO_GITHUB_TOKEN } from './index.js';

const MEMBER_TOKEN = 'ghp_SANDBOXSECRETgithubmember000000000000000';
let sandbox: Sandbox;

beforeEach(async () => {
  const scenario = loadScenario('demo-org');
  const gh = structuredClone(scenario.providers.github) as GhScenario;
  // A labelled pull request: the issues list returns it too, which a client must skip.
  gh.repos.find((r) => r.name === 'api')!.pulls![0]!.labels = ['soc2'];
  sandbox = await startSandbox({ ...scenario, providers: { github: gh }, faults: [] }, { now: () => new Date('2026-12-01T00:00:00Z') });
});
afterEach(() => sandbox.close());

async function call(method: string, path: string, body?: unknown, token = DEMO_GITHUB_TOKEN): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${sandbox.urls.github}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

describe('sandbox GitHub Issues API', () => {
  it('creates, updates, closes with a reason, re-opens and comments', async () => {
    const created = await call('POST', '/repos/acme-widgets/api/issues', { title: 'T', body: 'B', labels: ['soc2'], assignees: ['bob'] });
    expect(created.status).toBe(201);
    // Issues and pull requests share one sequence: api's pulls go up to 103.
    expect(created.body).toMatchObject({
      number: 104,
      state: 'open',
      state_reason: null,
      title: 'T',
      body: 'B',
      assignee: { login: 'bob' },
      labels: [{ name: 'soc2' }],
      user: { login: 'alice' },
    });
    expect(created.headers.get('location')).toBe(created.body.url);
    const closed = await call('PATCH', '/repos/acme-widgets/api/issues/104', { state: 'closed', state_reason: 'completed' });
    expect(closed.body).toMatchObject({ state: 'closed', state_reason: 'completed', closed_by: { login: 'alice' } });
    expect(closed.body.closed_at).toBe('2026-12-01T00:00:00Z');
    // state_reason is ignored unless the state changes.
    const same = await call('PATCH', '/repos/acme-widgets/api/issues/104', { state: 'closed', state_reason: 'not_planned' });
    expect(same.body.state_reason).toBe('completed');
    const reopened = await call('PATCH', '/repos/acme-widgets/api/issues/104', { state: 'open' });
    expect(reopened.body).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    const comment = await call('POST', '/repos/acme-widgets/api/issues/104/comments', { body: 'hello' });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({ body: 'hello', user: { login: 'alice' } });
    expect((await call('GET', '/repos/acme-widgets/api/issues?state=all&labels=soc2')).body.find((i: any) => i.number === 104).comments).toBe(1);
  });

  it('lists by label and state, newest first, paged with Link, pull requests included', async () => {
    for (const t of ['a', 'b', 'c']) await call('POST', '/repos/acme-widgets/api/issues', { title: t, labels: ['soc2', 'x'] });
    await call('POST', '/repos/acme-widgets/api/issues', { title: 'unlabelled' });
    await call('PATCH', '/repos/acme-widgets/api/issues/104', { state: 'closed' });
    const open = await call('GET', '/repos/acme-widgets/api/issues?labels=soc2,x');
    expect(open.body.map((i: any) => i.title)).toEqual(['c', 'b']);
    const p1 = await call('GET', '/repos/acme-widgets/api/issues?labels=soc2&state=all&per_page=2');
    expect(p1.body.map((i: any) => i.number)).toEqual([106, 105]);
    const next = /<([^>]+)>; rel="next"/.exec(p1.headers.get('link') ?? '')![1]!;
    const p2 = await call('GET', new URL(next).pathname + new URL(next).search);
    expect(p2.body.map((i: any) => i.number)).toEqual([104, 101]);
    expect(p2.body[1].pull_request.html_url).toBe('https://github.com/acme-widgets/api/pull/101');
    expect(p2.headers.get('link')).not.toContain('rel="next"');
  });

  it('answers 422 for an assignee who cannot be assigned, 403 without write access, 404 for another repository', async () => {
    const bad = await call('POST', '/repos/acme-widgets/api/issues', { title: 'T', assignees: ['bob', 'mallory'] });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ message: 'Validation Failed', errors: [{ value: 'mallory', resource: 'Issue', field: 'assignees', code: 'invalid' }] });
    expect((await call('POST', '/repos/acme-widgets/api/issues', { body: 'no title' })).body.errors).toEqual([
      { resource: 'Issue', code: 'missing_field', field: 'title' },
    ]);
    const member = await call('POST', '/repos/acme-widgets/api/issues', { title: 'T' }, MEMBER_TOKEN);
    expect(member.status).toBe(403);
    expect((await call('POST', '/repos/acme-widgets/nope/issues', { title: 'T' })).status).toBe(404);
    expect((await call('POST', '/repos/other-org/api/issues', { title: 'T' })).status).toBe(404);
    expect((await call('PATCH', '/repos/acme-widgets/api/issues/999', { state: 'closed' })).status).toBe(404);
    const limits = await call('GET', '/repos/acme-widgets/api/issues');
    expect(limits.headers.get('x-ratelimit-resource')).toBe('core');
    expect((await call('GET', '/repos/acme-widgets/api/issues')).status).toBe(200);
  });
});
