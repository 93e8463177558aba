import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAjv } from '../../../src/util/ajv.js';
import { scoreCheck } from '../../../src/engine/score.js';
import { compileParams } from '../../../src/config/params.js';
import { viewFromEvents } from '../../../src/engine/evidence.js';
import type { Check } from '../../../src/types.js';
import { runCollector, type CollectorRun } from '../../../test/helpers/collect.js';
import type { FaultSpec } from '../../../src/sandbox/index.js';
import { awsChecks } from '../../../controls/checks/aws/index.js';
import { awsCloudtrailCollector } from '../cloudtrail.js';
import { awsS3Collector } from '../s3/collector.js';
import { awsCloudwatchCollector } from '../cloudwatch/index.js';
import { awsConfig, demoAws, startAws, TEST_NOW, useBaseCredentials } from '../testing.js';
import { awsNetworkCollector } from './index.js';
import { awsRegionsCollector } from './regions.js';
import type { AwsScenario } from '../../../src/sandbox/aws/index.js';

const COLLECTORS = [awsRegionsCollector, awsNetworkCollector, awsCloudwatchCollector];
const IDS = [
  'aws.vpc.flow-logs',
  'aws.ec2.sg-no-public-admin-ports',
  'aws.cloudwatch.cis-metric-alarms',
  'aws.cloudtrail.s3-data-events',
  'aws.regions.all-covered',
];

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

interface Runs {
  runs: CollectorRun[];
  judge: (id: string, params?: unknown) => ReturnType<typeof scoreCheck>;
  errors: () => Array<[string, string, string, string]>;
}

/** The three collectors, CloudTrail and S3 as one run would have them (one shared map), and the checks over all of it. */
async function collect(
  data: AwsScenario,
  faults: FaultSpec[] = [],
  extra = {},
): Promise<Runs & { log: Array<{ operation: string; status: number; attrs: Record<string, unknown> }> }> {
  const sb = await startAws(data, faults);
  try {
    const shared = new Map<string, unknown>();
    const runs: CollectorRun[] = [];
    for (const c of [...COLLECTORS, awsCloudtrailCollector, awsS3Collector]) runs.push(await runCollector(c as never, awsConfig(sb, extra), { shared }));
    const view = viewFromEvents(runs.flatMap((r) => r.events));
    return {
      runs,
      log: sb.log.entries,
      judge: (id, params) => {
        const check = awsChecks.find((c) => c.meta.id === id)! as Check<unknown>;
        return scoreCheck(check, view, compileParams(id, check.meta.paramsSchema)(params ?? {}), TEST_NOW);
      },
      errors: () => runs.flatMap((r) => r.errors().map((e) => [e.type, e.scope, e.cause, e.operation] as [string, string, string, string])),
    };
  } finally {
    await sb.close();
  }
}

