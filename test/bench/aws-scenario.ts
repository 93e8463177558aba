import type { AwsAccountSpec, AwsEventSpec, AwsScenario, AwsUserSpec } from '../../src/sandbox/aws/model.js';
import type { AwsBucketSpec } from '../../src/sandbox/aws/s3.js';
import type { AwsDataSpec } from '../../src/sandbox/aws/resources.js';

export interface AwsGenerateOptions {
  accounts: number;
  /** The regions every account has enabled and the collectors read: network and monitoring are in each of them. */
  regions: string[];
  /**
   * Where the data estate lives (IAM users' CloudTrail events, S3, KMS, ACM, Secrets Manager, logs, RDS, DynamoDB,
   * ELB, EBS, Backup); default `regions`. The collectors still read every region of `regions` and find the others empty.
   */
  dataRegions?: string[];
  usersPerAccount: number;
  /** CloudTrail events per account, spread evenly over the data regions and over the last `days` days. */
  eventsPerAccount: number;
  days?: number;
  seed?: number;
  /** LookupEvents calls per second per account and region the sandbox allows (0 = unlimited). */
  lookupEventsPerSecond?: number;
  /** GetCredentialReport answers ReportInProgress this many times first (real IAM takes a moment). */
  reportInProgressPolls?: number;
  /** Data-protection estate per account: buckets (spread over the regions), and per region keys, certificates, secrets, log groups. */
  dataProtection?: { buckets: number; keys: number; certificates: number; secrets: number; logGroups: number };
  /** Data-protection resources per account and region (RDS, DynamoDB, ELBv2, EBS; a backup plan over the DB instances). */
  dataPerRegion?: AwsDataCounts;
  /** Network and monitoring per account and region: VPCs, security groups, alarms, metric filters (on `/bench/000`). */
  networkPerRegion?: AwsNetworkCounts;
  /** IAM Identity Center in the management account (first region). */
  identityCenter?: IdentityCenterCounts;
  /** Threat detection and monitoring per account and region: GuardDuty and Inspector findings (GuardDuty, Security Hub, Config, Inspector on). */
  monitoring?: AwsMonitoringCounts;
}

export interface AwsNetworkCounts {
  vpcs: number;
  securityGroups: number;
  alarms: number;
  filters: number;
}

/** Identity Center users (every user in one group), groups, permission sets, and accounts each set is assigned in. */
export interface IdentityCenterCounts {
  users: number;
  groups: number;
  permissionSets: number;
  accountsPerSet: number;
}

export interface AwsMonitoringCounts {
  guarddutyFindings: number;
  inspectorFindings: number;
}

export interface AwsDataCounts {
  dbInstances: number;
  tables: number;
  loadBalancers: number;
  volumes: number;
}

/**
 * Each account's RDS instances, DynamoDB tables, load balancers and EBS volumes in every region, with one backup plan
 * per region selecting the DB instances (each with a day of recovery points) and a restore test. Why its own PRNG:
 * the IAM users and events of a seed stay what they were before these services were added.
 */
