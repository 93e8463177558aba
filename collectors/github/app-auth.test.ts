import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO_GITHUB_TOKEN } from '../../src/sandbox/github/index.js';
import type { Collector } from '../../src/types.js';
import { runCollector } from '../../test/helpers/collect.js';
import { resolveGithubPaths } from './auth.js';
import { githubCollector } from './github.js';
import { githubPermissions } from './permissions.js';
import type { GithubConfig } from './types.js';

const APP_ID = 4242;
const INSTALLATION = 77;
const MINT = 'POST /app/installations/{installation_id}/access_tokens';
const pair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
const app = pair();
const stranger = pair();
const demo = loadScenario('demo-org').providers.github as Record<string, unknown>;
// Why: no personal tokens in the scenario, so only an installation token the sandbox minted can authorise a call.
const scenario = {
  ...demo,
  tokens: [],
  apps: [
    {
      id: APP_ID,
      client_id: 'Iv1.soc2evidence',
      public_key_pem: app.publicKey,
      installations: [{ id: INSTALLATION, token_login: 'soc2-evidence[bot]', role: 'owner' }],
    },
  ],
};
const dir = mkdtempSync(join(tmpdir(), 'soc2-gh-app-'));
const keyFile = join(dir, 'app.pem');
const wrongKeyFile = join(dir, 'wrong.pem');
writeFileSync(keyFile, app.privateKey);
writeFileSync(wrongKeyFile, stranger.privateKey);
const keyBody = app.privateKey.split('\n')[1]!;

/** The collector with a capturing ctx.log, so log lines can be searched for secrets. */
function logging(lines: string[]): Collector<GithubConfig> {
  const keep = (...a: unknown[]) => void lines.push(JSON.stringify(a));
  return { meta: githubCollector.meta, collect: (ctx) => githubCollector.collect({ ...ctx, log: { debug: keep, info: keep, warn: keep } }) };
}

