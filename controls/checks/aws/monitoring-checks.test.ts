import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { awsChecks } from './index.js';

// asOf (judge's default): 2026-11-22T12:00:00Z
const S = '222222222222/us-east-1';
const A = { account: '222222222222', region: 'us-east-1', mode: 'direct' };
const det = (status?: string) => ({
  ...A,
  detectors: status ? [{ id: 'd1', status, features: [] }] : [],
  findingsFilter: { severityAtLeast: 4, archived: false },
});
const gdf = (severity: number, createdAt: string, archived = false) => ({
  ...A,
  detectorId: 'd1',
  id: `f-${severity}-${createdAt}`,
  arn: `arn:aws:guardduty:us-east-1:222222222222:detector/d1/finding/f${severity}`,
  type: 'Recon:EC2/PortProbeUnprotectedPort',
  severity,
  createdAt,
  archived,
});
const gd = (detector: object, ...findings: object[]) => ({ 'aws.guardduty.detector': { [S]: [detector] }, 'aws.guardduty.finding': { [S]: findings } });
const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0';
const std = (standardsArn: string, status = 'READY') => ({ subscriptionArn: `${standardsArn}-sub`, standardsArn, status });
const hub = (o: Record<string, unknown>) => ({
  'aws.securityhub.hub': { [S]: [{ ...A, subscribed: true, hubArn: 'arn:aws:securityhub:us-east-1:222222222222:hub/default', standards: [std(FSBP)], ...o }] },
});
const recorder = (o: Record<string, unknown> = {}, status: Record<string, unknown> = {}) => ({
  name: 'default',
  allSupported: true,
  useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES',
  resourceTypes: [],
  excludedResourceTypes: [],
  status: { recording: true, lastStatus: 'Success', ...status },
  ...o,
});
const channel = (last = 'Success') => ({
  name: 'default',
  snapshot: { lastStatus: last },
  history: { lastStatus: last },
  stream: { lastStatus: 'Not_Applicable' },
});
const cfg = (recorders: object[], channels: object[] = [channel()]) => ({ 'aws.config.recorder': { [S]: [{ ...A, recorders, deliveryChannels: channels }] } });
const on = { ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED', lambdaCode: 'DISABLED' };
const acct = (status = 'ENABLED', resourceState: Record<string, string> = on) => ({
  ...A,
  status,
  resourceState,
  findingsFilter: { status: 'ACTIVE', severities: ['CRITICAL', 'HIGH'] },
});
const vuln = (severity: string, firstObservedAt: string) => ({
  ...A,
  arn: `arn:aws:inspector2:us-east-1:222222222222:finding/${severity}${firstObservedAt}`,
  type: 'PACKAGE_VULNERABILITY',
  title: 'CVE-2026-1 - openssl',
  severity,
  status: 'ACTIVE',
  firstObservedAt,
  resources: [{ type: 'AWS_EC2_INSTANCE', id: 'i-1' }],
});
const insp = (account: object, ...findings: object[]) => ({ 'aws.inspector.account': { [S]: [account] }, 'aws.inspector.finding': { [S]: findings } });
const check = (id: string) => awsChecks.find((c) => c.meta.id === id)!;

type Case = [string, Record<string, Record<string, unknown[]>>, string, Record<string, unknown>?];
const table: Record<string, Case[]> = {
  'aws.guardduty.enabled': [
    ['enabled detector', gd(det('ENABLED')), 'pass'],
    ['no detector (empty ListDetectors)', gd(det()), 'fail'],
    ['suspended detector', gd(det('DISABLED')), 'fail'],
  ],
  'aws.guardduty.findings-triaged': [
    ['no findings', gd(det('ENABLED')), 'pass'],
    ['high finding 3 days old', gd(det('ENABLED'), gdf(8, '2026-11-19T00:00:00Z')), 'pass'],
    ['high finding 20 days old', gd(det('ENABLED'), gdf(8, '2026-11-02T00:00:00Z')), 'fail'],
    ['medium finding 20 days old, default threshold 7', gd(det('ENABLED'), gdf(5, '2026-11-02T00:00:00Z')), 'pass'],
    ['medium finding 20 days old, minSeverity 4', gd(det('ENABLED'), gdf(5, '2026-11-02T00:00:00Z')), 'fail', { minSeverity: 4 }],
    ['high finding 20 days old within maxDays 30', gd(det('ENABLED'), gdf(8, '2026-11-02T00:00:00Z')), 'pass', { maxDays: 30 }],
    ['archived old finding', gd(det('ENABLED'), gdf(8, '2026-11-02T00:00:00Z', true)), 'pass'],
    ['no detector: nothing to triage', gd(det()), 'not-applicable'],
  ],
  'aws.securityhub.enabled': [
    ['on with FSBP ready', hub({}), 'pass'],
    [
      'not subscribed',
      hub({ subscribed: false, hubArn: undefined, notSubscribedMessage: 'Account 222222222222 is not subscribed to AWS Security Hub', standards: [] }),
      'fail',
    ],
    ['on without FSBP', hub({ standards: [std(CIS)] }), 'fail'],
    ['FSBP incomplete', hub({ standards: [std(FSBP, 'INCOMPLETE')] }), 'fail'],
    ['CIS required and ready', hub({ standards: [std(CIS)] }), 'pass', { standards: ['cis-aws-foundations-benchmark'] }],
  ],
  'aws.config.recorder-all-regions': [
    ['all supported, recording, delivering', cfg([recorder()]), 'pass'],
    ['no recorder', cfg([], []), 'fail'],
    ['only some types', cfg([recorder({ allSupported: false, useOnly: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::Instance'] })]), 'fail'],
    ['exclusions', cfg([recorder({ allSupported: false, useOnly: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::EC2::Volume'] })]), 'fail'],
    ['stopped', cfg([recorder({}, { recording: false })]), 'fail'],
    ['last recording failed', cfg([recorder({}, { lastStatus: 'Failure', lastErrorCode: 'AccessDenied' })]), 'fail'],
    ['last delivery failed', cfg([recorder()], [channel('Failure')]), 'fail'],
    ['no delivery channel', cfg([recorder()], []), 'fail'],
  ],
  'aws.inspector.enabled-and-sla': [
    ['enabled, no findings', insp(acct()), 'pass'],
    ['disabled', insp(acct('DISABLED', { ec2: 'DISABLED', ecr: 'DISABLED', lambda: 'DISABLED', lambdaCode: 'DISABLED' })), 'fail'],
    ['lambda scanning off', insp(acct('ENABLED', { ...on, lambda: 'DISABLED' })), 'fail'],
    ['lambda off but not required', insp(acct('ENABLED', { ...on, lambda: 'DISABLED' })), 'pass', { resourceTypes: ['EC2', 'ECR'] }],
    ['critical 10 days old', insp(acct(), vuln('CRITICAL', '2026-11-12T00:00:00Z')), 'pass'],
    ['critical 20 days old', insp(acct(), vuln('CRITICAL', '2026-11-02T00:00:00Z')), 'fail'],
    ['high 20 days old', insp(acct(), vuln('HIGH', '2026-11-02T00:00:00Z')), 'pass'],
    ['high 40 days old', insp(acct(), vuln('HIGH', '2026-10-13T00:00:00Z')), 'fail'],
    ['critical 20 days old within a 30-day SLA', insp(acct(), vuln('CRITICAL', '2026-11-02T00:00:00Z')), 'pass', { slaDays: { critical: 30 } }],
  ],
};

describe('aws threat-detection and monitoring checks', () => {
  for (const [id, cases] of Object.entries(table)) {
    describe(id, () => {
      for (const [name, records, status, params] of cases) {
        it(`${name} → ${status}`, () => {
          const r = judge(check(id), { records }, params ?? {});
          expect(r.status).toBe(status);
          if (status === 'fail') expect(r.findings.find((f) => f.status === 'fail')!.resource).toMatch(/^arn:aws:/);
        });
      }
      it('an errored scope → error', () => {
        const type = check(id).meta.requires.at(-1)!;
        expect(judge(check(id), { records: cases[0]![1], errors: [{ type, scope: '222222222222/eu-west-1', cause: 'truncated' }] }).status).toBe('error');
      });
    });
  }
  it('findings-triaged refuses a threshold below what the collector reads', () => {
    expect(() => judge(check('aws.guardduty.findings-triaged'), { records: gd(det('ENABLED')) }, { minSeverity: 2 })).toThrow();
  });
  it('the inspector SLA defaults fill in when only one severity is set', () => {
    const r = judge(check('aws.inspector.enabled-and-sla'), { records: insp(acct(), vuln('HIGH', '2026-10-13T00:00:00Z')) }, { slaDays: { critical: 30 } });
    expect(r.findings.find((f) => f.status === 'fail')!.reason).toContain('30-day SLA');
  });
});