function dataOf(o: AwsGenerateOptions, id: string, idx: number): AwsDataSpec {
  const n = o.dataPerRegion;
  if (!n) return {};
  const rnd = prng((o.seed ?? 1) * 7919 + idx);
  const out: Required<Pick<AwsDataSpec, 'volumes' | 'loadBalancers' | 'tables'>> & AwsDataSpec = {
    rds: { instances: [] },
    volumes: [],
    loadBalancers: [],
    tables: [],
    ebsDefaultEncryption: {},
    backup: { plans: [], protected: [], restores: [] },
  };
  for (const region of dataRegionsOf(o)) {
    out.ebsDefaultEncryption![region] = rnd() < 0.8;
    const dbs = Array.from({ length: n.dbInstances }, (_, i) => ({
      id: `db-${region}-${i}`,
      region,
      encrypted: rnd() < 0.9,
      backupDays: rnd() < 0.9 ? 7 : 1,
      public: rnd() < 0.05,
      multiAz: rnd() < 0.5,
      deletionProtection: rnd() < 0.8,
      tags: { environment: rnd() < 0.5 ? 'production' : 'staging' },
    }));
    out.rds!.instances!.push(...dbs);
    out.tables.push(...Array.from({ length: n.tables }, (_, i) => ({ name: `table-${region}-${String(i).padStart(3, '0')}`, region, pitr: rnd() < 0.8 })));
    out.loadBalancers.push(
      ...Array.from({ length: n.loadBalancers }, (_, i) => ({
        name: `lb-${region}-${i}`,
        region,
        listeners: [
          { port: 443, protocol: 'HTTPS' as const, policy: rnd() < 0.8 ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : 'ELBSecurityPolicy-2016-08' },
          { port: 80, protocol: 'HTTP' as const, redirect: rnd() < 0.8 },
        ],
      })),
    );
    out.volumes.push(
      ...Array.from({ length: n.volumes }, (_, i) => ({
        id: `vol-${region}-${i}`,
        region,
        encrypted: rnd() < 0.9,
        ...(rnd() < 0.8 ? { instance: `i-${region}-${i}` } : {}),
      })),
    );
    const arns = dbs.map((d) => `arn:aws:rds:${region}:${id}:db:${d.id}`);
    out.backup!.plans!.push({
      name: `daily-${region}`,
      region,
      rules: [{ name: 'daily', deleteAfterDays: 35 }],
      selections: [{ name: 'databases', resources: [`arn:aws:rds:${region}:${id}:db:*`] }],
    });
    out.backup!.protected!.push(...arns.map((arn) => ({ arn, type: 'RDS', region, points: [{ at: `-${1 + Math.floor(rnd() * 20)}h` }, { at: '-2d' }] })));
    out.backup!.restores!.push({ at: `-${10 + Math.floor(rnd() * 300)}d`, region, resource: arns[0] ?? `arn:aws:rds:${region}:${id}:db:none` });
  }
  return out;
}

function dataRegionsOf(o: AwsGenerateOptions): string[] {
  return o.dataRegions ?? o.regions;
}

/** mulberry32: a tiny seeded PRNG, so the same seed gives the same estate. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Event names with weights: every one is in a population the aws-cloudtrail collector looks up. */
const EVENT_MIX: Array<[string, number, Partial<AwsEventSpec>?]> = [
  ['ConsoleLogin', 50],
  ['CreateUser', 8],
  ['AttachUserPolicy', 6],
  ['CreateAccessKey', 6],
  ['DeleteAccessKey', 5],
  ['PutUserPolicy', 5],
  ['GetUser', 5, { readOnly: true }],
  ['AuthorizeSecurityGroupIngress', 5],
  ['RevokeSecurityGroupIngress', 3],
  ['AuthorizeSecurityGroupEgress', 2],
  ['CreateSecurityGroup', 2],
  ['DeleteSecurityGroup', 1],
  ['RevokeSecurityGroupEgress', 1],
  ['UpdateTrail', 0.5],
  ['PutEventSelectors', 0.3],
  ['StopLogging', 0.1],
  ['DeleteTrail', 0.1],
];
const TOTAL_WEIGHT = EVENT_MIX.reduce((n, [, w]) => n + w, 0);

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function eventName(rnd: () => number): [string, Partial<AwsEventSpec> | undefined] {
  let x = rnd() * TOTAL_WEIGHT;
  for (const [name, w, extra] of EVENT_MIX) {
    if ((x -= w) < 0) return [name, extra];
  }
  return ['ConsoleLogin', undefined];
}

function user(rnd: () => number, i: number): AwsUserSpec {
  const human = rnd() < 0.7;
  const mfa = human ? (rnd() < 0.85 ? 'virtual' : rnd() < 0.5 ? 'hardware' : false) : false;
  const keys = Array.from({ length: human ? (rnd() < 0.2 ? 1 : 0) : 1 + Math.floor(rnd() * 2) }, () => ({
    created: `-${1 + Math.floor(rnd() * 400)}d`,
    lastUsed: rnd() < 0.9 ? `-${Math.floor(rnd() * 30)}h` : null,
    service: pick(rnd, ['s3', 'iam', 'ec2', 'sts']),
  }));
  return {
    name: human ? `person-${String(i).padStart(5, '0')}` : `svc-${String(i).padStart(5, '0')}`,
    created: `-${30 + Math.floor(rnd() * 900)}d`,
    console: human ? { lastUsed: rnd() < 0.9 ? `-${Math.floor(rnd() * 120)}d` : null, changed: `-${Math.floor(rnd() * 200)}d` } : false,
    mfa,
    keys,
    groups: human ? [pick(rnd, ['developers', 'operators', 'analysts', 'admins'])] : [],
    policies: !human && rnd() < 0.3 ? ['deploy'] : undefined,
  };
}

