import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO_OKTA_TOKEN, generateOktaScenario } from '../../src/sandbox/okta/index.js';
import type { FaultSpec } from '../../src/sandbox/faults.js';
import { runCollector } from '../../test/helpers/collect.js';
import { readFileSync } from 'node:fs';
import { makeAjv } from '../../src/util/ajv.js';
import { packagePath } from '../../src/util/paths.js';
import { OKTA_TYPES, oktaCollector } from './collector.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const clock = () => new Date('2026-11-22T12:00:00Z');

async function start(data: unknown, faults: FaultSpec[] = []): Promise<Sandbox> {
  sandbox = await startSandbox({ name: 't', providers: { okta: data }, faults }, { now: clock });
  return sandbox;
}

const typesWithErrors = (run: Awaited<ReturnType<typeof runCollector>>) =>
  run
    .errors()
    .map((e) => e.type)
    .sort();

describe('okta collector against the sandbox', () => {
  it('collects the demo org with an SSWS token: every status, factors, policies, roles and log populations', async () => {
    const s = await start(loadScenario('demo-org').providers.okta);
    const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN });
    expect(run.errors()).toEqual([]);
    const users = run.records<{ login: string; status: string }>('okta.user');
    expect(users).toHaveLength(25);
    expect(users.filter((u) => u.data.status === 'DEPROVISIONED')).toHaveLength(2);
    const factors = new Map(
      run
        .records<{ login: string; factors: Array<{ factorType: string }> }>('okta.user.factors')
        .map((r) => [r.data.login, r.data.factors.map((f) => f.factorType)]),
    );
    expect(factors.get('kai.nakamura@acme.example')).toEqual(['sms']);
    expect(factors.get('milo.rossi@acme.example')).toEqual([]);
    expect(factors.has('wendy.ross@acme.example')).toBe(false);
    expect(run.records('okta.admin-role').filter((r: any) => r.data.roleType === 'SUPER_ADMIN')).toHaveLength(5);
    expect(run.records<any>('okta.policy.sign-on')[0]!.data.rules[0].actions.signon.requireFactor).toBe(false);
    expect(run.records<any>('okta.policy.password')[0]!.data.settings.password.age.historyCount).toBe(24);
    expect(run.records('okta.log.user-lifecycle').length).toBe(8);
    expect(run.records('okta.log.admin-privilege').length).toBe(2);
    expect(run.records('okta.log.factor-reset').length).toBe(1);
    expect(run.facts['okta.orgUrl']).toBe(s.urls.okta);
    // Bounded System Log queries only: both since and until on every request.
    for (const e of s.log.filter({ operation: 'GET /api/v1/logs' })) expect(e.path).toMatch(/since=.*until=/);
    expect(s.log.entries.every((e) => e.auth === 'SSWS')).toBe(true);
    const everything = JSON.stringify([...run.events, ...run.raw.values()]);
    expect(everything).not.toContain(DEMO_OKTA_TOKEN);
    // Its own ajv: the process-wide one may already hold these schemas (their $id) from the engine's registry.
    const ajv = makeAjv();
    for (const type of OKTA_TYPES) {
      const validate = ajv.compile(JSON.parse(readFileSync(packagePath('schemas', 'evidence', `${type}.schema.json`), 'utf8')));
      for (const r of run.records(type)) expect(validate(r.data), `${type} ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('reads 5,000 users over 25 pages with a 429 in the middle, with the same records as without', async () => {
    const data = generateOktaScenario({ users: 5000 });
    const s = await start(data, [{ provider: 'okta', operation: 'GET /api/v1/users', kind: 'rate-limit', match: { page: 13 }, times: 1 }]);
    const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN, maxRetries: 2 }, { concurrency: 16 });
    expect(run.errors()).toEqual([]);
    const listing = s.log.filter({ operation: 'GET /api/v1/users' }).filter((e) => !e.path.includes('DEPROVISIONED'));
    expect(listing.filter((e) => e.status === 200)).toHaveLength(23);
    expect(s.log.filter({ operation: 'GET /api/v1/users', status: 429 })).toHaveLength(1);
    expect(listing.some((e) => e.retry && e.status === 200)).toBe(true);
    expect(run.retries.length).toBe(1);
    const ids = run.records<{ id: string }>('okta.user').map((r) => r.data.id);
    expect(new Set(ids).size).toBe(5000);
    const clean = await (async () => {
      await s.close();
      sandbox = await startSandbox({ name: 't', providers: { okta: data } }, { now: clock });
      return runCollector(oktaCollector, { orgUrl: sandbox.urls.okta!, token: DEMO_OKTA_TOKEN }, { concurrency: 16 });
    })();
    expect(clean.records('okta.user').map((r) => r.data)).toEqual(run.records('okta.user').map((r) => r.data));
    expect(clean.records('okta.user.factors').length).toBe(run.records('okta.user.factors').length);
  }, 60_000);

  it('authenticates with a private key; a missing scope (logs, log streams, event hooks, API tokens, apps) errors only its types', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'okta-key-'));
    const keyFile = join(dir, 'key.pem');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(keyFile, pem);
    const scopes = ['okta.users.read', 'okta.groups.read', 'okta.policies.read', 'okta.roles.read'];
    const data = {
      ...(loadScenario('demo-org').providers.okta as object),
      oauthClients: [{ clientId: '0oasandbox', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), scopes }],
    };
    const s = await start(data);
    const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, oauth: { clientId: '0oasandbox', privateKeyFile: keyFile, keyId: 'k1', scopes } });
    // Each org-security read errs alone too, naming the scope Okta's insufficient_scope answer names.
    const missing = Object.fromEntries(run.errors().map((e) => [e.type, [e.cause, e.missingPermission]]));
    expect(missing).toEqual({
      'okta.log.admin-privilege': ['denied', 'okta.logs.read'],
      'okta.log.factor-reset': ['denied', 'okta.logs.read'],
      'okta.log.user-lifecycle': ['denied', 'okta.logs.read'],
      'okta.log-stream': ['denied', 'okta.logStreams.read'],
      'okta.event-hook': ['denied', 'okta.eventHooks.read'],
      'okta.api-token': ['denied', 'okta.apiTokens.read'],
      'okta.app.admin-console': ['denied', 'okta.apps.read'],
      'okta.app': ['denied', 'okta.apps.read'],
    });
    expect(run.records('okta.user')).toHaveLength(25);
    expect(s.log.count('okta', 'POST /oauth2/v1/token')).toBe(1);
    expect(s.log.filter({ operation: 'GET /api/v1/users' }).every((e) => e.auth === 'bearer')).toBe(true);
    const everything = JSON.stringify([...run.events, ...run.raw.values(), run.facts]);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toMatch(/eyJ[\w-]{20,}\.sandbox/);
  });

  it('retries a single server error; a user whose factors cannot be read fails the factor population only', async () => {
    const s = await start(loadScenario('demo-org').providers.okta);
    const config = { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN, maxRetries: 1, retryBaseMs: 1 };
    const clean = await runCollector(oktaCollector, config);
    const id = clean.records<{ userId: string }>('okta.user.factors')[5]!.data.userId;
    s.faults.add({ provider: 'okta', operation: 'GET /api/v1/users/{id}/factors', kind: 'fail', match: { userId: id }, times: 1 });
    const once = await runCollector(oktaCollector, config);
    expect(once.errors()).toEqual([]);
    expect(once.records('okta.user.factors').map((r) => r.data)).toEqual(clean.records('okta.user.factors').map((r) => r.data));
    expect(once.retries.some((r) => r.operation === 'GET /api/v1/users/{id}/factors')).toBe(true);
    // Every answer for that user cut mid-body: its lookup fails after the retries, and only its population errs.
    s.faults.add({ provider: 'okta', operation: 'GET /api/v1/users/{id}/factors', kind: 'cut', match: { userId: id } });
    // Why a short timeout: node-fetch (under the SDK) does not notice a connection closed mid-body; the attempt's
    // deadline ends the wait.
    const cut = await runCollector(oktaCollector, config, { timeoutMs: 400 });
    expect(typesWithErrors(cut)).toEqual(['okta.user.factors']);
    expect(cut.records('okta.user')).toHaveLength(25);
    expect(cut.records('okta.group').length).toBe(clean.records('okta.group').length);
  });

  it('reads a user answer without lastLogin as invalid; lastLogin null is recorded as never signed in', async () => {
    const s = await start(loadScenario('demo-org').providers.okta, [
      { provider: 'okta', operation: 'GET /api/v1/users', kind: 'missing-field', field: 'lastLogin', match: { page: 1 } },
    ]);
    const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN });
    const users = run.errors().find((e) => e.type === 'okta.user');
    expect(users).toMatchObject({ cause: 'invalid-response' });
    expect(users!.message).toMatch(/has no lastLogin field/);
    await s.close();
    const c = await start(loadScenario('demo-org').providers.okta);
    const clean = await runCollector(oktaCollector, { orgUrl: c.urls.okta!, token: DEMO_OKTA_TOKEN });
    const never = clean.records<{ lastLogin: string | null; neverSignedIn: boolean }>('okta.user').filter((r) => r.data.lastLogin === null);
    expect(never.length).toBeGreaterThan(0);
    for (const r of never) expect(r.data.neverSignedIn).toBe(true);
    for (const r of clean.records<{ lastLogin: string | null; neverSignedIn: boolean }>('okta.user').filter((x) => x.data.lastLogin !== null))
      expect(r.data.neverSignedIn).toBe(false);
  });

  it('skips the null items of empty pages that still link onwards', async () => {
    const s = await start({ ...generateOktaScenario({ users: 450 }), options: { emptyPages: true } });
    const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN });
    expect(run.errors()).toEqual([]);
    expect(run.records('okta.user')).toHaveLength(450);
    expect(s.log.filter({ operation: 'GET /api/v1/users' }).filter((e) => e.path.includes('~e')).length).toBeGreaterThan(0);
  });

  it('reports a listing that breaks mid-way as truncated, and a 401 as auth', async () => {
    const s = await start(generateOktaScenario({ users: 600 }), [{ provider: 'okta', operation: 'GET /api/v1/users', kind: 'fail', match: { page: 2 } }]);
    const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN, retryBaseMs: 1 });
    const users = run.errors().find((e) => e.type === 'okta.user');
    expect(users).toMatchObject({ cause: 'truncated' });
    // The server error was retried (maxRetries, default 4) before the listing was given up.
    expect(s.log.filter({ operation: 'GET /api/v1/users', status: 500 })).toHaveLength(5);
    expect(run.errors().find((e) => e.type === 'okta.user.factors')).toBeDefined();
    expect(run.view.scopes('okta.policy.password')).toHaveLength(1);
    const bad = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: '00wrong' });
    expect(bad.errors().every((e) => e.cause === 'auth')).toBe(true);
  });

  it('paces itself from x-rate-limit-remaining instead of hitting 429', async () => {
    // Real clock: rate-limit windows must advance.
    const s = (sandbox = await startSandbox({
      name: 't',
      providers: {
        okta: { ...generateOktaScenario({ users: 60 }), options: { rateLimits: { '/api/v1/users/{id}/factors': { limit: 30, windowSeconds: 1 } } } },
      },
    }));
    const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN, concurrency: 1 });
    expect(run.errors()).toEqual([]);
    expect(s.log.filter({ status: 429 })).toHaveLength(0);
    expect(run.facts['okta.pacingWaits']).toBeGreaterThan(0);
  }, 20_000);

  it('ignores OKTA_CLIENT_* variables and okta.yaml files the config did not ask for', async () => {
    const s = await start(loadScenario('demo-org').providers.okta);
    const home = mkdtempSync(join(tmpdir(), 'okta-home-'));
    mkdirSync(join(home, '.okta'));
    writeFileSync(
      join(home, '.okta', 'okta.yaml'),
      'okta:\n  client:\n    orgUrl: http://127.0.0.1:9\n    token: 00fromyaml\n    authorizationMode: PrivateKey\n    userAgent: leaked\n',
    );
    const saved = { ...process.env };
    Object.assign(process.env, {
      HOME: home,
      OKTA_CLIENT_TOKEN: '00fromenv',
      OKTA_CLIENT_ORGURL: 'http://127.0.0.1:9',
      OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
    });
    try {
      const run = await runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN });
      expect(run.errors()).toEqual([]);
      expect(run.facts['okta.orgUrl']).toBe(s.urls.okta);
      expect(s.log.entries.every((e) => e.auth === 'SSWS' && e.status === 200)).toBe(true);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
