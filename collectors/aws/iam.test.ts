import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollector } from '../../test/helpers/collect.js';
import { SANDBOX_BASE_CREDENTIALS } from '../../src/sandbox/aws/index.js';
import { awsIamCollector } from './iam.js';
import { awsConfig, demoAws, startAws, useBaseCredentials } from './testing.js';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

describe('aws-iam collector against the sandbox', () => {
  it('collects every account of the organization, assuming the audit role in members', async () => {
    const sb = await startAws(demoAws());
    try {
      const run = await runCollector(awsIamCollector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      for (const type of awsIamCollector.meta.produces) expect(run.view.scopes(type).sort()).toEqual(ACCOUNTS);
      const report = run.view.records('aws.iam.credential-report').find((r) => r.scope === '222222222222')!.data;
      // Parsed once here: booleans, timestamps or null; the CSV's strings stay in the raw answer.
      expect(report.rows[0]).toMatchObject({
        user: '<root_account>',
        root: true,
        passwordEnabled: null,
        passwordLastChanged: null,
        accessKeys: [
          { slot: 1, active: false, lastUsed: null },
          { slot: 2, active: false },
        ],
      });
      const dave = report.rows.find((r) => r.user === 'dave')!;
      expect(dave).toMatchObject({ root: false, mfaActive: false });
      expect(typeof dave.passwordEnabled).toBe('boolean');
      expect(dave.userCreationTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      const csv = [...run.raw.entries()].find(([k]) => k.includes('222222222222') && k.includes('GetCredentialReport'))?.[1];
      expect(JSON.stringify(csv)).toContain('password_enabled');
      expect(report.generatedTime).toBe('2026-11-22T12:00:00.000Z');
      const policy = run.records('aws.iam.authorization-details').find((r) => r.data.kind === 'policy' && r.data.name === 'legacy-admin')!;
      expect(policy.data.document.Statement[0]).toEqual({ Effect: 'Allow', Action: '*', Resource: '*' });
      expect(run.records('aws.iam.password-policy').find((r) => r.scope === '333333333333')!.data).toEqual({ account: '333333333333', exists: false });
      expect(run.facts['aws.callerIdentity.222222222222']).toMatchObject({ account: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/soc2-audit' });
      expect(run.facts['aws.callerIdentity.111111111111']).toMatchObject({ arn: 'arn:aws:iam::111111111111:user/soc2-collector' });
      const assumed = sb.log.filter({ operation: 'sts:AssumeRole' }).map((e) => e.attrs.account);
      expect(assumed).toEqual(['111111111111', '111111111111']);
      // The report is in progress on the first poll of every account, then delivered.
      const polls = sb.log.filter({ operation: 'iam:GetCredentialReport' }).filter((e) => e.attrs.account === '222222222222');
      expect(polls.map((e) => e.status)).toEqual([404, 200]);
      expect(sb.log.entries.every((e) => e.auth === 'sigv4')).toBe(true);
      // No secret reaches a record or a raw body.
      const dump = JSON.stringify(run.events) + JSON.stringify([...run.raw.values()]);
      expect(dump).not.toContain('SANDBOXSECRET');
      expect(dump).not.toContain(SANDBOX_BASE_CREDENTIALS.secretAccessKey);
    } finally {
      await sb.close();
    }
  });

  it('one account denying GetAccountAuthorizationDetails errors only that type in that account', async () => {
    const sb = await startAws(demoAws(), [
      { provider: 'aws', operation: 'iam:GetAccountAuthorizationDetails', kind: 'deny', match: { account: '222222222222' } },
    ]);
    try {
      const run = await runCollector(awsIamCollector, awsConfig(sb));
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.iam.authorization-details', '222222222222', 'denied']]);
      expect(run.view.scopes('aws.iam.authorization-details').sort()).toEqual(['111111111111', '333333333333']);
      expect(run.view.scopes('aws.iam.credential-report').sort()).toEqual(ACCOUNTS);
    } finally {
      await sb.close();
    }
  });

  it('a throttled call succeeds on retry with the same records', async () => {
    const clean = await startAws(demoAws());
    const throttled = await startAws(demoAws(), [
      { provider: 'aws', operation: 'iam:GetAccountAuthorizationDetails', kind: 'throttle', match: { account: '222222222222' }, times: 2 },
    ]);
    try {
      const a = await runCollector(awsIamCollector, awsConfig(clean), { concurrency: 1 });
      const b = await runCollector(awsIamCollector, awsConfig(throttled), { concurrency: 1 });
      expect(b.errors()).toEqual([]);
      expect(b.records('aws.iam.authorization-details')).toEqual(a.records('aws.iam.authorization-details'));
      expect(b.retries.filter((r) => r.operation === 'iam:GetAccountAuthorizationDetails')).toHaveLength(2);
      const calls = throttled.log.filter({ operation: 'iam:GetAccountAuthorizationDetails' }).filter((e) => e.attrs.account === '222222222222');
      expect(calls.map((e) => [e.status, e.retry])).toEqual([
        [400, false],
        [400, true],
        [200, true],
      ]);
    } finally {
      await clean.close();
      await throttled.close();
    }
  });

  it('a page failing mid-enumeration is a truncated error, not a shorter list', async () => {
    const data = demoAws();
    data.accounts[1]!.users = Array.from({ length: 2_300 }, (_, i) => ({ name: `user${i}`, console: false as const }));
    const sb = await startAws(data, [
      { provider: 'aws', operation: 'iam:GetAccountAuthorizationDetails', kind: 'truncate', match: { account: '222222222222', page: 2 } },
    ]);
    try {
      const run = await runCollector(awsIamCollector, awsConfig(sb));
      const err = run.errors();
      expect(err.map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.iam.authorization-details', '222222222222', 'truncated']]);
      expect(run.view.records('aws.iam.authorization-details').some((r) => r.scope === '222222222222')).toBe(false);
      const pages = sb.log.filter({ operation: 'iam:GetAccountAuthorizationDetails' }).filter((e) => e.attrs.account === '222222222222');
      expect(pages[0]!.attrs.page).toBe(1);
      expect(pages.slice(1).every((e) => e.attrs.page === 2 && e.status === 500)).toBe(true);
    } finally {
      await sb.close();
    }
  });

  it('organization discovery denied errors every type for scope *', async () => {
    const sb = await startAws(demoAws(), [{ provider: 'aws', operation: 'organizations:ListAccounts', kind: 'deny' }]);
    try {
      const run = await runCollector(awsIamCollector, awsConfig(sb));
      expect(run.errors().map((e) => [e.scope, e.cause])).toEqual(awsIamCollector.meta.produces.map(() => ['*', 'denied']));
    } finally {
      await sb.close();
    }
  });

  it('a credential report without a column the checks read is invalid for that account, naming the column', async () => {
    const sb = await startAws(demoAws(), [
      { provider: 'aws', operation: 'iam:GetCredentialReport', kind: 'missing-field', field: 'access_key_1_active', match: { account: '222222222222' } },
    ]);
    try {
      const run = await runCollector(awsIamCollector, awsConfig(sb));
      const err = run.errors();
      expect(err.map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.iam.credential-report', '222222222222', 'invalid-response']]);
      expect(err[0]!.message).toContain('no column access_key_1_active');
      expect(run.view.scopes('aws.iam.credential-report').sort()).toEqual(['111111111111', '333333333333']);
    } finally {
      await sb.close();
    }
  });

  it('a page marked IsTruncated without a Marker is a truncated list, never the whole one', async () => {
    const sb = await startAws(demoAws(), [
      { provider: 'aws', operation: 'iam:ListVirtualMFADevices', kind: 'early-end', match: { account: '333333333333', page: 1 } },
    ]);
    try {
      const run = await runCollector(awsIamCollector, awsConfig(sb));
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.iam.virtual-mfa-devices', '333333333333', 'truncated']]);
      expect(run.errors()[0]!.message).toMatch(/IsTruncated.*no Marker/);
    } finally {
      await sb.close();
    }
  });

  it('an answer that never comes ends as a timeout for its account after the configured attempts', async () => {
    const sb = await startAws(demoAws(), [
      { provider: 'aws', operation: 'iam:GetAccountSummary', kind: 'hang', ms: 60_000, match: { account: '111111111111' } },
    ]);
    try {
      const t0 = Date.now();
      const run = await runCollector(awsIamCollector, awsConfig(sb, { maxAttempts: 2 }), { timeoutMs: 300 });
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.iam.account-summary', '111111111111', 'timeout']]);
      expect(sb.log.filter({ operation: 'iam:GetAccountSummary' }).filter((e) => e.attrs.account === '111111111111')).toHaveLength(2);
      expect(Date.now() - t0).toBeLessThan(2 * 300 * 2 + 3_000);
    } finally {
      await sb.close();
    }
  });
});