function jwt(claims: Record<string, unknown>, key = app.privateKey): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${head}.${createSign('sha256').update(head).sign(key).toString('base64url')}`;
}

describe('github collector as a GitHub App installation', () => {
  let sb: Sandbox;
  const cfg = (privateKeyFile = keyFile, baseUrl?: string): GithubConfig => ({
    org: 'acme-widgets',
    app: { appId: APP_ID, privateKeyFile, installationId: INSTALLATION },
    baseUrl: baseUrl ?? sb.urls.github!,
    retryBaseMs: 1,
  });
  beforeAll(async () => {
    sb = await startSandbox({ name: 't', providers: { github: scenario } });
  });
  afterAll(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mints one installation token and collects the same evidence as an owner token, with no secret anywhere', async () => {
    sb.log.clear();
    const lines: string[] = [];
    const run = await runCollector(logging(lines), cfg());
    expect(run.errors()).toEqual([]);
    const mints = sb.log.filter({ operation: MINT });
    expect(mints.map((m) => [m.status, m.auth, m.path])).toEqual([[201, 'bearer', `/app/installations/${INSTALLATION}/access_tokens`]]);
    const rest = sb.log.entries.filter((e) => e.operation !== MINT);
    expect(rest.length).toBeGreaterThan(5);
    expect(rest.every((e) => e.auth === 'token' && e.status < 400)).toBe(true);
    expect(run.facts['github.auth']).toBe('app');
    expect(run.facts['github.app']).toEqual({ appId: APP_ID, installationId: INSTALLATION });
    const withToken = await startSandbox({ name: 't', providers: { github: demo } });
    try {
      const base = await runCollector(githubCollector, { org: 'acme-widgets', token: DEMO_GITHUB_TOKEN, baseUrl: withToken.urls.github!, retryBaseMs: 1 });
      // Why sorted and without token grants: org-level lists finish in any order (the runtime decides), and GitHub answers fine-grained token
      // grants to Apps only, so only the App run has them.
      const evidence = (r: typeof run) =>
        r.events.flatMap((e) => (e.kind === 'record' && e.type !== 'github.org.token-grant' ? [JSON.stringify([e.type, e.scope, e.data])] : [])).sort();
      expect(evidence(run)).toEqual(evidence(base));
      expect(run.records('github.org.token-grant').map((r) => r.data.owner)).toEqual(['ci-bot', 'erin']);
      expect(base.view.scopes('github.org.token-grant')).toEqual([]);
    } finally {
      await withToken.close();
    }
    const everything = JSON.stringify([run.events, [...run.raw.entries()], run.facts, lines]);
    expect(everything).not.toMatch(/ghs_/);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain(keyBody);
  });

  it('mints the installation token under /api/v3 on Enterprise Server', async () => {
    sb.log.clear();
    const run = await runCollector(githubCollector, cfg(keyFile, `${sb.urls.github}/api/v3`));
    expect(run.errors()).toEqual([]);
    expect(sb.log.filter({ operation: MINT }).map((m) => m.path)).toEqual([`/api/v3/app/installations/${INSTALLATION}/access_tokens`]);
  });

  it('reports a wrong private key as auth errors, never as empty or passing evidence', async () => {
    sb.log.clear();
    const lines: string[] = [];
    const run = await runCollector(logging(lines), cfg(wrongKeyFile));
    expect(run.events.filter((e) => e.kind === 'record')).toEqual([]);
    expect(run.events.filter((e) => e.kind === 'done')).toEqual([]);
    const errors = run.errors();
    expect(errors.map((e) => e.type)).toEqual(expect.arrayContaining(['github.org.settings', 'github.org.member', 'github.repo']));
    expect(errors.every((e) => e.cause === 'auth')).toBe(true);
    expect(errors[0]!.message).toMatch(/HTTP 401: A JSON web token could not be decoded/);
    expect(sb.log.filter({ operation: MINT }).every((m) => m.status === 401)).toBe(true);
    expect(sb.log.entries.filter((e) => e.operation !== MINT)).toEqual([]);
    const everything = JSON.stringify([run.events, [...run.raw.entries()], run.facts, lines]);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain(stranger.privateKey.split('\n')[1]!);
  });

  it('stops with a clear message for a missing key file or two kinds of credentials', async () => {
    await expect(runCollector(githubCollector, cfg(join(dir, 'missing.pem')))).rejects.toThrow(/privateKeyFile: cannot read .*missing\.pem \(ENOENT\)/);
    await expect(runCollector(githubCollector, { ...cfg(), token: DEMO_GITHUB_TOKEN })).rejects.toThrow(/either token or app/);
    await expect(runCollector(githubCollector, { org: 'acme-widgets', baseUrl: sb.urls.github! })).rejects.toThrow(/no credentials/);
  });

  it('resolves a relative key path against the config folder', () => {
    const section = { app: { privateKeyFile: 'keys/app.pem' } };
    resolveGithubPaths(section, '/etc/soc2');
    expect(section.app.privateKeyFile).toBe('/etc/soc2/keys/app.pem');
  });

  it('answers the token endpoint as GitHub does: 201 shape, 401 for a bad JWT, 404 for another installation', async () => {
    const now = Math.floor(Date.now() / 1000);
    const mint = (token: string, installation = INSTALLATION) =>
      fetch(`${sb.urls.github}/app/installations/${installation}/access_tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' },
      });
    const ok = await mint(jwt({ iat: now - 30, exp: now + 540, iss: String(APP_ID) }));
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token: expect.stringMatching(/^ghs_[0-9a-f]{36}$/),
      expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      repository_selection: 'all',
    });
    expect(body.permissions).toMatchObject({ members: 'read', administration: 'read', pull_requests: 'read', vulnerability_alerts: 'read' });
    const org = await fetch(`${sb.urls.github}/orgs/acme-widgets`, { headers: { authorization: `token ${String(body.token)}` } });
    expect(org.status).toBe(200);
    expect((await mint(jwt({ iat: now - 30, exp: now + 540, iss: 'Iv1.soc2evidence' }))).status).toBe(201);
    const rejected = async (token: string) => {
      const res = await mint(token);
      return [res.status, ((await res.json()) as { message: string }).message];
    };
    expect(await rejected(jwt({ iat: now - 30, exp: now + 540, iss: APP_ID }, stranger.privateKey))).toEqual([401, 'A JSON web token could not be decoded']);
    expect(await rejected(jwt({ iat: now - 30, exp: now + 540, iss: 999 }))).toEqual([401, 'A JSON web token could not be decoded']);
    expect(await rejected(jwt({ iat: now, exp: now + 1200, iss: APP_ID }))).toEqual([401, "'Expiration time' claim ('exp') is too far in the future"]);
    expect(await rejected(jwt({ iat: now - 700, exp: now - 100, iss: APP_ID }))).toEqual([
      401,
      expect.stringMatching(/^'Expiration time' claim \('exp'\) must be a numeric value/),
    ]);
    expect(await rejected(jwt({ iat: now + 300, exp: now + 500, iss: APP_ID }))).toEqual([401, expect.stringMatching(/^'Issued at' claim \('iat'\)/)]);
    expect(await rejected('not-a-jwt')).toEqual([401, 'A JSON web token could not be decoded']);
    expect((await mint(jwt({ iat: now - 30, exp: now + 540, iss: APP_ID }), 78)).status).toBe(404);
  });

  it('prints both the token scopes and the App permissions', () => {
    const p = githubPermissions();
    expect(p.token).toEqual(['read:org', 'admin:org', 'repo', 'security_events']);
    expect(p.app).toEqual(
      expect.arrayContaining(['Organization: Members (read)', 'Organization: Administration (read)', 'Repository: Dependabot alerts (read)']),
    );
    expect(githubCollector.meta.permissions).toEqual(
      expect.arrayContaining(['classic token scope: read:org', 'GitHub App permission: Repository: Pull requests (read)']),
    );
  });
});
