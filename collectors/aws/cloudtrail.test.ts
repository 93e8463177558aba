import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollector } from '../../test/helpers/collect.js';
import { scoreCheck } from '../../src/engine/score.js';
import { multiRegionLogging } from '../../controls/checks/aws/aws.cloudtrail.multi-region-logging.js';
import { deliveryHealthy } from '../../controls/checks/aws/aws.cloudtrail.delivery-healthy.js';
import { noTampering } from '../../controls/checks/aws/aws.cloudtrail.no-tampering.js';
import { rootConsoleLogins } from '../../controls/checks/aws/aws.cloudtrail.root-console-logins.js';
import { awsCloudtrailCollector } from './cloudtrail.js';
import { awsConfig, demoAws, startAws, useBaseCredentials } from './testing.js';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

describe('aws-cloudtrail collector against the sandbox', () => {
  it('an organization trail in the management account makes members pass; a stopped member trail fails naming account and region', async () => {
    const sb = await startAws(demoAws());
    try {
      const run = await runCollector(awsCloudtrailCollector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      expect(run.view.scopes('aws.cloudtrail.trail')).toHaveLength(6);
      const mrl = scoreCheck(multiRegionLogging, run.view, {}, new Date('2026-11-22T12:00:00Z'));
      expect(mrl.status).toBe('pass');
      expect(mrl.findings.filter((f) => f.scope === '333333333333/eu-west-1')[0]!.reason).toContain('organization trail org-trail');
      const dh = scoreCheck(deliveryHealthy, run.view, { maxHoursSinceDelivery: 24 }, new Date('2026-11-22T12:00:00Z'));
      expect(dh.status).toBe('fail');
      expect(dh.findings.filter((f) => f.status === 'fail').map((f) => [f.resource, f.reason.includes('account 333333333333, region eu-west-1')])).toEqual([
        ['arn:aws:cloudtrail:eu-west-1:333333333333:trail/dev-eu-trail', true],
      ]);
      expect(
        scoreCheck(rootConsoleLogins, run.view, { max: 0 }, new Date())
          .findings.filter((f) => f.status === 'fail')
          .map((f) => f.scope),
      ).toEqual(['333333333333/us-east-1']);
      expect(scoreCheck(noTampering, run.view, { allowedActors: [], eventNames: ['StopLogging'] }, new Date()).status).toBe('fail');
      const trail = run.records('aws.cloudtrail.trail').find((r) => r.scope === '222222222222/eu-west-1')!.data;
      expect(trail).toMatchObject({ arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail', shadow: true, isOrganizationTrail: true });
      const dump = JSON.stringify(run.events) + JSON.stringify([...run.raw.values()]);
      expect(dump).not.toContain('SANDBOXSECRET');
    } finally {
      await sb.close();
    }
  });

  it('a region whose only trail is stopped fails multi-region logging for that account and region', async () => {
    const data = demoAws();
    data.accounts[0]!.trails = [];
    data.accounts[2]!.trails = [
      { name: 'dev-trail', home: 'us-east-1', multiRegion: false, logging: true },
      { name: 'dev-eu', home: 'eu-west-1', multiRegion: true, logging: false },
    ];
    const sb = await startAws(data);
    try {
      const run = await runCollector(
        awsCloudtrailCollector,
        awsConfig(sb, {
          organization: undefined,
          accounts: [{ id: '111111111111' }, { id: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/soc2-audit' }],
        }),
      );
      const res = scoreCheck(multiRegionLogging, run.view, {}, new Date());
      const failed = res.findings
        .filter((f) => f.status === 'fail')
        .map((f) => f.scope)
        .sort();
      expect(failed).toEqual(['111111111111/eu-west-1', '111111111111/us-east-1', '333333333333/eu-west-1', '333333333333/us-east-1']);
      expect(res.findings.find((f) => f.scope === '333333333333/eu-west-1')!.reason).toMatch(/333333333333, region eu-west-1.*not logging/);
    } finally {
      await sb.close();
    }
  });

  it('a denied GetEventSelectors is an error for that account and region, never a pass', async () => {
    const sb = await startAws(demoAws(), [
      { provider: 'aws', operation: 'cloudtrail:GetEventSelectors', kind: 'deny', match: { account: '222222222222', region: 'eu-west-1' } },
    ]);
    try {
      const run = await runCollector(awsCloudtrailCollector, awsConfig(sb));
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.cloudtrail.trail', '222222222222/eu-west-1', 'denied']]);
      expect(scoreCheck(multiRegionLogging, run.view, {}, new Date()).status).toBe('error');
    } finally {
      await sb.close();
    }
  });

  it('2,000 events over 40 pages with throttled pages are all collected', async () => {
    const data = demoAws();
    data.accounts[1]!.events = Array.from({ length: 2000 }, (_, i) => ({
      at: `-${(i + 1) * 10}m`,
      name: i % 2 ? 'AttachUserPolicy' : 'CreateUser',
      user: 'ci-deploy',
    }));
    data.options = { lookupEventsPerSecond: 0 };
    const sb = await startAws(data, [
      {
        provider: 'aws',
        operation: 'cloudtrail:LookupEvents',
        kind: 'throttle',
        match: { account: '222222222222', region: 'us-east-1' },
        calls: [3, 10, 11, 25],
      },
    ]);
    try {
      const run = await runCollector(awsCloudtrailCollector, awsConfig(sb, { regions: ['us-east-1'] }));
      expect(run.errors()).toEqual([]);
      const evs = run.view.records('aws.cloudtrail.event').filter((r) => r.scope === '222222222222/us-east-1');
      expect(evs).toHaveLength(2000);
      expect(new Set(evs.map((r) => r.data.eventId)).size).toBe(2000);
      const iamPages = sb.log.entries.filter(
        (e) => e.operation === 'cloudtrail:LookupEvents' && e.attrs.account === '222222222222' && e.status === 200 && e.path === '/',
      );
      expect(Math.max(...iamPages.map((e) => Number(e.attrs.page)))).toBe(40);
      expect(sb.log.entries.filter((e) => e.fault === 'throttle')).toHaveLength(4);
      expect(run.retries.filter((r) => r.operation === 'cloudtrail:LookupEvents')).toHaveLength(4);
    } finally {
      await sb.close();
    }
  });

  it('the sandbox enforces a LookupEvents rate limit and the paced collector is never throttled into failure', async () => {
    const data = demoAws();
    data.options = { lookupEventsPerSecond: 10 };
    data.accounts = [data.accounts[0]!];
    const sb = await startAws(data);
    try {
      const run = await runCollector(
        awsCloudtrailCollector,
        awsConfig(sb, { regions: ['us-east-1'], lookupEventsPerSecond: 30, maxAttempts: 10, retryBaseMs: 50 }),
      );
      expect(run.errors()).toEqual([]);
      expect(sb.log.entries.some((e) => e.operation === 'cloudtrail:LookupEvents' && e.status === 400)).toBe(true);
      expect(run.view.scopes('aws.cloudtrail.event')).toEqual(['111111111111/us-east-1']);
    } finally {
      await sb.close();
    }
  });
});
