/**
 * Aggregation mode (`sources.aws.aggregation`) against direct mode on the sandbox: the same demo estate gives the same
 * verdicts; a scope the administrator or aggregator does not cover is `not-covered`; every page is read.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsChecks } from '../../controls/checks/aws/index.js';
import { viewFromEvents } from '../../src/engine/evidence.js';
import { compileParams } from '../../src/config/params.js';
import { scoreCheck } from '../../src/engine/score.js';
import type { FaultSpec } from '../../src/sandbox/index.js';
import type { AwsScenario } from '../../src/sandbox/aws/index.js';
import type { Check, CollectorEvent } from '../../src/types.js';
import { makeAjv } from '../../src/util/ajv.js';
import { runCollector, type CollectorRun } from '../../test/helpers/collect.js';
import type { AwsConfig } from './config.js';
import { awsPolicyDocument } from './permissions.js';
import { awsGuarddutyCollector } from './guardduty/index.js';
import { awsInspectorCollector } from './inspector/index.js';
import { awsNetworkCollector } from './network/index.js';
import { awsRdsCollector } from './rds/index.js';
import { awsDynamodbCollector } from './dynamodb/index.js';
import { awsConfig, demoAws, startAws, TEST_NOW, useBaseCredentials } from './testing.js';

const COLLECTORS = [awsGuarddutyCollector, awsInspectorCollector, awsNetworkCollector, awsRdsCollector, awsDynamodbCollector];
const CHECKS = [
  'aws.guardduty.enabled',
  'aws.guardduty.findings-triaged',
  'aws.inspector.enabled-and-sla',
  'aws.vpc.flow-logs',
  'aws.ec2.sg-no-public-admin-ports',
  'aws.rds.storage-encrypted',
  'aws.rds.automated-backups',
  'aws.rds.not-public',
  'aws.rds.resilience',
  'aws.dynamodb.pitr',
];
const AGGREGATION: AwsConfig['aggregation'] = { config: { aggregatorName: 'org-aggregator', region: 'us-east-1' }, delegatedAdmin: {} };

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

async function collect(data: AwsScenario, extra: Partial<AwsConfig>, faults: FaultSpec[] = []) {
  const sb = await startAws(data, faults);
  try {
    const shared = new Map<string, unknown>();
    const runs: CollectorRun[] = [];
    for (const c of COLLECTORS) runs.push(await runCollector(c, awsConfig(sb, extra), { shared }));
    const operations = sb.log.entries.map((e) => e.operation);
    return { runs, operations, events: runs.flatMap<CollectorEvent>((r) => r.events) };
  } finally {
    await sb.close();
  }
}

function judge(id: string, events: CollectorEvent[]) {
  const check = awsChecks.find((c) => c.meta.id === id)! as Check<unknown>;
  return scoreCheck(check, viewFromEvents(events), compileParams(id, check.meta.paramsSchema)({}), TEST_NOW);
}

/** A check's verdict and every finding's (scope, resource, status), in a stable order. */
function verdicts(id: string, events: CollectorEvent[]) {
  const r = judge(id, events);
  return { status: r.status, errors: r.errors.map((e) => e.scope).sort(), findings: r.findings.map((f) => `${f.scope} ${f.resource} ${f.status}`).sort() };
}

