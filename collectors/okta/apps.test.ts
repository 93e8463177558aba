import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO_OKTA_TOKEN } from '../../src/sandbox/okta/index.js';
import { runCollector } from '../../test/helpers/collect.js';
import { appHosts } from './apps.js';
import { oktaCollector } from './collector.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
const clock = () => new Date('2026-11-22T12:00:00Z');
const demo = loadScenario('demo-org').providers.okta as { apps: unknown[] };

describe('okta.app (vendor discovery)', () => {
  it('lists ACTIVE apps through the SDK, with their hosts and whether anyone is assigned', async () => {
    sandbox = await startSandbox({ name: 't', providers: { okta: demo } }, { now: clock });
    const run = await runCollector(oktaCollector, { orgUrl: sandbox.urls.okta!, token: DEMO_OKTA_TOKEN });
    expect(run.errors()).toEqual([]);
    expect(run.records('okta.app').map((r) => [r.data.label, r.data.signOnMode, r.data.hosts, r.data.usersAssigned])).toEqual([
      ['Zendesk Support', 'SAML_2_0', ['acme.zendesk.com'], true],
      ['Lucidchart', 'BOOKMARK', ['lucid.app'], true],
      ['Old Wiki', 'BOOKMARK', ['wiki.acme.example'], false],
    ]);
    expect(sandbox.log.filter({ operation: 'GET /api/v1/apps' }).filter((e) => e.path.includes('filter=status'))).toHaveLength(1);
    expect(sandbox.log.count('okta', 'GET /api/v1/apps/{id}/users')).toBe(3);
  });

  it('pages the app listing to the end, and a denied listing errors okta.app only', async () => {
    const apps = Array.from({ length: 205 }, (_, i) => ({ name: `app${i}`, label: `App ${i}` }));
    sandbox = await startSandbox({ name: 't', providers: { okta: { ...(demo as object), apps } } }, { now: clock });
    const run = await runCollector(oktaCollector, { orgUrl: sandbox.urls.okta!, token: DEMO_OKTA_TOKEN });
    expect(run.records('okta.app')).toHaveLength(205);
    // Two pages of ACTIVE apps (205 and Okta's own two, 200 a page) and the Admin Console's own lookup.
    expect(sandbox.log.count('okta', 'GET /api/v1/apps')).toBe(3);
    sandbox.faults.add({ provider: 'okta', operation: 'GET /api/v1/apps', kind: 'deny' });
    const denied = await runCollector(oktaCollector, { orgUrl: sandbox.urls.okta!, token: DEMO_OKTA_TOKEN });
    expect(
      denied
        .errors()
        .map((e) => [e.type, e.cause])
        .sort(),
    ).toEqual([
      ['okta.app', 'denied'],
      ['okta.app.admin-console', 'denied'],
    ]);
    expect(denied.view.scopes('okta.app')).toEqual([]);
  }, 30_000);

  it('takes hosts from any URL in the settings', () => {
    expect(appHosts({ app: { url: 'https://Lucid.app/x' }, oauthClient: { redirect_uris: ['https://a.example/cb', 'not a url'] } })).toEqual([
      'a.example',
      'lucid.app',
    ]);
  });
});
