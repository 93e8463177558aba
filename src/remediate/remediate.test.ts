import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSyntheticBundle, type SyntheticControl } from '../../test/helpers/bundles.js';
import { readBundle } from '../bundle/reader.js';
import { bundleDigest } from '../bundle/bagit.js';
import { loadScenario, startSandbox, type Sandbox } from '../sandbox/index.js';
import { DEMO_GITHUB_TOKEN } from '../sandbox/github/index.js';
import { describeGithubError, issuesClient, readIssues, RemediateError } from './github.js';
import { controlOfBody, MAX_FINDINGS } from './issue-body.js';
import { remediate } from './run.js';
import { readRemediationState } from './state.js';
import { readHistory } from '../history/history.js';
import { renderHistoryText } from '../history/render-text.js';
import { Chalk } from 'chalk';

const MEMBER_TOKEN = 'ghp_SANDBOXSECRETgithubmember000000000000000';
const SENTINEL = 'RAW-RECORD-SENTINEL-7f3a';
const target = { owner: 'acme-widgets', repo: 'infra' };
let dir: string;
let sandbox: Sandbox;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc2-remediate-'));
  const scenario = loadScenario('demo-org');
  sandbox = await startSandbox({ ...scenario, providers: { github: scenario.providers.github }, faults: [] }, { only: ['github'] });
});
afterEach(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const many = Array.from({ length: MAX_FINDINGS + 5 }, (_, i) => ({ resource: `github:acme-widgets/repo-${i}`, reason: `branch not protected (${i})` }));

async function bundle(day: string, c1: SyntheticControl['status']): Promise<string> {
  const b = await writeSyntheticBundle(
    dir,
    new Date(`${day}T12:00:00Z`),
    [
      { id: 'C1', status: c1, ...(c1 === 'fail' ? { failing: many } : {}) },
      { id: 'C2', status: 'error' },
      { id: 'C3', status: 'pass' },
    ],
    [
      { kind: 'plan', type: 'okta.user', scope: 'acme.okta.com' },
      { kind: 'record', type: 'okta.user', scope: 'acme.okta.com', source: { operation: 'test', fetchedAt: `${day}T00:00:00Z` }, data: { login: SENTINEL } },
      { kind: 'done', type: 'okta.user', scope: 'acme.okta.com' },
    ],
  );
  return b.dir;
}

async function run(bundleDir: string, opts: { token?: string; repo?: string; owners?: Record<string, string>; dryRun?: boolean } = {}) {
  const b = readBundle(bundleDir);
  const gh = await issuesClient(
    { org: 'acme-widgets', baseUrl: sandbox.urls.github, token: opts.token ?? DEMO_GITHUB_TOKEN, retryBaseMs: 5 },
    new AbortController().signal,
    5000,
    5,
  );
  const t = { ...target, repo: opts.repo ?? target.repo };
  return remediate(
    {
      gh,
      target: t,
      results: b.results,
      bundle: { name: bundleDir.split('/').pop()!, digest: await bundleDigest(bundleDir) },
      labels: ['soc2', 'compliance'],
      assignFromOwner: true,
      logins: new Map(Object.entries(opts.owners ?? { 'security@example.com': 'alice' })),
      evidenceDir: dir,
      dryRun: opts.dryRun ?? false,
    },
    (err, what) => describeGithubError(err, t, what) ?? String(err),
  );
}

async function issues() {
  const gh = await issuesClient({ org: 'acme-widgets', baseUrl: sandbox.urls.github, token: DEMO_GITHUB_TOKEN }, new AbortController().signal, 5000);
  return readIssues(gh, target, ['soc2']);
}

async function comments(n: number): Promise<string[]> {
  const res = await fetch(`${sandbox.urls.github}/repos/acme-widgets/infra/issues/${n}/comments`, {
    headers: { authorization: `token ${DEMO_GITHUB_TOKEN}` },
    signal: AbortSignal.timeout(5000),
  });
  return ((await res.json()) as Array<{ body: string }>).map((c) => c.body);
}

const writes = () => sandbox.log.entries.filter((e) => e.method !== 'GET').length;

describe('soc2 remediate --to github, through the sandbox', () => {
  it('opens, leaves alone, closes and re-opens one issue per control across runs', async () => {
    const b1 = await bundle('2026-11-01', 'fail');
    // Run 1: an issue per failing or erroring control, labelled and assigned to the owner's login.
    const r1 = await run(b1);
    expect(r1.actions.map((a) => [a.action, a.control, a.done])).toEqual([
      ['open', 'C1', true],
      ['open', 'C2', true],
    ]);
    let list = await issues();
    expect(list.map((i) => controlOfBody(i.body)).sort()).toEqual(['C1', 'C2']);
    const c1 = list.find((i) => controlOfBody(i.body) === 'C1')!;
    expect(c1).toMatchObject({ state: 'open', title: '[soc2] C1 Control C1', labels: ['soc2', 'compliance'], assignees: ['alice'] });
    expect(c1.body).toContain(`\`${b1.split('/').pop()}\` (sha256:${await bundleDigest(b1)})`);
    expect(c1.body).toContain('`github:acme-widgets/repo-0`: branch not protected (0)');
    expect(c1.body).toContain('… and 5 more');
    expect(c1.body).not.toContain('repo-29');
    // Never a secret or a raw record in an issue.
    for (const i of list) {
      expect(i.body).not.toContain(DEMO_GITHUB_TOKEN);
      expect(i.body).not.toContain(SENTINEL);
    }

    // Run 2, same bundle: nothing is written.
    const before = writes();
    const r2 = await run(b1);
    expect(r2.actions.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
    expect(writes()).toBe(before);
    expect(await issues()).toHaveLength(2);

    // C1 passes: a comment, then closed as completed; run twice, still one comment.
    const b2 = await bundle('2026-11-02', 'pass');
    const r3 = await run(b2);
    expect(r3.actions.find((a) => a.control === 'C1')).toMatchObject({ action: 'close', done: true, issue: { number: c1.number } });
    await run(b2);
    list = await issues();
    expect(list.find((i) => i.number === c1.number)!.state).toBe('closed');
    const closed = (await (
      await fetch(`${sandbox.urls.github}/repos/acme-widgets/infra/issues?state=closed&labels=soc2`, {
        headers: { authorization: `token ${DEMO_GITHUB_TOKEN}` },
      })
    ).json()) as Array<{ number: number; state_reason: string }>;
    expect(closed.find((i) => i.number === c1.number)!.state_reason).toBe('completed');
    expect(await comments(c1.number)).toEqual([expect.stringContaining(`C1 passes in bundle \`${b2.split('/').pop()}\``)]);

    // C1 fails again: the same issue is re-opened (never a second one), with a comment saying why.
    const b3 = await bundle('2026-11-03', 'fail');
    const r4 = await run(b3);
    expect(r4.actions.find((a) => a.control === 'C1')).toMatchObject({ action: 'reopen', done: true, issue: { number: c1.number } });
    list = await issues();
    expect(list).toHaveLength(2);
    expect(list.find((i) => i.number === c1.number)).toMatchObject({ state: 'open' });
    expect(await comments(c1.number)).toHaveLength(2);

    // The state file history reads: control → issue, with what happened when.
    const { state } = readRemediationState(dir);
    expect(state!.controls.C1).toMatchObject({ number: c1.number, url: `https://github.com/acme-widgets/infra/issues/${c1.number}`, state: 'open' });
    expect(state!.controls.C1!.events.map((e) => [e.action, e.day])).toEqual([
      ['opened', '2026-11-01'],
      ['closed', '2026-11-02'],
      ['reopened', '2026-11-03'],
    ]);
    expect(await readFile(join(dir, 'remediation.json'), 'utf8')).not.toContain(DEMO_GITHUB_TOKEN);

    // soc2 history links each failure episode to its issue, with what remediation did during it.
    const h = await readHistory({ evidenceDir: dir, remediation: true });
    expect((await readHistory({ evidenceDir: dir })).controls.find((c) => c.id === 'C1')!.episodes.every((e) => e.issue === undefined)).toBe(true);
    const url = `https://github.com/acme-widgets/infra/issues/${c1.number}`;
    expect(h.controls.find((c) => c.id === 'C1')!.episodes.map((e) => [e.start, e.issue])).toEqual([
      [
        '2026-11-01',
        {
          url,
          number: c1.number,
          actions: [
            { action: 'opened', day: '2026-11-01' },
            { action: 'closed', day: '2026-11-02' },
          ],
        },
      ],
      ['2026-11-03', { url, number: c1.number, actions: [{ action: 'reopened', day: '2026-11-03' }] }],
    ]);
    expect(h.controls.find((c) => c.id === 'C3')!.episodes).toEqual([]);
    expect(renderHistoryText(h, new Chalk({ level: 0 }))).toContain(`tracked in ${url} (opened 2026-11-01, closed 2026-11-02)`);
  });

  it('--dry-run plans without writing', async () => {
    const b1 = await bundle('2026-11-01', 'fail');
    const r = await run(b1, { dryRun: true });
    expect(r.actions.map((a) => [a.action, a.done])).toEqual([
      ['open', false],
      ['open', false],
    ]);
    expect(writes()).toBe(0);
    expect(readRemediationState(dir).state).toBeUndefined();
  });

  it('names what GitHub refused in one line: 403 without issues write, 404 repository, 422 assignee', async () => {
    const b1 = await bundle('2026-11-01', 'fail');
    const denied = await run(b1, { token: MEMBER_TOKEN });
    expect(denied.stoppedBy).toBe(
      'no permission to write issues in acme-widgets/infra (403 Resource not accessible by personal access token) while opening the issue of C1; the token needs issues: write (classic: repo scope)',
    );
    expect(denied.actions.every((a) => !a.done)).toBe(true);
    await expect(run(b1, { repo: 'nope' })).rejects.toThrow(
      new RemediateError('repository acme-widgets/nope not found, or not visible to the token (404) while listing its issues; check remediation.github.repo'),
    );
    const unassignable = await run(b1, { owners: { 'security@example.com': 'mallory' } });
    expect(unassignable.stoppedBy).toMatch(
      /^GitHub rejected the request for acme-widgets\/infra \(422 Validation Failed: assignees invalid 'mallory'\) while opening the issue of C1; map the owner/,
    );
    expect(await issues()).toHaveLength(0);
  });
});
