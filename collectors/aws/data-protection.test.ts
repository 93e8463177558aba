import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAjv } from '../../src/util/ajv.js';
import { scoreCheck } from '../../src/engine/score.js';
import { compileParams } from '../../src/engine/params.js';
import type { Check } from '../../src/types.js';
import { runCollector, type CollectorRun } from '../../test/helpers/collect.js';
import { awsChecks } from '../../controls/checks/aws/index.js';
import { awsBackupCollector } from './backup/index.js';
import { awsDynamodbCollector } from './dynamodb/index.js';
import { awsEc2Collector } from './ec2/index.js';
import { awsElbv2Collector } from './elbv2/index.js';
import { awsRdsCollector } from './rds/index.js';
import { awsConfig, demoAws, startAws, TEST_NOW, useBaseCredentials } from './testing.js';

const COLLECTORS = [awsRdsCollector, awsEc2Collector, awsElbv2Collector, awsDynamodbCollector, awsBackupCollector];
const IDS = ['aws.rds.storage-encrypted', 'aws.rds.automated-backups', 'aws.rds.not-public', 'aws.rds.resilience', 'aws.ebs.default-encryption', 'aws.dynamodb.pitr', 'aws.backup.protected-resources', 'aws.backup.restore-tested', 'aws.elb.tls-listeners'];

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
        'aws.rds.storage-encrypted': rds, 'aws.rds.automated-backups': rds, 'aws.rds.not-public': rds, 'aws.rds.resilience': rds,
        'aws.ebs.default-encryption': ec2, 'aws.dynamodb.pitr': ddb, 'aws.backup.protected-resources': bkp, 'aws.backup.restore-tested': bkp, 'aws.elb.tls-listeners': elb,
      };
      const fails: Record<string, string[]> = {};
      for (const id of IDS) {
        const res = judge(id, byCheck[id]!);
        expect(res.status, id).toBe('fail');
        expect(res.findings.some((f) => f.status === 'pass'), `${id} has a passing resource`).toBe(true);
        fails[id] = res.findings.filter((f) => f.status === 'fail').map((f) => f.resource).sort();
      }
      expect(fails).toEqual({
        'aws.rds.storage-encrypted': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.rds.automated-backups': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.rds.not-public': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.rds.resilience': ['arn:aws:rds:us-east-1:222222222222:db:legacy-reports'],
        'aws.ebs.default-encryption': ['arn:aws:ec2:eu-west-1:222222222222:ebs-encryption-by-default', 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-0a1b2c3d4e5f60002'],
        'aws.dynamodb.pitr': ['arn:aws:dynamodb:eu-west-1:222222222222:table/sessions'],
        'aws.backup.protected-resources': [expect.stringMatching(/^arn:aws:backup:eu-west-1:222222222222:backup-plan:/), 'arn:aws:dynamodb:us-east-1:222222222222:table/orders'],
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