describe('aggregation mode on the demo estate', () => {
  it('gives every verdict of the affected checks that direct mode gives, reading only the administrator and aggregator accounts', async () => {
    const direct = await collect(demoAws(), {});
    const agg = await collect(demoAws(), { aggregation: AGGREGATION });
    for (const id of CHECKS) expect(verdicts(id, agg.events), id).toEqual(verdicts(id, direct.events));
    // Both verdicts occur: the comparison is not between two empty results.
    expect(
      CHECKS.map((id) => judge(id, agg.events).findings.some((f) => f.status === 'pass') && judge(id, agg.events).findings.some((f) => f.status === 'fail')),
    ).toEqual(CHECKS.map(() => true));
    expect(agg.runs.flatMap((r) => r.errors())).toEqual([]);
    // Every record says which engine produced it.
    for (const run of agg.runs) for (const e of run.events) if (e.kind === 'record') expect((e.data as { mode: string }).mode).not.toBe('direct');
    // (RDS and DynamoDB records read directly carry no mode: the field came with aggregation mode.)
    for (const run of direct.runs)
      for (const e of run.events) if (e.kind === 'record') expect(['direct', undefined]).toContain((e.data as { mode?: string }).mode);
    // No member account is assumed into, and no per-account EC2, GuardDuty or Inspector read happens.
    expect(agg.operations.filter((o) => o === 'sts:AssumeRole')).toEqual([]);
    expect(agg.operations.filter((o) => /^(ec2|rds|dynamodb):/.test(o))).toEqual([]);
    expect(new Set(agg.operations.filter((o) => /^(guardduty|inspector2|config):/.test(o)))).toEqual(
      new Set([
        'guardduty:ListDetectors',
        'guardduty:GetDetector',
        'guardduty:ListMembers',
        'guardduty:ListFindings',
        'guardduty:GetFindings',
        'inspector2:BatchGetAccountStatus',
        'inspector2:ListFindings',
        'config:DescribeConfigurationAggregators',
        'config:DescribeConfigurationAggregatorSourcesStatus',
        'config:SelectAggregateResourceConfig',
      ]),
    );
    expect(agg.operations.length).toBeLessThan(direct.operations.length);
    // soc2 permissions: exactly what each mode called (the administrator's statement apart in aggregation mode).
    const ids = COLLECTORS.map((c) => c.meta.id);
    const policy = awsPolicyDocument(ids, ['*'], AGGREGATION).Statement;
    expect(policy.map((st) => st.Sid)).toEqual(['Soc2EvidenceRead', 'Soc2AggregationRead', 'Soc2AssumeAuditRole']);
    expect(policy[0]!.Action).toEqual(['organizations:ListAccounts', 'sts:GetCallerIdentity']);
    expect(new Set(policy[1]!.Action)).toEqual(new Set(agg.operations.filter((o) => !/^(sts|organizations):/.test(o))));
    const directPolicy = awsPolicyDocument(ids).Statement;
    expect(directPolicy.map((st) => st.Sid)).toEqual(['Soc2EvidenceRead', 'Soc2AssumeAuditRole']);
    expect(new Set(directPolicy[0]!.Action.filter((a) => !/^(sts|organizations):/.test(a)))).toEqual(
      new Set(direct.operations.filter((o) => !/^(sts|organizations):/.test(o))),
    );
    const ajv = makeAjv();
    for (const c of COLLECTORS) {
      for (const type of c.meta.produces) {
        const validate = ajv.compile(JSON.parse(readFileSync(`schemas/evidence/${type}.schema.json`, 'utf8')));
        for (const run of agg.runs)
          for (const r of run.records(type)) expect(validate(JSON.parse(JSON.stringify(r.data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it('a scope the administrator or aggregator does not cover is an error naming the gap, never clean', async () => {
    const data = demoAws();
    data.aggregation!.notMembers = ['333333333333'];
    data.aggregation!.configAggregator!.sources = { '222222222222/eu-west-1': 'FAILED', '333333333333/us-east-1': 'missing' };
    const { runs, events } = await collect(data, { aggregation: AGGREGATION });
    const errs = runs
      .flatMap((r) => r.errors())
      .map((e) => `${e.type} ${e.scope} ${e.cause}`)
      .sort();
    expect(errs).toEqual(
      [
        'aws.guardduty.detector 333333333333/eu-west-1 not-covered',
        'aws.guardduty.detector 333333333333/us-east-1 not-covered',
        'aws.guardduty.finding 333333333333/eu-west-1 not-covered',
        'aws.guardduty.finding 333333333333/us-east-1 not-covered',
        'aws.inspector.account 333333333333/eu-west-1 not-covered',
        'aws.inspector.account 333333333333/us-east-1 not-covered',
        'aws.inspector.finding 333333333333/eu-west-1 not-covered',
        'aws.inspector.finding 333333333333/us-east-1 not-covered',
        ...['aws.vpc.vpc', 'aws.vpc.flow-log', 'aws.ec2.security-group', 'aws.rds.db-instance', 'aws.rds.db-cluster', 'aws.dynamodb.table'].flatMap((t) => [
          `${t} 222222222222/eu-west-1 not-covered`,
          `${t} 333333333333/us-east-1 not-covered`,
        ]),
      ].sort(),
    );
    const messages = runs.flatMap((r) => r.errors()).map((e) => e.message);
    expect(messages).toContain(
      "the Config aggregator org-aggregator's source 222222222222/eu-west-1 last updated with status FAILED (AccessDenied The aggregator role cannot read the source.) at 2026-11-22T11:40:00.000Z",
    );
    expect(messages).toContain('the Config aggregator org-aggregator has no source for account/region 333333333333/us-east-1');
    expect(messages).toContain(
      'account 333333333333 is not a member of the GuardDuty delegated administrator 111111111111 in us-east-1 (ListMembers, OnlyAssociated=false)',
    );
    // prod's eu-west-1 VPC has interfaces and no flow log: direct mode fails it; uncovered, it is an error, not a pass.
    const flow = judge('aws.vpc.flow-logs', events);
    expect(flow.findings.some((f) => f.scope === '222222222222/eu-west-1')).toBe(false);
    expect(flow.errors.map((e) => e.scope)).toContain('222222222222/eu-west-1');
    expect(judge('aws.guardduty.enabled', events).errors.map((e) => e.scope)).toEqual(
      expect.arrayContaining(['333333333333/us-east-1', '333333333333/eu-west-1']),
    );
  });

  it('reads every page of an aggregator query and of ListMembers; a failed later page errors every scope it covered', async () => {
    const data = demoAws();
    // 130 groups in dev's us-east-1, only the last open to SSH from anywhere: two SelectAggregateResourceConfig pages.
    data.accounts[2]!.network = {
      regions: ['us-east-1', 'eu-west-1'],
      vpcs: [{ id: 'vpc-0d0d0d0d0d0d00001', cidr: '10.30.0.0/16' }],
      securityGroups: Array.from({ length: 130 }, (_, i) => ({
        id: `sg-0d${String(i).padStart(15, '0')}`,
        name: `g${i}`,
        vpc: 'vpc-0d0d0d0d0d0d00001',
        attached: 1,
        ingress: [{ from: 22, cidrs: [i === 129 ? '0.0.0.0/0' : '10.0.0.0/8'] }],
      })),
    };
    // 60 GuardDuty members: two ListMembers pages (50 + 10).
    for (let i = 0; i < 57; i++) data.accounts.push({ id: String(400000000000 + i), name: `m${i}`, guardduty: { 'us-east-1': {} } });
    const ok = await collect(data, {
      aggregation: AGGREGATION,
      accounts: [{ id: '111111111111' }, { id: '222222222222' }, { id: '333333333333' }, { id: '400000000056' }],
      organization: undefined,
    });
    expect(ok.runs[2]!.records('aws.ec2.security-group').filter((r) => r.scope === '333333333333/us-east-1')).toHaveLength(130);
    expect(ok.runs[2]!.pages['config:SelectAggregateResourceConfig']).toBeGreaterThanOrEqual(6);
    const sg = judge('aws.ec2.sg-no-public-admin-ports', ok.events);
    expect(sg.findings.filter((f) => f.scope === '333333333333/us-east-1' && f.status === 'fail').map((f) => f.resource)).toEqual([
      `arn:aws:ec2:us-east-1:333333333333:security-group/sg-0d000000000000129`,
    ]);
    // The 57th extra account is on ListMembers' second page: read, not a gap.
    expect(ok.runs[0]!.records('aws.guardduty.detector').filter((r) => r.scope === '400000000056/us-east-1')).toHaveLength(1);
    expect(ok.runs[0]!.pages['guardduty:ListMembers']).toBe(4);
    const cut = await collect(data, { aggregation: AGGREGATION }, [
      { provider: 'aws', operation: 'config:SelectAggregateResourceConfig', kind: 'truncate', match: { page: 2 } },
    ]);
    const errs = cut.runs[2]!.errors();
    expect(new Set(errs.map((e) => e.cause))).toEqual(new Set(['truncated']));
    // The interface query (the second page of the first query) fails: VPCs and groups, both judged "in use" from
    // it, are errors everywhere; flow logs, read by their own query, are not.
    expect(new Set(errs.map((e) => e.type))).toEqual(new Set(['aws.vpc.vpc', 'aws.ec2.security-group']));
    expect(errs).toHaveLength(2 * data.accounts.length * 2);
    expect(judge('aws.ec2.sg-no-public-admin-ports', cut.events).findings.some((f) => f.scope === '333333333333/us-east-1')).toBe(false);
  });

  it('opens a delegated administrator other than the base account through the organisation role; its missing detector is a gap for the members only', async () => {
    const data = demoAws();
    data.aggregation!.admin = '222222222222';
    const sb = await startAws(data);
    try {
      const config = awsConfig(sb, { aggregation: { delegatedAdmin: { account: '222222222222' } } });
      const shared = new Map<string, unknown>();
      const gd = await runCollector(awsGuarddutyCollector, config, { shared });
      const ins = await runCollector(awsInspectorCollector, config, { shared });
      // One role session: the administrator's (no member account is opened).
      expect(sb.log.entries.filter((e) => e.operation === 'sts:AssumeRole')).toHaveLength(1);
      expect(new Set(sb.log.entries.filter((e) => /^(guardduty|inspector2):/.test(e.operation)).map((e) => e.attrs.account))).toEqual(
        new Set(['222222222222']),
      );
      // prod (the administrator) has no detector in eu-west-1: its own record says so; the members there are not seen.
      expect(
        gd
          .records('aws.guardduty.detector')
          .filter((r) => r.scope === '222222222222/eu-west-1')
          .map((r) => r.data.detectors),
      ).toEqual([[]]);
      expect(
        gd
          .errors()
          .map((e) => `${e.type} ${e.scope} ${e.cause}`)
          .sort(),
      ).toEqual(
        ['111111111111', '333333333333']
          .flatMap((a) => [`aws.guardduty.detector ${a}/eu-west-1 not-covered`, `aws.guardduty.finding ${a}/eu-west-1 not-covered`])
          .sort(),
      );
      expect(gd.errors()[0]!.message).toBe('the GuardDuty delegated administrator 222222222222 has no detector in eu-west-1, so it sees no member there');
      expect(ins.errors()).toEqual([]);
      expect(ins.records('aws.inspector.account').map((r) => r.data.via.account)).toEqual(Array(6).fill('222222222222'));
    } finally {
      await sb.close();
    }
  });
});
