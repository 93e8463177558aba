import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { awsChecks } from './index.js';

const S = '222222222222/us-east-1';
const A = { account: '222222222222', region: 'us-east-1' };
const db = (o: Record<string, unknown> = {}) => ({
  ...A,
  id: 'orders',
  arn: 'arn:aws:rds:us-east-1:222222222222:db:orders',
  engine: 'postgres',
  storageEncrypted: true,
  backupRetentionPeriod: 7,
  publiclyAccessible: false,
  multiAZ: false,
  deletionProtection: true,
  tags: [],
  ...o,
});
const cluster = (o: Record<string, unknown> = {}) => ({
  ...A,
  id: 'ev',
  arn: 'arn:aws:rds:us-east-1:222222222222:cluster:ev',
  engine: 'aurora-postgresql',
  storageEncrypted: true,
  backupRetentionPeriod: 7,
  multiAZ: true,
  deletionProtection: true,
  members: ['ev-1'],
  tags: [],
  ...o,
});
const rds = (instances: object[], clusters: object[] = []) => ({ 'aws.rds.db-instance': { [S]: instances }, 'aws.rds.db-cluster': { [S]: clusters } });
const prodTag = [{ key: 'environment', value: 'Production' }];
const ebs = (enabled: boolean, ...volumes: object[]) => ({ 'aws.ebs.encryption-by-default': { [S]: [{ ...A, enabled }] }, 'aws.ebs.volume': { [S]: volumes } });
const vol = (o: Record<string, unknown> = {}) => ({
  ...A,
  id: 'vol-1',
  arn: 'arn:aws:ec2:us-east-1:222222222222:volume/vol-1',
  state: 'in-use',
  encrypted: true,
  attachedTo: ['i-1'],
  tags: [],
  ...o,
});
const table = (pitr: string) => ({
  'aws.dynamodb.table': {
    [S]: [{ ...A, name: 't', arn: 'arn:aws:dynamodb:us-east-1:222222222222:table/t', continuousBackups: 'ENABLED', pointInTimeRecovery: pitr }],
  },
});
const plan = (o: Record<string, unknown> = {}) => ({
  ...A,
  id: 'p',
  arn: 'arn:aws:backup:us-east-1:222222222222:backup-plan:p',
  name: 'daily',
  rules: [{ name: 'd', vault: 'Default', deleteAfterDays: 35 }],
  selections: [{ id: 's', name: 's', resources: ['arn:aws:rds:us-east-1:222222222222:db:*'], notResources: [], tags: [] }],
  ...o,
});
const prot = (at?: string, arn = 'arn:aws:rds:us-east-1:222222222222:db:orders') => ({
  ...A,
  arn,
  type: 'RDS',
  recoveryPoints: at ? 1 : 0,
  ...(at ? { latestCompleted: { arn: 'arn:aws:backup:rp', at } } : {}),
});
const backup = (plans: object[], resources: object[], jobs: object[] = [], testing: object[] = []) => ({
  'aws.backup.plan': { [S]: plans },
  'aws.backup.protected-resource': { [S]: resources },
  'aws.backup.restore-job': { [S]: jobs },
  'aws.backup.restore-testing-plan': { [S]: testing },
});
const testingPlan = {
  ...A,
  arn: 'arn:aws:backup:us-east-1:222222222222:restore-testing-plan:weekly',
  name: 'weekly',
  lastExecutionTime: '2026-11-20T01:00:00.000Z',
};
const job = (status: string, at: string, o: Record<string, unknown> = {}) => ({
  ...A,
  id: `j-${at}`,
  status,
  creationDate: at,
  ...(status === 'COMPLETED' ? { completionDate: at } : {}),
  ...o,
});
const listener = (o: Record<string, unknown>) => ({
  arn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/web/1/2',
  port: 443,
  protocol: 'HTTPS',
  defaultActions: [{ type: 'forward' }],
  ...o,
});
const lb = (...listeners: object[]) => ({
  'aws.elb.load-balancer': {
    [S]: [{ ...A, name: 'web', arn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web/1', type: 'application', listeners }],
  },
});
const check = (id: string) => awsChecks.find((c) => c.meta.id === id)!;

type Case = [string, Record<string, Record<string, unknown[]>>, string, Record<string, unknown>?];
const table_: Record<string, Case[]> = {
  'aws.rds.storage-encrypted': [
    ['encrypted', rds([db()]), 'pass'],
    ['unencrypted', rds([db({ storageEncrypted: false })]), 'fail'],
    ['aurora member judged by its cluster', rds([db({ clusterId: 'ev', storageEncrypted: false })], [cluster()]), 'pass'],
    ['unencrypted cluster', rds([], [cluster({ storageEncrypted: false })]), 'fail'],
    ['no databases', rds([]), 'not-applicable'],
  ],
  'aws.rds.automated-backups': [
    ['7 days', rds([db()]), 'pass'],
    ['off', rds([db({ backupRetentionPeriod: 0 })]), 'fail'],
    ['under minDays', rds([db()]), 'fail', { minDays: 14 }],
    ['cluster 1 day', rds([], [cluster({ backupRetentionPeriod: 1 })]), 'fail'],
  ],
  'aws.rds.not-public': [
    ['private', rds([db()]), 'pass'],
    ['public', rds([db({ publiclyAccessible: true })]), 'fail'],
    ['public aurora member', rds([db({ clusterId: 'ev', publiclyAccessible: true })], [cluster()]), 'fail'],
    ['none', rds([]), 'not-applicable'],
  ],
  'aws.rds.resilience': [
    ['protected, not production', rds([db()]), 'pass'],
    ['no deletion protection', rds([db({ deletionProtection: false })]), 'fail'],
    ['production single-AZ', rds([db({ tags: prodTag })]), 'fail'],
    ['production Multi-AZ', rds([db({ tags: prodTag, multiAZ: true })]), 'pass'],
    ['other production tag', rds([db({ tags: [{ key: 'tier', value: 'live' }] })]), 'fail', { productionTagKey: 'tier', productionTagValues: ['live'] }],
  ],
  'aws.ebs.default-encryption': [
    ['on, encrypted volume', ebs(true, vol()), 'pass'],
    ['off', ebs(false), 'fail'],
    ['unencrypted in use', ebs(true, vol({ encrypted: false })), 'fail'],
    ['unencrypted detached', ebs(true, vol({ encrypted: false, state: 'available', attachedTo: [] })), 'pass'],
  ],
  'aws.dynamodb.pitr': [
    ['on', table('ENABLED'), 'pass'],
    ['off', table('DISABLED'), 'fail'],
  ],
  'aws.backup.protected-resources': [
    ['fresh, 35 days', backup([plan()], [prot('2026-11-22T00:00:00Z')]), 'pass'],
    ['stale', backup([plan()], [prot('2026-11-20T00:00:00Z')]), 'fail'],
    ['stale within a wider window', backup([plan()], [prot('2026-11-20T00:00:00Z')]), 'pass', { maxAgeHours: 72 }],
    ['never backed up', backup([plan()], [prot()]), 'fail'],
    ['short retention', backup([plan({ rules: [{ name: 'd', vault: 'Default', deleteAfterDays: 7 }] })], []), 'fail'],
    ['no expiry keeps forever', backup([plan({ rules: [{ name: 'd', vault: 'Default' }] })], []), 'pass'],
    [
      'named resource without recovery points',
      backup([plan({ selections: [{ id: 's', name: 's', resources: ['arn:aws:dynamodb:us-east-1:222222222222:table/t'], notResources: [], tags: [] }] })], []),
      'fail',
    ],
    ['resource outside every selection', backup([plan()], [prot(undefined, 'arn:aws:ec2:us-east-1:222222222222:volume/vol-1')]), 'pass'],
    ['no plans, no resources', backup([], []), 'not-applicable'],
  ],
  'aws.backup.restore-tested': [
    ['restore 40 days ago', backup([plan()], [], [job('COMPLETED', '2026-10-13T00:00:00Z')]), 'pass'],
    ['only a failed restore', backup([plan()], [], [job('FAILED', '2026-11-01T00:00:00Z')]), 'fail'],
    ['too old', backup([plan()], [], [job('COMPLETED', '2025-01-01T00:00:00Z')]), 'fail'],
    [
      'restore testing plan run',
      backup(
        [],
        [prot('2026-11-22T00:00:00Z')],
        [job('COMPLETED', '2026-11-01T00:00:00Z', { restoreTestingPlanArn: 'arn:aws:backup:us-east-1:222222222222:restore-testing-plan:q' })],
      ),
      'pass',
    ],
    ['backup in use, never restored', backup([plan()], []), 'fail'],
    ['a restore testing plan ran but no restore completed', backup([plan()], [], [job('FAILED', '2026-11-20T01:00:00Z')], [testingPlan]), 'fail'],
    ['no backup in the account', backup([], []), 'not-applicable'],
  ],
  'aws.elb.tls-listeners': [
    ['TLS 1.2+', lb(listener({ sslPolicy: 'p', sslProtocols: ['TLSv1.2', 'TLSv1.3'] })), 'pass'],
    ['allows TLS 1.0', lb(listener({ sslPolicy: 'p', sslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] })), 'fail'],
    ['1.2 under a 1.3 minimum', lb(listener({ sslPolicy: 'p', sslProtocols: ['TLSv1.2', 'TLSv1.3'] })), 'fail', { minVersion: 'TLSv1.3' }],
    ['HTTP redirect', lb(listener({ port: 80, protocol: 'HTTP', defaultActions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }] })), 'pass'],
    ['HTTP forward', lb(listener({ port: 80, protocol: 'HTTP' })), 'fail'],
    ['TCP only', lb(listener({ protocol: 'TCP' })), 'not-applicable'],
  ],
};

describe('aws data-protection checks', () => {
  for (const [id, cases] of Object.entries(table_)) {
    describe(id, () => {
      for (const [name, records, status, params] of cases) {
        it(`${name} → ${status}`, () => {
          const r = judge(check(id), { records }, params ?? {});
          expect(r.status).toBe(status);
          if (status === 'fail') expect(r.findings.find((f) => f.status === 'fail')!.resource).toMatch(/^arn:aws:/);
        });
      }
      if (id === 'aws.backup.restore-tested') {
        it('names the restore testing plans of an account that fails', () => {
          const r = judge(check(id), { records: backup([plan()], [], [], [testingPlan]) });
          expect(r.findings[0]!.reason).toContain('Restore testing plan(s): weekly (last run 2026-11-20)');
        });
      }
      it('an errored scope → error', () => {
        const type = check(id).meta.requires[0]!;
        expect(judge(check(id), { records: cases[0]![1], errors: [{ type, scope: '222222222222/eu-west-1', cause: 'denied' }] }).status).toBe('error');
      });
    });
  }
});
