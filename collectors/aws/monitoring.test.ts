import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAjv } from '../../src/util/ajv.js';
import { scoreCheck } from '../../src/engine/score.js';
import { compileParams } from '../../src/config/params.js';
import type { Check } from '../../src/types.js';
import type { FaultSpec } from '../../src/sandbox/index.js';
import type { AwsScenario } from '../../src/sandbox/aws/index.js';
import { runCollector, type CollectorRun } from '../../test/helpers/collect.js';
import { awsChecks } from '../../controls/checks/aws/index.js';
import { awsGuarddutyCollector } from './guardduty/index.js';
import { awsSecurityhubCollector } from './securityhub/index.js';
import { awsConfigCollector } from './config/index.js';
import { awsInspectorCollector } from './inspector/index.js';
import { awsConfig, demoAws, startAws, TEST_NOW, useBaseCredentials } from './testing.js';

const COLLECTORS = [awsGuarddutyCollector, awsSecurityhubCollector, awsConfigCollector, awsInspectorCollector];
const BY_CHECK: Record<string, number> = {
  'aws.guardduty.enabled': 0,
  'aws.guardduty.findings-triaged': 0,
  'aws.securityhub.enabled': 1,
  'aws.config.recorder-all-regions': 2,
  'aws.inspector.enabled-and-sla': 3,
};
const PROD_US = '222222222222/us-east-1';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

async function collect(data: AwsScenario, faults: FaultSpec[] = []): Promise<CollectorRun[]> {
  const sb = await startAws(data, faults);
  try {
    const shared = new Map<string, unknown>();
    const runs: CollectorRun[] = [];
    for (const c of COLLECTORS) runs.push(await runCollector(c, awsConfig(sb), { shared }));
    return runs;
  } finally {
    await sb.close();
  }
}

function judge(id: string, runs: CollectorRun[]) {
  const check = awsChecks.find((c) => c.meta.id === id)! as Check<unknown>;
  return scoreCheck(check, runs[BY_CHECK[id]!]!.view, compileParams(id, check.meta.paramsSchema)({}), TEST_NOW);
}

