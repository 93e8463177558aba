import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAjv } from '../../src/util/ajv.js';
import { scoreCheck } from '../../src/engine/score.js';
import { compileParams } from '../../src/config/params.js';
import type { Check } from '../../src/types.js';
import { runCollector, type CollectorRun } from '../../test/helpers/collect.js';
import { awsChecks } from '../../controls/checks/aws/index.js';
import { awsBackupCollector } from './backup/index.js';
import { awsDynamodbCollector } from './dynamodb/index.js';
import { awsEc2Collector } from './ec2/index.js';
import { awsElbv2Collector } from './elbv2/index.js';
import { awsRdsCollector } from './rds/index.js';
import { AwsCallError } from './errors.js';
import { notEnabledCode } from './regional.js';
import { awsConfig, demoAws, startAws, TEST_NOW, useBaseCredentials } from './testing.js';

const COLLECTORS = [awsRdsCollector, awsEc2Collector, awsElbv2Collector, awsDynamodbCollector, awsBackupCollector];
const IDS = [
  'aws.rds.storage-encrypted',
  'aws.rds.automated-backups',
  'aws.rds.not-public',
  'aws.rds.resilience',
  'aws.ebs.default-encryption',
  'aws.dynamodb.pitr',
  'aws.backup.protected-resources',
  'aws.backup.restore-tested',
  'aws.elb.tls-listeners',
];

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

/** Runs the five collectors as one run would (one shared map: accounts are discovered and opened once). */
async function collectAll(sbUrl: Parameters<typeof awsConfig>[0], extra = {}): Promise<CollectorRun[]> {
  const shared = new Map<string, unknown>();
  const runs: CollectorRun[] = [];
  for (const c of COLLECTORS) runs.push(await runCollector(c, awsConfig(sbUrl, extra), { shared }));
  return runs;
}

function judge(id: string, run: CollectorRun) {
  const check = awsChecks.find((c) => c.meta.id === id)! as Check<unknown>;
  return scoreCheck(check, run.view, compileParams(id, check.meta.paramsSchema)({}), TEST_NOW);
}

