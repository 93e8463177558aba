import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { awsChecks } from './index.js';
import { CIS_PATTERNS, comparisons } from './aws.cloudwatch.cis-metric-alarms.js';
import { s3DataCoverage } from './aws.cloudtrail.s3-data-events.js';

const A = '111111111111';
const B = '222222222222';
const R = `${A}/us-east-1`;
const check = (id: string) => awsChecks.find((c) => c.meta.id === id)!;

const vpc = (o: Record<string, unknown> = {}) => ({
  account: A,
  region: 'us-east-1',
  id: 'vpc-1',
  arn: `arn:aws:ec2:us-east-1:${A}:vpc/vpc-1`,
  state: 'available',
  isDefault: false,
  networkInterfaces: 2,
  mode: 'direct',
  ...o,
});
const flow = (o: Record<string, unknown> = {}) => ({
  account: A,
  region: 'us-east-1',
  id: 'fl-1',
  resourceId: 'vpc-1',
  status: 'ACTIVE',
  deliverLogsStatus: 'SUCCESS',
  trafficType: 'ALL',
  destinationType: 'cloud-watch-logs',
  mode: 'direct',
  ...o,
});
const net = (vpcs: object[], flows: object[]) => ({ 'aws.vpc.vpc': { [R]: vpcs }, 'aws.vpc.flow-log': { [R]: flows } });

const rule = (o: Record<string, unknown> = {}) => ({ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4: [], ipv6: [], prefixLists: [], groups: [], ...o });
const sg = (ingress: object[], o: Record<string, unknown> = {}) => ({
  'aws.ec2.security-group': {
    [R]: [
      {
        account: A,
        region: 'us-east-1',
        id: 'sg-1',
        arn: `arn:aws:ec2:us-east-1:${A}:security-group/sg-1`,
        name: 'g',
        vpcId: 'vpc-1',
        networkInterfaces: 1,
        ingress,
        mode: 'direct',
        ...o,
      },
    ],
  },
});
const pl = (cidrs: string[]) => ({ id: 'pl-1', name: 'partners', cidrs });

const region = (region: string, o: Record<string, unknown> = {}) => ({
  account: A,
  region,
  optInStatus: 'opt-in-not-required',
  enabled: true,
  configured: true,
  mode: 'direct',
  ...o,
});
const regions = (...list: object[]) => ({ 'aws.regions.region': { [A]: list } });

const status = { isLogging: true };
const trail = (o: Record<string, unknown> = {}) => ({
  account: A,
  region: 'us-east-1',
  name: 'org',
  arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/org`,
  homeRegion: 'us-east-1',
  shadow: false,
  isMultiRegionTrail: true,
  isOrganizationTrail: true,
  logFileValidationEnabled: true,
  status,
  ...o,
});
const dataSel = (...extra: object[]) => [
  { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
  { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, ...extra] },
];
const trails = (...t: object[]) => ({ 'aws.cloudtrail.trail': { [R]: t } });
const bucket = (account: string, name: string) => ({ account, name, arn: `arn:aws:s3:::${name}`, region: 'us-east-1', tags: {} });
const withBuckets = (t: object, ...b: Array<{ account: string; name: string }>) => ({
  ...trails(t),
  'aws.s3.bucket': { [A]: [], ...Object.fromEntries(b.map((x) => [`${x.account}/${x.name}`, [x]])) },
});

const GROUP = 'aws-cloudtrail-logs-org';
const cwTrail = (o: Record<string, unknown> = {}) => trail({ cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${A}:log-group:${GROUP}:*`, ...o });
const cisPattern = (tokens: string[]) => `{ ${tokens.map((t) => `(${t.replace('=', ' = ')})`).join(' || ')} }`;
const filters = (skip?: string) =>
  Object.entries(CIS_PATTERNS)
    .filter(([n]) => n !== skip)
    .map(([n, t]) => ({
      account: A,
      region: 'us-east-1',
      logGroupName: GROUP,
      name: n,
      pattern: cisPattern(t),
      metrics: [{ name: n, namespace: 'CIS' }],
      mode: 'direct',
    }));