function account(rnd: () => number, o: AwsGenerateOptions, idx: number, management: string): AwsAccountSpec {
  const id = idx === 0 ? management : String(100_000_000_000 + 1_000 * idx + 1);
  const days = o.days ?? 80;
  const users = Array.from({ length: o.usersPerAccount }, (_, i) => user(rnd, i));
  const events: AwsEventSpec[] = [];
  for (let i = 0; i < o.eventsPerAccount; i++) {
    const [name, extra] = eventName(rnd);
    const u = users.length ? users[Math.floor(rnd() * users.length)]!.name : 'admin';
    // Spread over the window, never at the exact edges (the lookup window ends at asOf).
    const minutesAgo = 30 + Math.floor(rnd() * (days * 1440 - 60));
    events.push({
      at: `-${minutesAgo}m`,
      name,
      region: dataRegionsOf(o)[i % dataRegionsOf(o).length],
      user: u,
      mfa: name === 'ConsoleLogin' ? rnd() < 0.9 : undefined,
      ...extra,
    });
  }
  return {
    id,
    name: idx === 0 ? 'management' : `workload-${String(idx).padStart(2, '0')}`,
    root: { mfa: idx % 7 === 3 ? false : 'hardware', passwordLastUsed: `-${100 + idx}d` },
    passwordPolicy:
      idx % 5 === 2
        ? null
        : {
            MinimumPasswordLength: 14,
            RequireSymbols: true,
            RequireNumbers: true,
            RequireUppercaseCharacters: true,
            RequireLowercaseCharacters: true,
            PasswordReusePrevention: 24,
          },
    users,
    groups: [
      { name: 'admins', policies: ['AdministratorAccess'] },
      { name: 'developers', policies: ['PowerUserAccess'] },
      { name: 'operators', policies: ['ReadOnlyAccess'] },
      { name: 'analysts', policies: ['ViewOnlyAccess'] },
    ],
    roles: [
      { name: 'soc2-audit', policies: ['SecurityAudit'] },
      { name: 'OrganizationAccountAccessRole', policies: ['AdministratorAccess'] },
      { name: 'deploy-role', policies: ['deploy'] },
    ],
    policies: [
      { name: 'deploy', doc: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 'cloudformation:*'], Resource: '*' }] } },
    ],
    ...dataOf(o, id, idx),
    trails:
      idx === 0
        ? [
            {
              name: 'org-trail',
              home: o.regions[0],
              multiRegion: true,
              org: true,
              validation: true,
              kms: `arn:aws:kms:${o.regions[0]}:${management}:key/0b7c5c1e-1111-4a1a-9f00-000000000001`,
              cloudWatch: true,
            },
          ]
        : [],
    events,
    ...dataProtection(o, idx, id),
    ...monitoringOf(o, idx),
  };
}

/**
 * VPCs (most with a flow log, some unused), security groups spread over them (some open to 0.0.0.0/0 or ::/0 on an
 * admin port, a few unused), metric alarms, and metric filters on each region's `/bench/000` log group: the enabled
 * regions are the configured ones. A PRNG of its own keeps the other services' estate as it was for a seed.
 */
function withNetwork(o: AwsGenerateOptions, idx: number, a: AwsAccountSpec): AwsAccountSpec {
  const n = o.networkPerRegion;
  if (!n) return a;
  const rnd = prng((o.seed ?? 1) * 104729 + idx);
  const network: NonNullable<AwsAccountSpec['network']> = { regions: [...o.regions], vpcs: [], securityGroups: [] };
  const alarms: NonNullable<AwsAccountSpec['alarms']> = [];
  for (const region of o.regions) {
    const vpcs = Array.from({ length: n.vpcs }, (_, i) => ({ id: `vpc-${region}-${i}`, region, flowLog: rnd() < 0.8 }));
    network.vpcs!.push(...vpcs);
    network.securityGroups!.push(
      ...Array.from({ length: n.securityGroups }, (_, i) => {
        const open = rnd() < 0.1;
        return {
          id: `sg-${region}-${i}`,
          region,
          vpc: vpcs[i % Math.max(1, vpcs.length)]?.id ?? `vpc-${region}-0`,
          attached: rnd() < 0.9 ? 1 + Math.floor(rnd() * 3) : 0,
          ingress: [
            { from: 443, cidrs: ['0.0.0.0/0'] },
            { from: open ? 22 : 5432, ...(open && rnd() < 0.5 ? { ipv6: ['::/0'] } : { cidrs: open ? ['0.0.0.0/0'] : ['10.0.0.0/8'] }) },
          ],
        };
      }),
    );
    alarms.push(...Array.from({ length: n.alarms }, (_, i) => ({ name: `alarm-${region}-${i}`, region, metric: `metric-${i}`, actions: rnd() < 0.9 })));
  }
  const logGroups = (a.logGroups ?? []).map((g) =>
    g.name === '/bench/000' && n.filters
      ? { ...g, filters: Array.from({ length: n.filters }, (_, i) => ({ name: `filter-${i}`, pattern: `{ $.eventName = Event${i} }`, metric: `metric-${i}` })) }
      : g,
  );
  return { ...a, network, alarms, logGroups };
}

