import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAjv } from '../../src/util/ajv.js';
import { runCollector } from '../../test/helpers/collect.js';
import { awsAcmCollector } from './acm/collector.js';
import type { AcmCertificate } from './acm/evidence.js';
import { awsKmsCollector } from './kms/collector.js';
import type { KmsKey } from './kms/evidence.js';
import { awsLogsCollector } from './logs/collector.js';
import { awsS3Collector } from './s3/collector.js';
import { awsSecretsmanagerCollector } from './secretsmanager/collector.js';
import { awsConfig, demoAws, startAws, useBaseCredentials } from './testing.js';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

const one = { accounts: [{ id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/soc2-audit' }], organization: undefined };

describe('regional AWS collectors against the sandbox', () => {
  it('every record of the demo estate validates against its evidence schema, and every account/region is complete', async () => {
    const sb = await startAws(demoAws());
    try {
      const ajv = makeAjv();
      for (const c of [awsS3Collector, awsKmsCollector, awsAcmCollector, awsSecretsmanagerCollector, awsLogsCollector]) {
        const run = await runCollector(c, awsConfig(sb));
        expect(run.errors(), c.meta.id).toEqual([]);
        for (const type of c.meta.produces) {
          const validate = ajv.compile(JSON.parse(readFileSync(`schemas/evidence/${type}.schema.json`, 'utf8')));
          const recs = run.records(type);
          expect(recs.length, type).toBeGreaterThan(0);
          for (const r of recs) expect(validate(JSON.parse(JSON.stringify(r.data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
        }
        if (c !== awsS3Collector) expect(run.view.scopes(c.meta.produces[0]!)).toHaveLength(6);
      }
      const dump = JSON.stringify([...sb.log.entries]);
      expect(dump).not.toContain('SANDBOXSECRET');
    } finally {
      await sb.close();
    }
  });

  it('KMS asks rotation only of enabled customer-managed symmetric keys: AWS-managed, asymmetric and pending-deletion keys are out of scope', async () => {
    const sb = await startAws(demoAws());
    try {
      const run = await runCollector(awsKmsCollector, awsConfig(sb, one));
      expect(run.errors()).toEqual([]);
      const keys = run.records<KmsKey>('aws.kms.key').map((r) => r.data);
      const byAlias = (desc: string) => keys.find((k) => k.keySpec === desc || k.keyState === desc);
      expect(byAlias('RSA_2048')).toMatchObject({ keyManager: 'CUSTOMER', keyUsage: 'SIGN_VERIFY' });
      expect(byAlias('RSA_2048')!.rotation).toBeUndefined();
      expect(byAlias('PendingDeletion')).toMatchObject({ enabled: false });
      expect(byAlias('PendingDeletion')!.rotation).toBeUndefined();
      expect(
        keys
          .filter((k) => k.rotation)
          .map((k) => [k.region, k.rotation!.enabled, k.rotation!.periodDays])
          .sort(),
      ).toEqual([
        ['eu-west-1', true, 180],
        ['us-east-1', false, undefined],
      ]);
      // One DescribeKey per key, and rotation asked of exactly the two keys it applies to.
      expect(run.pages['kms:DescribeKey']).toBe(4);
      expect(run.pages['kms:GetKeyRotationStatus']).toBe(2);
    } finally {
      await sb.close();
    }
  });

  it('ACM lists certificates of every key type (the default filter would hide EC certificates)', async () => {
    const sb = await startAws(demoAws());
    try {
      const run = await runCollector(awsAcmCollector, awsConfig(sb, one));
      const certs = run.records<AcmCertificate>('aws.acm.certificate').map((r) => r.data);
      expect(certs.map((c) => [c.domainName, c.keyAlgorithm, c.inUse]).sort()).toEqual([
        ['api.acme.example', 'RSA_2048', true],
        ['eu.acme.example', 'EC_prime256v1', true],
        ['legacy.acme.example', 'RSA_2048', true],
        ['unused.acme.example', 'RSA_2048', false],
      ]);
      expect(certs.find((c) => c.domainName === 'legacy.acme.example')).toMatchObject({
        type: 'IMPORTED',
        renewalEligibility: 'INELIGIBLE',
        notAfter: '2026-12-12T12:00:00.000Z',
      });
    } finally {
      await sb.close();
    }
  });

  it('a region the account has not enabled is a recorded fact (complete, empty); an unreachable region is an error', async () => {
    const data = demoAws();
    data.accounts[1]!.notEnabled = { 'eu-west-1': ['*'] };
    const sb = await startAws(data, [
      { provider: 'aws', operation: 'logs:DescribeLogGroups', kind: 'fail', match: { account: '222222222222', region: 'us-east-1' } },
    ]);
    try {
      const run = await runCollector(awsLogsCollector, awsConfig(sb, one));
      expect(run.errors().map((e) => [e.scope, e.cause])).toEqual([['222222222222/us-east-1', 'server']]);
      expect(run.view.scopes('aws.logs.log-group')).toEqual(['222222222222/eu-west-1']);
      expect(run.records('aws.logs.log-group')).toEqual([]);
      expect(run.facts['aws.notEnabled.222222222222/eu-west-1.aws.logs.log-group']).toEqual({
        code: 'SubscriptionRequiredException',
        operation: 'logs:DescribeLogGroups',
      });
      const kms = await runCollector(awsKmsCollector, awsConfig(sb, one));
      expect(kms.errors()).toEqual([]);
      expect(kms.facts['aws.notEnabled.222222222222/eu-west-1.aws.kms.key']).toMatchObject({ code: 'SubscriptionRequiredException' });
    } finally {
      await sb.close();
    }
  });

  it('secrets and log groups are read to the last page; a page failing mid-way is a truncated scope, never a short list', async () => {
    const data = demoAws();
    data.accounts[1]!.secrets = Array.from({ length: 230 }, (_, i) => ({ name: `svc/${i}`, rotation: { days: 30, lastRotated: '-3d' } }));
    data.accounts[1]!.logGroups = Array.from({ length: 120 }, (_, i) => ({ name: `/app/${String(i).padStart(3, '0')}`, retentionDays: 400 }));
    const sb = await startAws(data, [
      { provider: 'aws', operation: 'logs:DescribeLogGroups', kind: 'deny', match: { account: '222222222222', region: 'us-east-1', page: 3 } },
    ]);
    try {
      const cfg = awsConfig(sb, { ...one, regions: ['us-east-1'] });
      const secrets = await runCollector(awsSecretsmanagerCollector, cfg);
      expect(secrets.errors()).toEqual([]);
      expect(secrets.records('aws.secretsmanager.secret')).toHaveLength(230);
      expect(secrets.pages['secretsmanager:ListSecrets']).toBe(3);
      const logs = await runCollector(awsLogsCollector, cfg);
      expect(logs.errors().map((e) => [e.scope, e.cause])).toEqual([['222222222222/us-east-1', 'truncated']]);
      expect(logs.view.records('aws.logs.log-group')).toEqual([]);
    } finally {
      await sb.close();
    }
  });
});