describe('monitoring collectors against the sandbox (demo organisation)', () => {
  it('collect every account and region without error; each check has a pass and the planted fails; records match their schemas', async () => {
    const runs = await collect(demoAws());
    const ajv = makeAjv();
    for (const [i, run] of runs.entries()) {
      expect(run.errors()).toEqual([]);
      for (const type of COLLECTORS[i]!.meta.produces) {
        expect(run.view.scopes(type), type).toHaveLength(6);
        const validate = ajv.compile(JSON.parse(readFileSync(`schemas/evidence/${type}.schema.json`, 'utf8')));
        for (const r of run.records(type)) expect(validate(JSON.parse(JSON.stringify(r.data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
    const fails: Record<string, string[]> = {};
    for (const id of Object.keys(BY_CHECK)) {
      const res = judge(id, runs);
      expect(res.status, id).toBe('fail');
      expect(
        res.findings.some((f) => f.status === 'pass'),
        `${id} has a passing resource`,
      ).toBe(true);
      fails[id] = res.findings
        .filter((f) => f.status === 'fail')
        .map((f) => f.scope!)
        .sort();
    }
    expect(fails).toEqual({
      'aws.guardduty.enabled': ['222222222222/eu-west-1', '333333333333/eu-west-1'],
      'aws.guardduty.findings-triaged': [PROD_US],
      'aws.securityhub.enabled': ['222222222222/eu-west-1'],
      'aws.config.recorder-all-regions': ['222222222222/eu-west-1'],
      'aws.inspector.enabled-and-sla': ['222222222222/eu-west-1', PROD_US],
    });
    // Read with FindingCriteria: the archived finding and management's severity-2 one never reach the evidence.
    const gd = runs[0]!.records('aws.guardduty.finding');
    expect(gd.map((r) => [r.scope, r.data.severity]).sort()).toEqual([
      [PROD_US, 5],
      [PROD_US, 8],
    ]);
    // Inspector: ACTIVE critical/high only (the CLOSED critical is filtered out at the source).
    expect(
      runs[3]!
        .records('aws.inspector.finding')
        .filter((r) => r.scope === PROD_US)
        .map((r) => r.data.severity)
        .sort(),
    ).toEqual(['CRITICAL', 'HIGH']);
    expect(runs[1]!.records('aws.securityhub.hub').find((r) => r.scope === '222222222222/eu-west-1')!.data).toMatchObject({
      subscribed: false,
      notSubscribedMessage: 'Account 222222222222 is not subscribed to AWS Security Hub',
    });
    expect(runs[3]!.records('aws.inspector.account').find((r) => r.scope === '222222222222/eu-west-1')!.data.status).toBe('DISABLED');
    const dump = JSON.stringify(runs.map((r) => r.events)) + JSON.stringify(runs.map((r) => [...r.raw.values()]));
    expect(dump).not.toContain('SANDBOXSECRET');
  });
});

describe('honesty traps', () => {
  it('AccessDenied is an error for the scope (both types of a two-step service), never "not enabled"', async () => {
    const m = { account: '222222222222', region: 'eu-west-1' };
    const runs = await collect(
      demoAws(),
      ['guardduty:ListDetectors', 'securityhub:DescribeHub', 'config:DescribeConfigurationRecorders', 'inspector2:BatchGetAccountStatus'].map((operation) => ({
        provider: 'aws',
        operation,
        kind: 'deny',
        match: m,
      })),
    );
    for (const [i, run] of runs.entries()) {
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual(COLLECTORS[i]!.meta.produces.map((t) => [t, '222222222222/eu-west-1', 'denied']));
    }
    for (const id of Object.keys(BY_CHECK)) {
      const res = judge(id, runs);
      expect(
        res.findings.some((f) => f.scope === '222222222222/eu-west-1'),
        id,
      ).toBe(false);
      expect(
        res.errors.map((e) => e.scope),
        id,
      ).toContain('222222222222/eu-west-1');
    }
  });

  it('Security Hub\'s InvalidAccessException without "not subscribed" stays an error', async () => {
    const runs = await collect(demoAws(), [
      {
        provider: 'aws',
        operation: 'securityhub:DescribeHub',
        kind: 'deny',
        status: 401,
        message: 'The caller is not allowed here',
        match: { account: '111111111111', region: 'us-east-1' },
      },
    ]);
    expect(runs[1]!.errors().map((e) => e.scope)).toEqual(['111111111111/us-east-1']);
  });

  it('a GuardDuty finding list cut short by a failed page is an error, never "no findings"', async () => {
    const data = demoAws();
    // 60 open high findings, all 30 days old: two ListFindings pages (50 + 10).
    data.accounts[0]!.guardduty!['us-east-1'] = {
      findings: Array.from({ length: 60 }, (_, i) => ({ type: `Trojan:EC2/DNSDataExfiltration.${i}`, severity: 8, at: '-30d' })),
    };
    const ok = await collect(data);
    expect(ok[0]!.records('aws.guardduty.finding').filter((r) => r.scope === '111111111111/us-east-1')).toHaveLength(60);
    const cut = await collect(data, [
      { provider: 'aws', operation: 'guardduty:ListFindings', kind: 'truncate', match: { account: '111111111111', region: 'us-east-1', page: 2 } },
    ]);
    expect(cut[0]!.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.guardduty.finding', '111111111111/us-east-1', 'truncated']]);
    const res = judge('aws.guardduty.findings-triaged', cut);
    expect(res.findings.some((f) => f.scope === '111111111111/us-east-1')).toBe(false);
    expect(res.errors.map((e) => e.scope)).toContain('111111111111/us-east-1');
  });

  it('an Inspector finding list cut short by a failed page is an error, never "no findings"', async () => {
    const data = demoAws();
    data.accounts[0]!.inspector!['us-east-1'] = {
      findings: Array.from({ length: 120 }, (_, i) => ({ severity: 'HIGH' as const, at: '-5d', title: `CVE-2026-${2000 + i}` })),
    };
    const ok = await collect(data);
    expect(ok[3]!.records('aws.inspector.finding').filter((r) => r.scope === '111111111111/us-east-1')).toHaveLength(120);
    const cut = await collect(data, [
      { provider: 'aws', operation: 'inspector2:ListFindings', kind: 'truncate', match: { account: '111111111111', region: 'us-east-1', page: 2 } },
    ]);
    expect(cut[3]!.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.inspector.finding', '111111111111/us-east-1', 'truncated']]);
    const res = judge('aws.inspector.enabled-and-sla', cut);
    expect(res.findings.some((f) => f.scope === '111111111111/us-east-1')).toBe(false);
    expect(res.errors.map((e) => e.scope)).toContain('111111111111/us-east-1');
  });
});

it('soc2 permissions names exactly the read actions of the monitoring collectors', async () => {
  const { awsPolicyDocument } = await import('./permissions.js');
  const reads = awsPolicyDocument(COLLECTORS.map((c) => c.meta.id)).Statement.find((s) => s.Sid === 'Soc2EvidenceRead')!.Action;
  expect(reads).toEqual([
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeConfigurationRecorders',
    'config:DescribeDeliveryChannelStatus',
    'guardduty:GetDetector',
    'guardduty:GetFindings',
    'guardduty:ListDetectors',
    'guardduty:ListFindings',
    'inspector2:BatchGetAccountStatus',
    'inspector2:ListFindings',
    'organizations:ListAccounts',
    'securityhub:DescribeHub',
    'securityhub:GetEnabledStandards',
    'sts:GetCallerIdentity',
  ]);
});