/**
 * GuardDuty, Security Hub, Config and Inspector in every region of one account, from a generator of its own (the
 * other services' estate stays the same for a seed). Some regions plant gaps: a suspended detector, Security Hub
 * off, a failed Config delivery, Lambda scanning off; findings spread over severities, ages and archived states.
 */
function monitoringOf(o: AwsGenerateOptions, idx: number): Partial<AwsAccountSpec> {
  const n = o.monitoring;
  if (!n) return {};
  const rnd = prng((o.seed ?? 1) * 104_729 + idx);
  const out: Required<Pick<AwsAccountSpec, 'guardduty' | 'securityhub' | 'config' | 'inspector'>> = {
    guardduty: {},
    securityhub: {},
    config: {},
    inspector: {},
  };
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
  for (const region of o.regions) {
    out.guardduty[region] = {
      status: rnd() < 0.95 ? 'ENABLED' : 'DISABLED',
      findings: Array.from({ length: n.guarddutyFindings }, (_, i) => ({
        type: `Recon:EC2/PortProbeUnprotectedPort.${i}`,
        severity: 1 + Math.floor(rnd() * 9),
        at: `-${Math.floor(rnd() * 60)}d`,
        archived: rnd() < 0.3,
      })),
    };
    if (rnd() < 0.9) out.securityhub[region] = { standards: ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/1.4.0'] };
    out.config[region] = { delivery: rnd() < 0.95 ? 'Success' : 'Failure' };
    out.inspector[region] = {
      lambda: rnd() < 0.9 ? 'ENABLED' : 'DISABLED',
      findings: Array.from({ length: n.inspectorFindings }, () => ({
        severity: severities[Math.floor(rnd() * severities.length)]!,
        at: `-${Math.floor(rnd() * 90)}d`,
        status: rnd() < 0.8 ? ('ACTIVE' as const) : ('CLOSED' as const),
      })),
    };
  }
  return out;
}

/**
 * S3, KMS, ACM, Secrets Manager and CloudWatch Logs for one account, from a generator of its own (the IAM and
 * CloudTrail estate stays the same for a seed). Every third account blocks public access at the account level.
 */
function dataProtection(o: AwsGenerateOptions, idx: number, id: string): Partial<AwsAccountSpec> {
  const d = o.dataProtection;
  if (!d) return {};
  const rnd = prng((o.seed ?? 1) * 7919 + idx);
  const covered = idx % 3 === 0;
  const buckets: AwsBucketSpec[] = Array.from({ length: d.buckets }, (_, i): AwsBucketSpec => {
    const name = `bench-${id}-${String(i).padStart(3, '0')}`;
    const tagged = rnd() < 0.3;
    return {
      name,
      region: pick(rnd, dataRegionsOf(o)),
      encryption: rnd() < 0.05 ? false : rnd() < 0.5 ? 'aws:kms' : 'AES256',
      versioning: rnd() < 0.7 ? 'Enabled' : rnd() < 0.5 ? 'Suspended' : undefined,
      acl: rnd() < 0.05 ? 'public-read' : 'private',
      policy:
        rnd() < 0.6
          ? {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
              ],
            }
          : undefined,
      publicAccessBlock: rnd() < 0.5 ? true : undefined,
      tags: tagged ? { 'soc2:retention': '1y' } : rnd() < 0.5 ? { team: 'platform' } : undefined,
      lifecycle: tagged && rnd() < 0.8 ? [{ id: 'expire', expirationDays: 400 }] : undefined,
    };
  });
  const perRegion = <T>(n: number, make: (region: string, i: number) => T) =>
    dataRegionsOf(o).flatMap((region) => Array.from({ length: n }, (_, i) => make(region, i)));
  return {
    s3: { ...(covered ? { publicAccessBlock: true as const } : {}), buckets },
    kmsKeys: perRegion(d.keys, (region, i) => {
      const aws = i % 5 === 4;
      return {
        alias: aws ? `aws/service-${i}` : `key-${i}`,
        region,
        manager: aws ? ('AWS' as const) : ('CUSTOMER' as const),
        spec: !aws && i % 7 === 6 ? 'RSA_2048' : undefined,
        rotation: rnd() < 0.7,
      };
    }),
    certificates: perRegion(d.certificates, (region, i) => ({
      domain: `svc-${i}.${region}.bench.example`,
      region,
      notAfter: `+${5 + Math.floor(rnd() * 360)}d`,
      inUse: rnd() < 0.8,
      keyAlgorithm: i % 4 === 3 ? 'EC_prime256v1' : undefined,
    })),
    secrets: perRegion(d.secrets, (region, i) => ({
      name: `svc/${region}/${i}`,
      region,
      rotation: rnd() < 0.6 ? { days: 30, lastRotated: `-${Math.floor(rnd() * 60)}d` } : false,
    })),
    logGroups: perRegion(d.logGroups, (region, i) => ({
      name: `/bench/${String(i).padStart(3, '0')}`,
      region,
      retentionDays: pick(rnd, [undefined, 30, 90, 365, 400]),
    })),
  };
}