describe('data-protection collectors against the sandbox (demo organisation)', () => {
  it('collect every account and region without error; each new check has a pass and a planted fail; records match their schemas', async () => {
    const sb = await startAws(demoAws());
    try {
      const runs = await collectAll(sb);
      const ajv = makeAjv();
      for (const [i, run] of runs.entries()) {
        expect(run.errors()).toEqual([]);
        for (const type of COLLECTORS[i]!.meta.produces) {
          // 3 accounts × 2 regions, each complete (empty ones included).
          expect(run.view.scopes(type), type).toHaveLength(6);
          const validate = ajv.compile(JSON.parse(readFileSync(`schemas/evidence/${type}.schema.json`, 'utf8')));
          for (const r of run.records(type)) expect(validate(JSON.parse(JSON.stringify(r.data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
        }
      }
      const [rds, ec2, elb, ddb, bkp] = runs as [CollectorRun, CollectorRun, CollectorRun, CollectorRun, CollectorRun];
      const byCheck: Record<string, CollectorRun> = {
        'aws.rds.storage-encrypted': rds,
        'aws.rds.automated-backups': rds,
        'aws.rds.not-public': rds,
        'aws.rds.resilience': rds,
        'aws.ebs.default-encryption': ec2,
        'aws.dynamodb.pitr': ddb,
        'aws.backup.protected-resources': bkp,
        'aws.backup.restore-tested': bkp,
        'aws.elb.tls-listeners': elb,
      };
      const fails: Record<string, string[]> = {};
      for (const id of IDS) {
        const res = judge(id, byCheck[id]!);
        expect(res.status, id).toBe('fail');
        expect(
          res.findings.some((f) => f.status === 'pass'),
          `${id} has a passing resource`,
        ).toBe(true);
        fails[id] = res.findings
          .filter((f) => f.status === 'fail')
          .map((f) => f.resource)
          .sort();
      }
      expect(fails).toEqual({
        'aws.rds.storage-encrypted': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.rds.automated-backups': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.rds.not-public': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.rds.resilience': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.ebs.default-encryption': [
          'arn:aws:ec2:eu-west-1:222222222222:ebs-encryption-by-default',
          'arn:aws:ec2:eu-west-1:222222222222:volume/vol-0a1b2c3d4e5f60002',
        ],
        'aws.dynamodb.pitr': ['arn:aws:dynamodb:eu-west-1:222222222222:table/sessions'],
        'aws.backup.protected-resources': [
          expect.stringMatching(/^arn:aws:backup:eu-west-1:222222222222:backup-plan:/),
          'arn:aws:dynamodb:us-east-1:222222222222:table/orders',
        ],
        'aws.backup.restore-tested': ['arn:aws:iam::333333333333:root'],
        'aws.elb.tls-listeners': [expect.stringContaining(':listener/app/legacy-api/'), expect.stringContaining(':listener/app/legacy-api/')],
      });
      const restoreTested = judge('aws.backup.restore-tested', bkp).findings.find((f) => f.status === 'pass')!;
      expect(restoreTested.reason).toContain('restore testing plan quarterly-restore-test');
      // The orders table's newest point is PARTIAL (10 h old); only the COMPLETED one 3 days old counts.
      expect(bkp.records('aws.backup.protected-resource').find((r) => r.data.arn.endsWith('table/orders'))!.data.recoveryPoints).toBe(2);
      const dump = JSON.stringify(runs.map((r) => r.events)) + JSON.stringify(runs.map((r) => [...r.raw.values()]));
      expect(dump).not.toContain('SANDBOXSECRET');
    } finally {
      await sb.close();
    }
  });
});

describe('honesty traps', () => {
  it('a region where the services are not enabled (OptInRequired, SubscriptionRequiredException) is a recorded fact: complete, empty, never an error', async () => {
    const data = demoAws();
    data.accounts[1]!.notEnabled = { 'eu-west-1': ['*'] };
    const sb = await startAws(data);
    try {
      const runs = await collectAll(sb);
      for (const run of runs) {
        expect(run.errors()).toEqual([]);
        for (const type of new Set(run.events.map((e) => e.type))) expect(run.view.scopes(type)).toContain('222222222222/eu-west-1');
        expect(run.events.filter((e) => e.kind === 'record' && e.scope === '222222222222/eu-west-1')).toEqual([]);
      }
      const [rds, ec2, , ddb] = runs;
      expect(ec2!.facts['aws.notEnabled.222222222222/eu-west-1.aws.ebs.encryption-by-default']).toEqual({
        code: 'OptInRequired',
        operation: 'ec2:GetEbsEncryptionByDefault',
      });
      expect(ec2!.facts['aws.notEnabled.222222222222/eu-west-1.aws.ebs.volume']).toEqual({ code: 'OptInRequired', operation: 'ec2:DescribeVolumes' });
      expect(rds!.facts['aws.notEnabled.222222222222/eu-west-1.aws.rds.db-cluster']).toEqual({
        code: 'SubscriptionRequiredException',
        operation: 'rds:DescribeDBClusters',
      });
      // The planted eu-west-1 gaps are gone with the region; us-east-1's verdicts stand.
      expect(judge('aws.ebs.default-encryption', ec2!).status).toBe('pass');
      expect(judge('aws.dynamodb.pitr', ddb!).status).toBe('pass');
      expect(sb.log.entries.filter((e) => e.status === 401 || e.status === 400).length).toBeGreaterThan(0);
    } finally {
      await sb.close();
    }
  });

  it('an unreachable region (every call fails past retries) is an error for that account and region, never a pass', async () => {
    const sb = await startAws(demoAws(), [{ provider: 'aws', operation: '*', kind: 'fail', match: { account: '111111111111', region: 'eu-west-1' } }]);
    try {
      const runs = await collectAll(sb);
      for (const [i, run] of runs.entries()) {
        const errs = run.errors().map((e) => [e.type, e.scope, e.cause]);
        expect(errs).toEqual(COLLECTORS[i]!.meta.produces.map((t) => [t, '111111111111/eu-west-1', 'server']));
      }
      const [rds, ec2, elb, ddb, bkp] = runs as [CollectorRun, CollectorRun, CollectorRun, CollectorRun, CollectorRun];
      for (const [id, run] of [
        ['aws.rds.not-public', rds],
        ['aws.ebs.default-encryption', ec2],
        ['aws.elb.tls-listeners', elb],
        ['aws.dynamodb.pitr', ddb],
        ['aws.backup.restore-tested', bkp],
      ] as const) {
        const res = judge(id, run);
        expect(res.status, id).not.toBe('pass');
        expect(
          res.errors.map((e) => e.scope),
          id,
        ).toContain('111111111111/eu-west-1');
        expect(
          res.findings.some((f) => f.scope === '111111111111/eu-west-1'),
          id,
        ).toBe(false);
      }
    } finally {
      await sb.close();
    }
  });

  it('a denied DescribeContinuousBackups is an error for that table\'s region, never "PITR off" or a pass', async () => {
    const data = demoAws();
    // Every table has PITR: only the denial can keep the check from passing.
    data.accounts[1]!.tables = [
      { name: 'orders', pitr: true },
      { name: 'sessions', region: 'eu-west-1', pitr: true },
    ];
    const sb = await startAws(data, [
      { provider: 'aws', operation: 'dynamodb:DescribeContinuousBackups', kind: 'deny', match: { account: '222222222222', region: 'us-east-1' } },
    ]);
    try {
      const run = await runCollector(awsDynamodbCollector, awsConfig(sb));
      expect(run.errors().map((e) => [e.type, e.scope, e.cause, e.operation])).toEqual([
        ['aws.dynamodb.table', '222222222222/us-east-1', 'denied', 'dynamodb:DescribeContinuousBackups'],
      ]);
      expect(run.records('aws.dynamodb.table').some((r) => r.scope === '222222222222/us-east-1')).toBe(false);
      expect(judge('aws.dynamodb.pitr', run).status).toBe('error');
    } finally {
      await sb.close();
    }
  });

  it("each protocol's error answer is read as what it says: denials are `denied` for that scope only, a malformed body `invalid-response`", async () => {
    const deny = (operation: string, account: string, region: string) => ({ provider: 'aws', operation, kind: 'deny' as const, match: { account, region } });
    const sb = await startAws(demoAws(), [
      deny('rds:DescribeDBClusters', '222222222222', 'eu-west-1'),
      deny('elasticloadbalancing:DescribeSSLPolicies', '222222222222', 'us-east-1'),
      deny('backup:ListProtectedResources', '333333333333', 'us-east-1'),
      { provider: 'aws', operation: 'dynamodb:ListTables', kind: 'invalid', match: { account: '222222222222', region: 'eu-west-1' } },
      deny('ec2:DescribeVolumes', '111111111111', 'us-east-1'),
    ]);
    try {
      const errs = (await collectAll(sb)).flatMap((r) => r.errors().map((e) => [e.type, e.scope, e.cause, e.operation]));
      expect(errs).toEqual([
        ['aws.rds.db-cluster', '222222222222/eu-west-1', 'denied', 'rds:DescribeDBClusters'],
        ['aws.ebs.volume', '111111111111/us-east-1', 'denied', 'ec2:DescribeVolumes'],
        ['aws.elb.load-balancer', '222222222222/us-east-1', 'denied', 'elasticloadbalancing:DescribeSSLPolicies'],
        ['aws.dynamodb.table', '222222222222/eu-west-1', 'invalid-response', 'dynamodb:ListTables'],
        ['aws.backup.protected-resource', '333333333333/us-east-1', 'denied', 'backup:ListProtectedResources'],
      ]);
    } finally {
      await sb.close();
    }
  });

  it('a page that fails after the first is a truncated enumeration: error, never a shorter list that passes', async () => {
    const data = demoAws();
    data.accounts[1]!.volumes = Array.from({ length: 501 }, (_, i) => ({ id: `vol-${String(i).padStart(17, '0')}`, encrypted: true, instance: `i-${i}` }));
    data.accounts[1]!.ebsDefaultEncryption = { 'us-east-1': true, 'eu-west-1': true };
    const sb = await startAws(data, [
      { provider: 'aws', operation: 'ec2:DescribeVolumes', kind: 'deny', match: { account: '222222222222', region: 'us-east-1', page: 2 } },
    ]);
    try {
      const run = await runCollector(awsEc2Collector, awsConfig(sb));
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.ebs.volume', '222222222222/us-east-1', 'truncated']]);
      expect(judge('aws.ebs.default-encryption', run).status).toBe('error');
    } finally {
      await sb.close();
    }
  });

  it('pages every list to its end: 501 volumes, 201 tables, 101 DB instances, 1,001 restore jobs', async () => {
    const data = demoAws();
    const prod = data.accounts[1]!;
    prod.volumes = Array.from({ length: 501 }, (_, i) => ({ id: `vol-${String(i).padStart(17, '0')}`, encrypted: i !== 500, instance: `i-${i}` }));
    prod.tables = Array.from({ length: 201 }, (_, i) => ({ name: `t-${String(i).padStart(3, '0')}`, pitr: i !== 200 }));
    prod.rds = { instances: Array.from({ length: 101 }, (_, i) => ({ id: `db-${i}`, deletionProtection: true })) };
    prod.backup = {
      restores: Array.from({ length: 1001 }, (_, i) => ({
        at: `-${i + 400}d`,
        resource: `arn:aws:rds:us-east-1:222222222222:db:db-${i % 101}`,
        ...(i === 1000 ? { at: '-2d' } : {}),
      })),
    };
    const sb = await startAws(data);
    try {
      const [rds, ec2, , ddb, bkp] = await collectAll(sb, { regions: ['us-east-1'] });
      const inProd = (run: CollectorRun, type: string) => run.records(type).filter((r) => r.scope === '222222222222/us-east-1');
      expect(inProd(ec2!, 'aws.ebs.volume')).toHaveLength(501);
      expect(inProd(ddb!, 'aws.dynamodb.table')).toHaveLength(201);
      expect(inProd(rds!, 'aws.rds.db-instance')).toHaveLength(101);
      expect(inProd(bkp!, 'aws.backup.restore-job')).toHaveLength(1001);
      // The last item of each list is the one that decides.
      expect(
        judge('aws.ebs.default-encryption', ec2!)
          .findings.filter((f) => f.status === 'fail')
          .map((f) => f.resource),
      ).toEqual(['arn:aws:ec2:us-east-1:222222222222:volume/vol-00000000000000500']);
      expect(
        judge('aws.dynamodb.pitr', ddb!)
          .findings.filter((f) => f.status === 'fail')
          .map((f) => f.resource),
      ).toEqual(['arn:aws:dynamodb:us-east-1:222222222222:table/t-200']);
      expect(judge('aws.backup.restore-tested', bkp!).findings.find((f) => f.resource.includes('222222222222'))!.status).toBe('pass');
      const pages = (op: string) => sb.log.entries.filter((e) => e.operation === op && e.attrs.account === '222222222222' && e.status === 200).length;
      expect([pages('ec2:DescribeVolumes'), pages('dynamodb:ListTables'), pages('rds:DescribeDBInstances'), pages('backup:ListRestoreJobs')]).toEqual([
        2, 3, 2, 2,
      ]);
    } finally {
      await sb.close();
    }
  });

  it('AWS Backup with no plans, recovery points or restore jobs in an account is complete evidence: nothing to judge there', async () => {
    const sb = await startAws(demoAws());
    try {
      const run = await runCollector(awsBackupCollector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      for (const type of awsBackupCollector.meta.produces)
        expect(run.view.scopes(type)).toEqual(expect.arrayContaining(['111111111111/us-east-1', '111111111111/eu-west-1']));
      const res = judge('aws.backup.restore-tested', run);
      expect(res.findings.map((f) => f.resource).sort()).toEqual(['arn:aws:iam::222222222222:root', 'arn:aws:iam::333333333333:root']);
    } finally {
      await sb.close();
    }
  });
});

it('only a first-page answer can say a service is not enabled: the same code mid-enumeration is a failure', () => {
  const cause = Object.assign(new Error('You are not subscribed to this service.'), { name: 'OptInRequired' });
  expect(notEnabledCode(new AwsCallError('ec2:DescribeVolumes', cause, 1))).toBe('OptInRequired');
  expect(notEnabledCode(new AwsCallError('ec2:DescribeVolumes', cause, 2))).toBeUndefined();
  expect(notEnabledCode(new AwsCallError('ec2:DescribeVolumes', Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' }), 1))).toBeUndefined();
});

it('soc2 permissions asks exactly the read actions the five collectors call, nothing broader', async () => {
  const { awsPolicyDocument } = await import('./permissions.js');
  const doc = awsPolicyDocument(COLLECTORS.map((c) => c.meta.id));
  expect(doc.Statement[0]!.Action).toEqual([
    'backup:GetBackupPlan',
    'backup:GetBackupSelection',
    'backup:ListBackupPlans',
    'backup:ListBackupSelections',
    'backup:ListProtectedResources',
    'backup:ListRecoveryPointsByResource',
    'backup:ListRestoreJobs',
    'backup:ListRestoreTestingPlans',
    'dynamodb:DescribeContinuousBackups',
    'dynamodb:ListTables',
    'ec2:DescribeVolumes',
    'ec2:GetEbsEncryptionByDefault',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeSSLPolicies',
    'organizations:ListAccounts',
    'rds:DescribeDBClusters',
    'rds:DescribeDBInstances',
    'sts:GetCallerIdentity',
  ]);
  expect(JSON.stringify(doc)).not.toMatch(/"[a-z0-9-]+:\*"|Describe\*|List\*/);
});