const alarms = (o: (n: string) => Record<string, unknown> = () => ({})) =>
  Object.keys(CIS_PATTERNS).map((n) => ({
    account: A,
    region: 'us-east-1',
    name: `a-${n}`,
    arn: `arn:aws:cloudwatch:us-east-1:${A}:alarm:a-${n}`,
    metricName: n,
    namespace: 'CIS',
    actionsEnabled: true,
    alarmActions: ['arn:aws:sns:us-east-1:1:t'],
    mode: 'direct',
    ...o(n),
  }));
const cis = (t: object[], f: object[], a: object[]) => ({
  'aws.cloudtrail.trail': { [R]: t },
  'aws.cloudwatch.metric-filter': { [R]: f },
  'aws.cloudwatch.alarm': { [R]: a },
});

type Case = [string, Record<string, Record<string, unknown[]>>, string, Record<string, unknown>?];
const table: Record<string, Case[]> = {
  'aws.vpc.flow-logs': [
    ['active, delivering', net([vpc()], [flow()]), 'pass'],
    ['no flow log', net([vpc()], []), 'fail'],
    ['a flow log of another VPC', net([vpc()], [flow({ resourceId: 'vpc-2' })]), 'fail'],
    ['delivery failing', net([vpc()], [flow({ deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error' })]), 'fail'],
    ['not in use', net([vpc({ networkInterfaces: 0 })], []), 'not-applicable'],
  ],
  'aws.ec2.sg-no-public-admin-ports': [
    ['ssh from a private range', sg([rule({ ipv4: ['10.0.0.0/8'] })]), 'pass'],
    ['https from anywhere', sg([rule({ fromPort: 443, toPort: 443, ipv4: ['0.0.0.0/0'], ipv6: ['::/0'] })]), 'pass'],
    ['ssh from 0.0.0.0/0', sg([rule({ ipv4: ['0.0.0.0/0'] })]), 'fail'],
    ['rdp from ::/0 only (the IPv6 twin)', sg([rule({ fromPort: 3389, toPort: 3389, ipv4: ['10.0.0.0/8'], ipv6: ['::/0'] })]), 'fail'],
    ['ssh through a prefix list holding 0.0.0.0/0', sg([rule({ prefixLists: [pl(['192.0.2.0/24', '0.0.0.0/0'])] })]), 'fail'],
    ['ssh through a prefix list of private ranges', sg([rule({ prefixLists: [pl(['192.0.2.0/24'])] })]), 'pass'],
    ['a range covering 5432', sg([rule({ fromPort: 5000, toPort: 6000, ipv4: ['0.0.0.0/0'] })]), 'fail'],
    ['all traffic', sg([rule({ protocol: '-1', fromPort: undefined, toPort: undefined, ipv4: ['0.0.0.0/0'] })]), 'fail'],
    ['all tcp ports', sg([rule({ fromPort: 0, toPort: 65535, ipv6: ['::/0'] })]), 'fail'],
    ['icmp from anywhere', sg([rule({ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4: ['0.0.0.0/0'] })]), 'pass'],
    ['port outside a narrower list', sg([rule({ ipv4: ['0.0.0.0/0'] })]), 'pass', { ports: [3389] }],
    ['from another security group', sg([rule({ groups: ['sg-2'] })]), 'pass'],
    ['open but on no interface', sg([rule({ ipv4: ['0.0.0.0/0'] })], { networkInterfaces: 0 }), 'not-applicable'],
  ],
  'aws.regions.all-covered': [
    [
      'every enabled region configured',
      regions(region('us-east-1'), region('eu-west-1'), region('af-south-1', { optInStatus: 'not-opted-in', enabled: false, configured: false })),
      'pass',
    ],
    ['an enabled region left out', regions(region('us-east-1'), region('us-west-2', { configured: false })), 'fail'],
    ['an opted-in region left out', regions(region('us-east-1'), region('eu-central-2', { optInStatus: 'opted-in', configured: false })), 'fail'],
    ['left out but exempt', regions(region('us-east-1'), region('us-west-2', { configured: false })), 'pass', { exempt: ['us-west-2'] }],
  ],
  'aws.cloudtrail.s3-data-events': [
    ['advanced: every bucket', trails(trail({ advancedEventSelectors: dataSel() })), 'pass'],
    ['advanced: writes only', trails(trail({ advancedEventSelectors: dataSel({ Field: 'readOnly', Equals: ['false'] }) })), 'fail'],
    [
      'advanced: writes only, writes asked',
      trails(trail({ advancedEventSelectors: dataSel({ Field: 'readOnly', Equals: ['false'] }) })),
      'pass',
      { events: 'write' },
    ],
    [
      'advanced: one bucket, no bucket list',
      trails(trail({ advancedEventSelectors: dataSel({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b1/'] }) })),
      'fail',
    ],
    [
      'advanced: one bucket, the only one',
      withBuckets(trail({ advancedEventSelectors: dataSel({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b1/'] }) }), bucket(A, 'b1')),
      'pass',
    ],
    [
      'advanced: one bucket of two',
      withBuckets(trail({ advancedEventSelectors: dataSel({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b1/'] }) }), bucket(A, 'b1'), bucket(A, 'b2')),
      'fail',
    ],
    [
      'advanced: one bucket of two, the other out of scope',
      withBuckets(trail({ advancedEventSelectors: dataSel({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b1/'] }) }), bucket(A, 'b1'), bucket(A, 'b2')),
      'pass',
      { buckets: ['b1*'] },
    ],
    [
      'advanced: part of the bucket excluded',
      withBuckets(trail({ advancedEventSelectors: dataSel({ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::b1/secret/'] }) }), bucket(A, 'b1')),
      'fail',
    ],
    ['advanced: narrowed by event name', trails(trail({ advancedEventSelectors: dataSel({ Field: 'eventName', Equals: ['GetObject'] }) })), 'fail'],
    ['a bucket of an account the trail does not cover', withBuckets(trail({ advancedEventSelectors: dataSel() }), bucket(B, 'other')), 'fail'],
    ['no buckets in scope', withBuckets(trail({ advancedEventSelectors: dataSel() })), 'not-applicable'],
    [
      'basic: all buckets',
      trails(
        trail({
          eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
        }),
      ),
      'pass',
    ],
    [
      'basic: one bucket',
      withBuckets(
        trail({ eventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b1/'] }] }] }),
        bucket(A, 'b1'),
      ),
      'pass',
    ],
    [
      'basic: a prefix of the bucket only',
      withBuckets(
        trail({ eventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b1/logs/'] }] }] }),
        bucket(A, 'b1'),
      ),
      'fail',
    ],
    ['management events only', trails(trail({ eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] })), 'fail'],
    ['trail not logging', trails(trail({ status: { isLogging: false }, advancedEventSelectors: dataSel() })), 'fail'],
  ],
  'aws.cloudwatch.cis-metric-alarms': [
    ['every pattern filtered and alarmed', cis([cwTrail()], filters(), alarms()), 'pass'],
    ['one pattern without a filter', cis([cwTrail()], filters('root-use'), alarms()), 'fail'],
    [
      'an alarm without actions',
      cis(
        [cwTrail()],
        filters(),
        alarms((n) => (n === 'vpc-changes' ? { alarmActions: [] } : {})),
      ),
      'fail',
    ],
    [
      'an alarm with actions disabled',
      cis(
        [cwTrail()],
        filters(),
        alarms((n) => (n === 'nacl-changes' ? { actionsEnabled: false } : {})),
      ),
      'fail',
    ],
    [
      'an alarm on another namespace',
      cis(
        [cwTrail()],
        filters(),
        alarms((n) => (n === 'cmk-disabling' ? { namespace: 'Other' } : {})),
      ),
      'fail',
    ],
    [
      'filters on another log group',
      cis([cwTrail({ cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${A}:log-group:other:*` })], filters(), alarms()),
      'fail',
    ],
    ['no trail sends to CloudWatch Logs', cis([trail()], filters(), alarms()), 'fail'],
    ['a narrower pattern set', cis([cwTrail()], filters('root-use'), alarms()), 'pass', { patterns: { 'vpc-changes': CIS_PATTERNS['vpc-changes'] } }],
  ],
};

describe('aws network and monitoring checks', () => {
  for (const [id, cases] of Object.entries(table)) {
    describe(id, () => {
      for (const [name, records, want, params] of cases) {
        it(`${name} → ${want}`, () => {
          const r = judge(check(id), { records }, params ?? {});
          expect(r.status).toBe(want);
          if (want === 'fail') expect(r.findings.find((f) => f.status === 'fail')!.resource).toMatch(/^arn:aws:/);
        });
      }
      it('an errored scope → error, never pass', () => {
        const passing = cases.find((c) => c[2] === 'pass')!;
        for (const type of check(id).meta.requires) {
          const scope = type === 'aws.regions.region' ? B : `${B}/us-east-1`;
          expect(judge(check(id), { records: passing[1], errors: [{ type, scope, cause: 'denied' }] }, passing[3] ?? {}).status, type).toBe('error');
        }
      });
    });
  }

  it("the trail's log group in a region that was not collected is an error, not a missing filter", () => {
    const t = cwTrail({ cloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${A}:log-group:${GROUP}:*` });
    const r = judge(check('aws.cloudwatch.cis-metric-alarms'), { records: cis([t], filters(), alarms()) });
    expect(r.status).toBe('error');
    expect(r.errors[0]!.message).toContain(`${A}/eu-west-1`);
  });

  it('filter patterns are compared as whole comparisons, whitespace and quotes aside', () => {
    expect(comparisons('{ ($.eventName = "CreateRouteTable") || ($.eventName = DeleteRoute) }')).toEqual(
      new Set(['$.eventName=CreateRouteTable', '$.eventName=DeleteRoute']),
    );
    // CreateRoute is not met by CreateRouteTable.
    const only = [
      {
        account: A,
        region: 'us-east-1',
        logGroupName: GROUP,
        name: 'rt',
        pattern: cisPattern(CIS_PATTERNS['route-table-changes']!.filter((t) => t !== '$.eventName=CreateRoute')),
        metrics: [{ name: 'rt', namespace: 'CIS' }],
        mode: 'direct',
      },
    ];
    const a = [
      {
        account: A,
        region: 'us-east-1',
        name: 'a',
        arn: 'arn:aws:cloudwatch:us-east-1:1:alarm:a',
        metricName: 'rt',
        namespace: 'CIS',
        actionsEnabled: true,
        alarmActions: ['x'],
        mode: 'direct',
      },
    ];
    expect(
      judge(
        check('aws.cloudwatch.cis-metric-alarms'),
        { records: cis([cwTrail()], only, a) },
        { patterns: { 'route-table-changes': CIS_PATTERNS['route-table-changes'] } },
      ).status,
    ).toBe('fail');
  });

  it('a member account sees the organization trail as a shadow: covered for data events like its owner', () => {
    const org = trail({ advancedEventSelectors: dataSel() });
    const records = { 'aws.cloudtrail.trail': { [R]: [org], [`${B}/us-east-1`]: [{ ...org, account: B, shadow: true }] } };
    const r = judge(check('aws.cloudtrail.s3-data-events'), { records });
    expect(r.findings.map((f) => [f.status, f.reason.split(' records')[0]])).toEqual([
      ['pass', `Account ${A}: trail org`],
      ['pass', `Account ${B}: trail org`],
    ]);
    expect(s3DataCoverage({ ...org, advancedEventSelectors: dataSel({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::'] }) }, 'b9')).toEqual({
      read: true,
      write: true,
    });
  });
});