/**
 * A seeded AWS Organization in the sandbox's scenario format (src/sandbox/aws/model.ts): a management account
 * with an organisation trail and `accounts − 1` members, each with IAM users and CloudTrail events.
 */
export function generateAwsScenario(o: AwsGenerateOptions): AwsScenario {
  const rnd = prng(o.seed ?? 1);
  const management = '100000000001';
  return {
    organization: { management },
    options: { lookupEventsPerSecond: o.lookupEventsPerSecond ?? 2, reportInProgressPolls: o.reportInProgressPolls ?? 1 },
    accounts: Array.from({ length: o.accounts }, (_, i) => withNetwork(o, i, account(rnd, o, i, management))).map((a, i) =>
      i === 0 && o.identityCenter ? { ...a, identityCenter: identityCenter(o, o.identityCenter, management) } : a,
    ),
  };
}

/**
 * Identity Center: users in groups round-robin (one in 20 disabled), permission sets with a managed policy (every
 * tenth an inline one too), each assigned to a group and one user in `accountsPerSet` accounts taken in turn, so the
 * assignments cover every account. Why its own PRNG-free layout: the other data of a seed stays what it was.
 */
function identityCenter(o: AwsGenerateOptions, n: IdentityCenterCounts, management: string): NonNullable<AwsAccountSpec['identityCenter']> {
  const ids = Array.from({ length: o.accounts }, (_, i) => (i === 0 ? management : String(100_000_000_000 + 1_000 * i + 1)));
  const users = Array.from({ length: n.users }, (_, i) => ({
    name: `sso-user-${String(i).padStart(5, '0')}@bench.example`,
    email: `sso-user-${String(i).padStart(5, '0')}@bench.example`,
    status: i % 20 === 19 ? ('DISABLED' as const) : ('ENABLED' as const),
    created: `-${1 + (i % 400)}d`,
  }));
  const groups = Array.from({ length: n.groups }, (_, g) => ({
    name: `team-${String(g).padStart(3, '0')}`,
    members: users.filter((_, i) => i % n.groups === g).map((u) => u.name),
  }));
  const permissionSets = Array.from({ length: n.permissionSets }, (_, i) => ({
    name: i === 0 ? 'AdministratorAccess' : `role-${String(i).padStart(3, '0')}`,
    policies: [i === 0 ? 'AdministratorAccess' : 'ReadOnlyAccess'],
    ...(i % 10 === 5 ? { inline: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] } } : {}),
  }));
  const assignments = permissionSets.flatMap((p, i) =>
    Array.from({ length: n.accountsPerSet }, (_, k) => ids[(i * n.accountsPerSet + k) % ids.length]!).flatMap((account) => [
      { account, permissionSet: p.name, group: groups[i % groups.length]!.name },
      { account, permissionSet: p.name, user: users[i % users.length]!.name },
    ]),
  );
  return { region: o.regions[0], name: 'bench', users, groups, permissionSets, assignments };
}
