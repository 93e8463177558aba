import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO_OKTA_TOKEN, type OktaScenario } from '../../src/sandbox/okta/index.js';
import type { FaultSpec } from '../../src/sandbox/faults.js';
import { runCollector } from '../../test/helpers/collect.js';
import { oktaCollector } from './collector.js';
import type { OktaAdminConsoleApp, OktaApiToken, OktaEventHook, OktaLogStream } from './evidence.js';
import { durationDays, SECURITY_TYPES } from './security.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
const clock = () => new Date('2026-11-22T12:00:00Z');
const demo = () => loadScenario('demo-org').providers.okta as OktaScenario;
async function start(data: OktaScenario, faults: FaultSpec[] = []): Promise<Sandbox> {
  sandbox = await startSandbox({ name: 't', providers: { okta: data }, faults }, { now: clock });
  return sandbox;
}
const run = (s: Sandbox, extra: Record<string, unknown> = {}) =>
  runCollector(oktaCollector, { orgUrl: s.urls.okta!, token: DEMO_OKTA_TOKEN, maxRetries: 0, retryBaseMs: 1, ...extra });
const many = (n: number): Partial<OktaScenario> => ({
  apiTokens: Array.from({ length: n }, (_, i) => ({
    name: `t${i}`,
    user: 'ava.chen@acme.example',
    lastUsed: `-${i % 50}d`,
    network: { connection: 'ZONE', include: ['nzo1'] },
  })),
  logStreams: Array.from({ length: n }, (_, i) => ({ name: `s${i}`, type: 'splunk_cloud_logstreaming', status: i === n - 1 ? 'ACTIVE' : 'INACTIVE' })),
});

describe('okta org-security collection', () => {
  it('collects log streams, event hooks, API tokens and the Admin Console app of the demo, without the hook header values', async () => {
    const s = await start(demo());
    const r = await run(s);
    expect(r.errors()).toEqual([]);
    expect(r.records<OktaLogStream>('okta.log-stream').map((x) => [x.data.type, x.data.status])).toEqual([['aws_eventbridge', 'INACTIVE']]);
    const hook = r.records<OktaEventHook>('okta.event-hook')[0]!.data;
    expect(hook).toMatchObject({
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      destination: 'https://siem.acme.example/okta',
      eventTypes: ['user.session.start', 'user.account.privilege.grant'],
    });
    const tokens = new Map(r.records<OktaApiToken>('okta.api-token').map((x) => [x.data.name, x.data]));
    const legacy = tokens.get('legacy-sync')!;
    expect(legacy).toMatchObject({ tokenWindow: 'P180D', tokenWindowDays: 180, network: { connection: 'ANYWHERE', include: [], exclude: [] } });
    // expiresAt − tokenWindow: the sandbox's "last used 120 days ago".
    expect(legacy.lastUsedDerived).toBe(new Date(clock().getTime() - 120 * 86_400_000).toISOString());
    expect(tokens.get('ci-provisioning')!.network).toEqual({ connection: 'ZONE', include: ['nzoCorpOffice'], exclude: [] });
    const app = r.records<OktaAdminConsoleApp>('okta.app.admin-console')[0]!.data;
    const policy = r.records<{ id: string; name: string }>('okta.policy.access').find((p) => p.data.id === app.accessPolicyId);
    expect(policy?.data.name).toBe('Okta Admin Console');
    const appsPath = s.log.filter({ operation: 'GET /api/v1/apps' })[0]!.path;
    expect(new URL(appsPath, 'http://x').searchParams.get('filter')).toBe('name eq "saasure"');
    const everything = JSON.stringify([...r.events, ...r.raw.values()]);
    expect(everything).not.toContain('sandbox-header-value-not-for-disk');
    expect(everything).toContain('X-Sandbox-Secret');
  });

  it('pages API tokens and log streams to the end (45 each, pages of 20)', async () => {
    const s = await start({ ...demo(), ...many(45) });
    const r = await run(s);
    expect(r.errors()).toEqual([]);
    expect(new Set(r.records<OktaApiToken>('okta.api-token').map((x) => x.data.id)).size).toBe(45);
    expect(r.records('okta.log-stream')).toHaveLength(45);
    // The one active stream is on the third page: a capped read would miss it.
    expect(
      r
        .records<OktaLogStream>('okta.log-stream')
        .filter((x) => x.data.status === 'ACTIVE')
        .map((x) => x.data.name),
    ).toEqual(['s44']);
    expect(s.log.filter({ operation: 'GET /api/v1/api-tokens', status: 200 })).toHaveLength(3);
    expect(s.log.filter({ operation: 'GET /api/v1/logStreams', status: 200 })).toHaveLength(3);
  });

  it('a failed second page is a truncated API-token enumeration, and nothing else errs', async () => {
    const s = await start({ ...demo(), ...many(45) }, [{ provider: 'okta', operation: 'GET /api/v1/api-tokens', kind: 'fail', match: { page: 2 } }]);
    const r = await run(s);
    expect(r.errors().map((e) => [e.type, e.cause])).toEqual([['okta.api-token', 'truncated']]);
    expect(r.records('okta.log-stream')).toHaveLength(45);
  });

  it('a 403 on each new endpoint errs only its type, naming the missing scope', async () => {
    const faults: FaultSpec[] = ['GET /api/v1/logStreams', 'GET /api/v1/eventHooks', 'GET /api/v1/api-tokens', 'GET /api/v1/apps'].map((operation) => ({
      provider: 'okta',
      operation,
      kind: 'deny',
    }));
    const s = await start(demo(), faults);
    const r = await run(s);
    const errs = Object.fromEntries(r.errors().map((e) => [e.type, [e.cause, e.missingPermission]]));
    expect(errs).toEqual({
      'okta.log-stream': ['denied', 'okta.logStreams.read'],
      'okta.event-hook': ['denied', 'okta.eventHooks.read'],
      'okta.api-token': ['denied', 'okta.apiTokens.read'],
      'okta.app.admin-console': ['denied', 'okta.apps.read'],
      'okta.app': ['denied', 'okta.apps.read'],
    });
    expect(r.records('okta.user')).toHaveLength(25);
  });

  it('reads an API token without tokenWindow or network as invalid, never as a default', async () => {
    for (const field of ['tokenWindow', 'network', 'userId']) {
      const s = await start(demo(), [{ provider: 'okta', operation: 'GET /api/v1/api-tokens', kind: 'missing-field', field }]);
      const r = await run(s);
      const e = r.errors().find((x) => x.type === 'okta.api-token');
      expect(e, field).toMatchObject({ cause: 'invalid-response' });
      expect(e!.message).toMatch(new RegExp(`has no ${field === 'network' ? 'network.connection' : field} field`));
      expect(r.records('okta.api-token')).toHaveLength(0);
      await s.close();
      sandbox = undefined;
    }
  });

  it('an org without the saasure app is invalid, not "nothing to check"', async () => {
    const s = await start({ ...demo(), apps: [{ name: 'okta_enduser', accessPolicy: 'Any two factors' }] });
    const r = await run(s);
    expect(r.errors()).toEqual([expect.objectContaining({ type: 'okta.app.admin-console', cause: 'invalid-response' })]);
  });

  it('parses the ISO-8601 token windows Okta uses', () => {
    expect([durationDays('P30D'), durationDays('PT720H'), durationDays('P1W'), durationDays('P1DT12H'), durationDays('30'), durationDays('P')]).toEqual([
      30,
      30,
      7,
      1.5,
      undefined,
      undefined,
    ]);
    expect(SECURITY_TYPES).toHaveLength(4);
  });
});