describe('network and CloudWatch collectors against the sandbox (demo organisation)', () => {
  it('collect every account and region without error; each check has a pass and a planted fail; records match their schemas', async () => {
    const { runs, judge, errors } = await collect(demoAws());
    expect(errors()).toEqual([]);
    const ajv = makeAjv();
    for (const [i, c] of COLLECTORS.entries()) {
      for (const type of c.meta.produces) {
        expect(runs[i]!.view.scopes(type), type).toHaveLength(type === 'aws.regions.region' ? 3 : 6);
        const validate = ajv.compile(JSON.parse(readFileSync(`schemas/evidence/${type}.schema.json`, 'utf8')));
        const recs = runs[i]!.records(type);
        expect(recs.length, type).toBeGreaterThan(0);
        for (const r of recs) expect(validate(JSON.parse(JSON.stringify(r.data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
    const fails: Record<string, string[]> = {};
    for (const id of IDS) {
      const res = judge(id);
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
      'aws.vpc.flow-logs': ['arn:aws:ec2:eu-west-1:222222222222:vpc/vpc-0b1b2b3c4d5e60002'],
      // The IPv6 twin (::/0 to RDP beside a private IPv4 range) and 0.0.0.0/0 inside a referenced prefix list.
      'aws.ec2.sg-no-public-admin-ports': [
        'arn:aws:ec2:eu-west-1:222222222222:security-group/sg-0b1b2b3c4d5e60002',
        'arn:aws:ec2:us-east-1:222222222222:security-group/sg-0b1b2b3c4d5e60003',
      ],
      'aws.cloudwatch.cis-metric-alarms': [
        'arn:aws:logs:us-east-1:111111111111:log-group:aws-cloudtrail-logs-org-trail#cmk-disabling',
        'arn:aws:logs:us-east-1:111111111111:log-group:aws-cloudtrail-logs-org-trail#config-changes',
      ],
      // The org trail logs acme-org-cloudtrail and acme-prod-exports (seen from prod through its shadow).
      'aws.cloudtrail.s3-data-events': ['arn:aws:s3:::acme-dev-scratch', 'arn:aws:s3:::acme-prod-assets', 'arn:aws:s3:::acme-prod-data'],
      'aws.regions.all-covered': ['arn:aws:ec2:eu-central-2:222222222222:region'],
    });
    const sg = judge('aws.ec2.sg-no-public-admin-ports').findings;
    expect(sg.find((f) => f.resource.endsWith('sg-0b1b2b3c4d5e60003'))!.reason).toContain(
      '0.0.0.0/0 (in prefix list pl-0b1b2b3c4d5e60001 partner-access) to tcp port 22',
    );
    expect(sg.find((f) => f.resource.endsWith('sg-0b1b2b3c4d5e60002'))!.reason).toContain('::/0 to tcp port 3389');
    // The unused wide-open group and the unused VPC without a flow log are not judged.
    expect(sg.some((f) => f.resource.endsWith('sg-0b1b2b3c4d5e60004'))).toBe(false);
    expect(judge('aws.vpc.flow-logs').findings.some((f) => f.resource.endsWith('vpc-0b1b2b3c4d5e60003'))).toBe(false);
    expect(judge('aws.cloudtrail.s3-data-events', { buckets: ['acme-org-*', 'acme-prod-exports'] }).status).toBe('pass');
  });
});

describe('honesty traps', () => {
  it('a prefix list cut short by a failed page is an error for the security groups of that region, never a pass', async () => {
    const data = demoAws();
    // 150 entries: two pages of GetManagedPrefixListEntries; 0.0.0.0/0 is the last one.
    data.accounts[0]!.network!.prefixLists![0]!.entries = [
      ...Array.from({ length: 149 }, (_, i) => `198.51.${Math.floor(i / 100)}.${i % 100}/32`),
      '0.0.0.0/0',
    ];
    const clean = await collect(data);
    expect(clean.errors()).toEqual([]);
    expect(
      clean
        .judge('aws.ec2.sg-no-public-admin-ports')
        .findings.filter((f) => f.status === 'fail')
        .map((f) => f.resource),
    ).toContain('arn:aws:ec2:us-east-1:111111111111:security-group/sg-0a1a2b3c4d5e60002');
    const cut = await collect(data, [
      { provider: 'aws', operation: 'ec2:GetManagedPrefixListEntries', kind: 'fail', match: { account: '111111111111', page: 2 } },
    ]);
    expect(cut.errors()).toEqual([['aws.ec2.security-group', '111111111111/us-east-1', 'truncated', 'ec2:GetManagedPrefixListEntries']]);
    const res = cut.judge('aws.ec2.sg-no-public-admin-ports');
    expect(res.findings.some((f) => f.scope === '111111111111/us-east-1')).toBe(false);
    expect(res.errors.map((e) => e.scope)).toEqual(['111111111111/us-east-1']);
  });

  it('a list of VPCs, flow logs, alarms or metric filters cut short by a failed page is error, never a shorter list', async () => {
    const data = demoAws();
    const prod = data.accounts[1]!;
    prod.network!.vpcs = Array.from({ length: 1002 }, (_, i) => ({ id: `vpc-${String(i).padStart(17, '0')}`, flowLog: i !== 1000 }));
    prod.network!.securityGroups = [{ id: 'sg-00000000000000001', vpc: 'vpc-00000000000001000', attached: 1 }];
    prod.alarms = Array.from({ length: 101 }, (_, i) => ({ name: `a-${i}`, metric: `m-${i}` }));
    prod.logGroups = [
      { name: '/app', filters: Array.from({ length: 51 }, (_, i) => ({ name: `f-${i}`, pattern: `{ $.eventName = E${i} }`, metric: `m-${i}` })) },
    ];
    const all = await collect(data, [], { regions: ['us-east-1'] });
    expect(all.errors()).toEqual([]);
    // Paged to the end: the one VPC in use is the 1,001st of 1,002 (1,001 flow logs: two pages), and its flow log is the one missing.
    expect(all.runs[1]!.records('aws.vpc.vpc').filter((r) => r.scope === '222222222222/us-east-1')).toHaveLength(1002);
    expect(all.runs[2]!.records('aws.cloudwatch.alarm').filter((r) => r.scope === '222222222222/us-east-1')).toHaveLength(101);
    expect(all.runs[2]!.records('aws.cloudwatch.metric-filter').filter((r) => r.scope === '222222222222/us-east-1')).toHaveLength(51);
    expect(
      all
        .judge('aws.vpc.flow-logs')
        .findings.filter((f) => f.status === 'fail')
        .map((f) => f.resource),
    ).toEqual(['arn:aws:ec2:us-east-1:222222222222:vpc/vpc-00000000000001000']);
    const page2 = (operation: string): FaultSpec => ({
      provider: 'aws',
      operation,
      kind: 'deny',
      match: { account: '222222222222', region: 'us-east-1', page: 2 },
    });
    const cut = await collect(
      data,
      [page2('ec2:DescribeVpcs'), page2('ec2:DescribeFlowLogs'), page2('monitoring:DescribeAlarms'), page2('logs:DescribeMetricFilters')],
      { regions: ['us-east-1'] },
    );
    expect(cut.errors().sort()).toEqual([
      ['aws.cloudwatch.alarm', '222222222222/us-east-1', 'truncated', 'cloudwatch:DescribeAlarms'],
      ['aws.cloudwatch.metric-filter', '222222222222/us-east-1', 'truncated', 'logs:DescribeMetricFilters'],
      ['aws.vpc.flow-log', '222222222222/us-east-1', 'truncated', 'ec2:DescribeFlowLogs'],
      ['aws.vpc.vpc', '222222222222/us-east-1', 'truncated', 'ec2:DescribeVpcs'],
    ]);
    expect(cut.judge('aws.vpc.flow-logs').status).toBe('error');
  });

  it("AccessDenied is error for the scope that needed it; each protocol's denial is read as a denial", async () => {
    const deny = (operation: string, account: string, region: string): FaultSpec => ({ provider: 'aws', operation, kind: 'deny', match: { account, region } });
    const r = await collect(demoAws(), [
      deny('ec2:DescribeNetworkInterfaces', '222222222222', 'us-east-1'),
      // CloudWatch signs as `monitoring`: the sandbox names its operations so.
      deny('monitoring:DescribeAlarms', '111111111111', 'us-east-1'),
      deny('logs:DescribeMetricFilters', '333333333333', 'eu-west-1'),
      { provider: 'aws', operation: 'ec2:DescribeRegions', kind: 'deny', match: { account: '333333333333' } },
    ]);
    expect(r.errors().sort()).toEqual([
      ['aws.cloudwatch.alarm', '111111111111/us-east-1', 'denied', 'cloudwatch:DescribeAlarms'],
      ['aws.cloudwatch.metric-filter', '333333333333/eu-west-1', 'denied', 'logs:DescribeMetricFilters'],
      // Both types that judge "in use" from the interface listing.
      ['aws.ec2.security-group', '222222222222/us-east-1', 'denied', 'ec2:DescribeNetworkInterfaces'],
      ['aws.regions.region', '333333333333', 'denied', 'ec2:DescribeRegions'],
      ['aws.vpc.vpc', '222222222222/us-east-1', 'denied', 'ec2:DescribeNetworkInterfaces'],
    ]);
    // The org trail's log group lives in 111111111111/us-east-1: its alarms are unknown, so the check cannot pass or fail there.
    const cis = r.judge('aws.cloudwatch.cis-metric-alarms');
    expect(cis.status).toBe('error');
    expect(cis.findings).toEqual([]);
    expect(r.judge('aws.regions.all-covered').status).toBe('fail');
    expect(r.judge('aws.regions.all-covered').errors.map((e) => e.scope)).toEqual(['333333333333']);
  });

  it('a region the account has not enabled answers OptInRequired/SubscriptionRequired: a recorded finding of emptiness, not an error', async () => {
    const data = demoAws();
    data.accounts[1]!.notEnabled = { 'eu-west-1': ['ec2', 'monitoring', 'logs'] };
    const r = await collect(data);
    expect(r.errors()).toEqual([]);
    const [, net, cw] = r.runs as [CollectorRun, CollectorRun, CollectorRun];
    expect(net.facts['aws.notEnabled.222222222222/eu-west-1.aws.vpc.vpc']).toEqual({ code: 'OptInRequired', operation: 'ec2:DescribeVpcs' });
    expect(cw.facts['aws.notEnabled.222222222222/eu-west-1.aws.cloudwatch.alarm']).toEqual({
      code: 'SubscriptionRequiredException',
      operation: 'cloudwatch:DescribeAlarms',
    });
    expect(r.judge('aws.vpc.flow-logs').findings.filter((f) => f.status === 'fail')).toEqual([]);
  });

  it("basic event selectors' data resources reach the check as CloudTrail answers them", async () => {
    const data = demoAws();
    const org = data.accounts[0]!.trails![0]!;
    delete org.advanced;
    org.dataResources = [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-prod-assets/', 'arn:aws:s3:::acme-prod-data/logs/'] }];
    const r = await collect(data);
    expect(r.errors()).toEqual([]);
    const res = r.judge('aws.cloudtrail.s3-data-events', { buckets: ['acme-prod-*'] });
    // A whole bucket is covered; a prefix of one is not.
    expect(res.findings.map((f) => [f.resource, f.status]).sort()).toEqual([
      ['arn:aws:s3:::acme-prod-assets', 'pass'],
      ['arn:aws:s3:::acme-prod-data', 'fail'],
      ['arn:aws:s3:::acme-prod-exports', 'fail'],
    ]);
  });

  it('DescribeRegions is called once per account, not once per region', async () => {
    const r = await collect(demoAws());
    expect(
      r.log
        .filter((e) => e.operation === 'ec2:DescribeRegions')
        .map((e) => e.attrs.account)
        .sort(),
    ).toEqual(['111111111111', '222222222222', '333333333333']);
  });
});

it('soc2 permissions asks exactly the read actions the three collectors call', async () => {
  const { awsPolicyDocument } = await import('../permissions.js');
  expect(awsPolicyDocument(COLLECTORS.map((c) => c.meta.id)).Statement[0]!.Action).toEqual([
    'cloudwatch:DescribeAlarms',
    'ec2:DescribeFlowLogs',
    'ec2:DescribeManagedPrefixLists',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeRegions',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeVpcs',
    'ec2:GetManagedPrefixListEntries',
    'logs:DescribeMetricFilters',
    'organizations:ListAccounts',
    'sts:GetCallerIdentity',
  ]);
});
