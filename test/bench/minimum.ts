import { expectedCalls } from '../../collectors/github/budget.js';
import { timeOf } from '../../src/sandbox/aws/model.js';
import { regionOf } from '../../src/sandbox/aws/resources.js';
import { DEFAULT_REGIONS } from '../../src/sandbox/aws/network.js';
import type { BenchScenario } from './scenario.js';

/**
 * The fewest calls the collectors' chosen endpoints need for an estate: pages (at each endpoint's maximum page
 * size) × endpoints, following each collector's documented call pattern (collectors/<provider>/README.md).
 * Keys are the sandbox's operation names, so the request log can be compared per operation.
 */
export interface MinimumCalls {
  /** Per collector: operation → calls. */
  collectors: Record<string, Record<string, number>>;
  /** Per collector: the scopes it fans out over, with the calls of each (`paced`: calls under a per-scope rate limit). */
  scopes: Record<string, Array<{ calls: number; paced?: number }>>;
}

const p = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const add = (m: Record<string, number>, op: string, n: number) => (m[op] = (m[op] ?? 0) + n);

/** LookupEvents populations (collectors/aws/cloudtrail-events.ts EVENT_QUERIES): event name → query key. */
const EVENT_QUERY_NAMES = [
  'ConsoleLogin',
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
];
const CLOUDTRAIL_NAMES = /Logging$|Trail$|EventSelectors$|^ConsoleLogin$|SecurityGroup/;

function aws(s: BenchScenario, now: Date, out: MinimumCalls): void {
  const accounts = s.aws.accounts;
  const regions = s.estate.aws.regions;
  const polls = s.aws.options?.reportInProgressPolls ?? 0;
  // Account discovery and access, once per provider: who am I, the organisation's accounts, a role per member.
  const identity = (m: Record<string, number>) => {
    add(m, 'sts:GetCallerIdentity', 1 + accounts.length);
    add(m, 'organizations:ListAccounts', p(accounts.length, 20));
    add(m, 'sts:AssumeRole', accounts.length - 1);
  };
  const iam: Record<string, number> = {};
  const ct: Record<string, number> = {};
  identity(iam);
  out.scopes['aws-iam'] = [];
  out.scopes['aws-cloudtrail'] = [];
  const orgTrails = (accounts[0]?.trails ?? []).filter((t) => t.org).length;
  for (const a of accounts) {
    const users = a.users ?? [];
    const admin = (refs?: string[]) => (refs ?? []).includes('AdministratorAccess');
    const iamOps: Record<string, number> = {
      'iam:GenerateCredentialReport': 1,
      'iam:GetCredentialReport': 1 + polls,
      'iam:GetAccountSummary': 1,
      'iam:GetAccountPasswordPolicy': 1,
      'iam:GetAccountAuthorizationDetails': p(users.length + (a.groups?.length ?? 0) + (a.roles?.length ?? 0) + (a.policies?.length ?? 0), 1000),
      'iam:ListVirtualMFADevices': p(users.filter((u) => u.mfa === 'virtual').length + (a.root?.mfa === 'virtual' ? 1 : 0), 1000),
      'iam:ListEntitiesForPolicy': p([...users, ...(a.groups ?? []), ...(a.roles ?? [])].filter((e) => admin(e.policies)).length, 1000),
    };
    let n = 0;
    for (const [op, c] of Object.entries(iamOps)) {
      add(iam, op, c);
      n += c;
    }
    out.scopes['aws-iam'].push({ calls: n + 2 });
    const trails = (a.trails ?? []).length + (a.id === s.aws.organization?.management ? 0 : orgTrails);
    for (const region of regions) {
      const counts = new Map<string, number>();
      let iamEvents = 0;
      for (const e of a.events ?? []) {
        if ((e.region ?? 'us-east-1') !== region || timeOf(e.at, now)! < new Date(`${s.period.start}T00:00:00Z`)) continue;
        if (CLOUDTRAIL_NAMES.test(e.name)) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
        else iamEvents++;
      }
      const lookups = p(iamEvents, 50) + EVENT_QUERY_NAMES.reduce((sum, name) => sum + p(counts.get(name) ?? 0, 50), 0);
      add(ct, 'cloudtrail:DescribeTrails', 1);
      add(ct, 'cloudtrail:GetTrailStatus', trails);
      add(ct, 'cloudtrail:GetEventSelectors', trails);
      add(ct, 'cloudtrail:LookupEvents', lookups);
      out.scopes['aws-cloudtrail'].push({ calls: 1 + 2 * trails, paced: lookups });
    }
  }
  out.collectors['aws-iam'] = iam;
  out.collectors['aws-cloudtrail'] = ct;
  dataProtection(s, out);
  network(s, out);
  monitoring(s, out);
}

/**
 * The network and monitoring collectors (collectors/aws/network, collectors/aws/cloudwatch): DescribeRegions once per
 * account; per account and region every list at its largest page (VPCs, interfaces, flow logs, security groups 1000;
 * alarms 100; metric filters 50), the referenced prefix lists (100 ids a page) and each one's entries (100 a page).
 */
function network(s: BenchScenario, out: MinimumCalls): void {
  const m: Record<string, Record<string, number>> = { 'aws-regions': {}, 'aws-network': {}, 'aws-cloudwatch': {} };
  for (const id of Object.keys(m)) out.scopes[id] = [];
  const scope = (id: string, ops: Record<string, number>) => {
    let calls = 0;
    for (const [op, c] of Object.entries(ops)) {
      if (!c) continue;
      add(m[id]!, op, c);
      calls += c;
    }
    out.scopes[id]!.push({ calls });
  };
  for (const a of s.aws.accounts) {
    scope('aws-regions', { 'ec2:DescribeRegions': 1 });
    for (const region of s.estate.aws.regions) {
      const here = <T extends { region?: string }>(list: T[] | undefined) => (list ?? []).filter((x) => regionOf(x) === region);
      const groups = here(a.network?.securityGroups);
      const interfaces = groups.reduce((n, g) => n + (g.attached ?? 0), 0);
      const lists = [...new Set(groups.flatMap((g) => (g.ingress ?? []).flatMap((r) => r.prefixLists ?? [])))];
      const entries = lists.reduce((n, id) => n + p(here(a.network?.prefixLists).find((l) => l.id === id)?.entries.length ?? 0, 100), 0);
      scope('aws-network', {
        'ec2:DescribeVpcs': p(here(a.network?.vpcs).length, 1000),
        'ec2:DescribeNetworkInterfaces': p(interfaces, 1000),
        'ec2:DescribeFlowLogs': p(here(a.network?.vpcs).filter((v) => v.flowLog).length, 1000),
        'ec2:DescribeSecurityGroups': p(groups.length, 1000),
        'ec2:DescribeManagedPrefixLists': lists.length ? Math.ceil(lists.length / 100) : 0,
        'ec2:GetManagedPrefixListEntries': entries,
      });
      const filters = here(a.logGroups).reduce((n, g) => n + (g.filters?.length ?? 0), 0);
      scope('aws-cloudwatch', { 'monitoring:DescribeAlarms': p(here(a.alarms).length, 100), 'logs:DescribeMetricFilters': p(filters, 50) });
    }
  }
  Object.assign(out.collectors, m);
}

/**
 * The data-protection collectors (collectors/aws/<service>/README.md): S3 once per account, the nine regional ones
 * per account and region: each list at its largest page, one describe per key, table, load balancer, backup plan,
 * selection and protected resource, rotation asked only of the keys it applies to, and one DescribeSSLPolicies for
 * the policies a region's listeners use. Discovery is shared with aws-iam.
 */
function dataProtection(s: BenchScenario, out: MinimumCalls): void {
  const m: Record<string, Record<string, number>> = {};
  for (const id of ['aws-s3', 'aws-kms', 'aws-acm', 'aws-secretsmanager', 'aws-logs', 'aws-rds', 'aws-ec2', 'aws-elbv2', 'aws-dynamodb', 'aws-backup']) {
    m[id] = {};
    out.scopes[id] = [];
  }
  const scope = (id: string, ops: Record<string, number>) => {
    let calls = 0;
    for (const [op, c] of Object.entries(ops)) {
      if (!c) continue;
      add(m[id]!, op, c);
      calls += c;
    }
    out.scopes[id]!.push({ calls });
  };
  for (const a of s.aws.accounts) {
    const buckets = a.s3?.buckets ?? [];
    // The account block, the listing, five reads per bucket; three more (two without a policy) unless the account blocks everything.
    const covered = a.s3?.publicAccessBlock === true;
    const s3: Record<string, number> = { 's3control:GetPublicAccessBlock': 1, 's3:ListBuckets': p(buckets.length, 1000) };
    for (const op of ['GetBucketTagging', 'GetBucketEncryption', 'GetBucketVersioning', 'GetBucketPolicy', 'GetBucketLifecycleConfiguration'])
      s3[`s3:${op}`] = buckets.length;
    if (!covered) {
      s3['s3:GetPublicAccessBlock'] = buckets.length;
      s3['s3:GetBucketAcl'] = buckets.length;
      s3['s3:GetBucketPolicyStatus'] = buckets.filter((b) => b.policy !== undefined).length;
    }
    scope('aws-s3', s3);
    for (const region of s.estate.aws.regions) {
      const here = <T extends { region?: string }>(list: T[] | undefined) => (list ?? []).filter((x) => regionOf(x) === region);
      const keys = here(a.kmsKeys);
      const rotating = keys.filter(
        (k) =>
          (k.manager ?? 'CUSTOMER') === 'CUSTOMER' &&
          (k.spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' &&
          (k.state ?? 'Enabled') === 'Enabled' &&
          (k.origin ?? 'AWS_KMS') === 'AWS_KMS',
      ).length;
      const lbs = here(a.loadBalancers);
      const plans = here(a.backup?.plans);
      const prot = here(a.backup?.protected);
      scope('aws-kms', { 'kms:ListKeys': p(keys.length, 1000), 'kms:DescribeKey': keys.length, 'kms:GetKeyRotationStatus': rotating });
      scope('aws-acm', { 'acm:ListCertificates': p(here(a.certificates).length, 1000) });
      scope('aws-secretsmanager', { 'secretsmanager:ListSecrets': p(here(a.secrets).length, 100) });
      scope('aws-logs', { 'logs:DescribeLogGroups': p(here(a.logGroups).length, 50) });
      scope('aws-rds', { 'rds:DescribeDBInstances': p(here(a.rds?.instances).length, 100), 'rds:DescribeDBClusters': p(here(a.rds?.clusters).length, 100) });
      scope('aws-ec2', { 'ec2:GetEbsEncryptionByDefault': 1, 'ec2:DescribeVolumes': p(here(a.volumes).length, 500) });
      scope('aws-elbv2', {
        'elasticloadbalancing:DescribeLoadBalancers': p(lbs.length, 400),
        'elasticloadbalancing:DescribeListeners': lbs.reduce((n, b) => n + p((b.listeners ?? []).length, 400), 0),
        'elasticloadbalancing:DescribeSSLPolicies': lbs.some((b) => (b.listeners ?? []).some((l) => l.protocol === 'HTTPS' || l.protocol === 'TLS')) ? 1 : 0,
      });
      scope('aws-dynamodb', { 'dynamodb:ListTables': p(here(a.tables).length, 100), 'dynamodb:DescribeContinuousBackups': here(a.tables).length });
      scope('aws-backup', {
        'backup:ListBackupPlans': p(plans.length, 1000),
        'backup:GetBackupPlan': plans.length,
        'backup:ListBackupSelections': plans.reduce((n, pl) => n + p((pl.selections ?? []).length, 1000), 0),
        'backup:GetBackupSelection': plans.reduce((n, pl) => n + (pl.selections ?? []).length, 0),
        'backup:ListProtectedResources': p(prot.length, 1000),
        'backup:ListRecoveryPointsByResource': prot.reduce((n, r) => n + p(r.points.length, 100), 0),
        'backup:ListRestoreJobs': p(here(a.backup?.restores).length, 1000),
        'backup:ListRestoreTestingPlans': p(here(a.backup?.restoreTestingPlans).length, 1000),
      });
    }
  }
  Object.assign(out.collectors, m);
}

/**
 * Identity Center (collectors/aws/identity-center/README.md): who am I, the instances, users and groups at 100 a page,
 * each group's memberships, each permission set's four reads, and one assignment listing per (set, provisioned account).
 * Why one scope per call: the collector works on `concurrency` of these calls at once within its one scope.
 */
function identityCenter(s: BenchScenario, out: MinimumCalls): void {
  const m: Record<string, number> = { 'sts:GetCallerIdentity': 1, 'sso:ListInstances': 1 };
  const ic = s.aws.accounts.find((a) => a.identityCenter)?.identityCenter;
  if (ic) {
    const sets = ic.permissionSets ?? [];
    const provisioned = new Map<string, Set<string>>();
    const assigned = new Map<string, number>();
    for (const a of ic.assignments ?? []) {
      provisioned.set(a.permissionSet, (provisioned.get(a.permissionSet) ?? new Set()).add(a.account));
      assigned.set(`${a.account}|${a.permissionSet}`, (assigned.get(`${a.account}|${a.permissionSet}`) ?? 0) + 1);
    }
    Object.assign(m, {
      'identitystore:ListUsers': p((ic.users ?? []).length, 100),
      'identitystore:ListGroups': p((ic.groups ?? []).length, 100),
      'identitystore:ListGroupMemberships': (ic.groups ?? []).reduce((n, g) => n + p((g.members ?? []).length, 100), 0),
      'sso:ListPermissionSets': p(sets.length, 100),
      'sso:DescribePermissionSet': sets.length,
      'sso:ListManagedPoliciesInPermissionSet': sets.reduce((n, x) => n + p((x.policies ?? []).length, 100), 0),
      'sso:GetInlinePolicyForPermissionSet': sets.length,
      'sso:ListAccountsForProvisionedPermissionSet': sets.reduce((n, x) => n + p(provisioned.get(x.name)?.size ?? 0, 100), 0),
      'sso:ListAccountAssignments': [...assigned.values()].reduce((n, c) => n + p(c, 100), 0),
    });
  }
  out.collectors['aws-identity-center'] = m;
  out.scopes['aws-identity-center'] = Array.from({ length: Object.values(m).reduce((n, c) => n + c, 0) }, () => ({ calls: 1 }));
}

function github(s: BenchScenario, out: MinimumCalls): void {
  const g = s.github;
  const repos = g.repos.filter((r) => !r.archived);
  const budget = expectedCalls({
    listed: g.repos.length,
    repos: repos.length,
    members: g.members.length,
    owners: g.members.filter((m) => m.role === 'admin').length,
    membersWithout2fa: g.members.filter((m) => m.two_factor === false).length,
    outsideCollaborators: new Set(g.repos.flatMap((r) => (r.collaborators ?? []).map((c) => c.login))).size,
    openAlerts: g.repos.reduce((n, r) => n + (r.alerts ?? []).filter((a) => (a.state ?? 'open') === 'open').length, 0),
    extraPrPages: repos.reduce((n, r) => n + Math.max(0, p((r.pulls ?? []).length, 25) - 1), 0),
    // Follow-up rounds: per batch of 20 (listing order), the most further pages of 100 past the first 25 collaborators.
    followRounds: batchesOf(
      [...repos].sort((a, b) => a.name.localeCompare(b.name)),
      20,
    ).reduce((n, b) => n + Math.max(0, ...b.map((r) => Math.ceil(Math.max(0, (r.collaborators ?? []).length - 25) / 100))), 0),
  });
  out.collectors.github = { REST: budget.rest, GraphQL: budget.graphql };
  out.scopes.github = [];
}

function okta(s: BenchScenario, now: Date, out: MinimumCalls): void {
  const o = s.okta;
  const users = o.users ?? [];
  const signIn = users.filter((u) => ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'].includes(u.status ?? 'ACTIVE')).length;
  const deprovisioned = users.filter((u) => u.status === 'DEPROVISIONED').length;
  const admins = users.filter((u) => (u.roles ?? []).length > 0).length;
  const since = new Date(`${s.period.start}T00:00:00Z`);
  const logs = (o.logs ?? []).filter((e) => timeOf(e.published, now)! >= since);
  const matching = [
    (t: string) => t.startsWith('user.lifecycle.'),
    (t: string) => /^user\.account\.privilege\.(grant|revoke)$/.test(t),
    (t: string) => /^user\.mfa\.factor\.(reset_all|deactivate)$/.test(t),
  ];
  const policies = o.policies ?? [];
  const m: Record<string, number> = {
    'GET /api/v1/users': p(users.length - deprovisioned, 200) + p(deprovisioned, 200),
    'GET /api/v1/users/{id}/factors': signIn,
    'GET /api/v1/groups': p((o.groups ?? []).length + 1, 1000),
    'GET /api/v1/policies': 4,
    'GET /api/v1/policies/{id}/rules': policies.length,
    'GET /api/v1/iam/assignees/users': p(admins, 100),
    'GET /api/v1/users/{id}/roles': admins,
    'GET /api/v1/logs': matching.reduce((n, f) => n + p(logs.filter((e) => f(e.eventType)).length, 1000), 0),
    // Org-security reads: pages of 20 (Okta's default), event hooks in one answer, the saasure app by filter.
    'GET /api/v1/logStreams': p((o.logStreams ?? []).length, 20),
    'GET /api/v1/eventHooks': 1,
    'GET /api/v1/api-tokens': p((o.apiTokens ?? []).length, 20),
    // The saasure app by filter; vendor discovery: the ACTIVE apps (Okta's two own apps among them), then one page of
    // one user per app that is not Okta's own.
    'GET /api/v1/apps': 1 + p(2 + (o.apps ?? []).filter((a) => (a.status ?? 'ACTIVE') === 'ACTIVE').length, 200),
    'GET /api/v1/apps/{id}/users': (o.apps ?? []).filter((a) => (a.status ?? 'ACTIVE') === 'ACTIVE').length,
  };
  out.collectors.okta = m;
  out.scopes.okta = [];
}

/** Minimum calls of every collector for the scenario, as of `now` (the sandbox clock the data is relative to). */
export function minimumCalls(s: BenchScenario, now: Date, aggregation = false): MinimumCalls {
  const out: MinimumCalls = { collectors: {}, scopes: {} };
  aws(s, now, out);
  if (aggregation) aggregationMinimum(s, out);
  github(s, out);
  identityCenter(s, out);
  okta(s, now, out);
  return out;
}

function batchesOf<T>(list: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));
}

/**
 * The monitoring collectors (collectors/aws/{guardduty,securityhub,config,inspector}/README.md), per account and
 * region: GuardDuty's detector list and detector, its unarchived findings of severity ≥ 4 listed 50 a page and read
 * 50 a GetFindings; DescribeHub and one GetEnabledStandards page when subscribed; Config's three describes; Inspector's
 * status and its ACTIVE critical/high findings 100 a page (none read where it is DISABLED).
 */
function monitoring(s: BenchScenario, out: MinimumCalls): void {
  const m: Record<string, Record<string, number>> = {};
  for (const id of ['aws-guardduty', 'aws-securityhub', 'aws-config', 'aws-inspector']) {
    m[id] = {};
    out.scopes[id] = [];
  }
  const scope = (id: string, ops: Record<string, number>) => {
    let calls = 0;
    for (const [op, c] of Object.entries(ops)) {
      if (!c) continue;
      add(m[id]!, op, c);
      calls += c;
    }
    out.scopes[id]!.push({ calls });
  };
  for (const a of s.aws.accounts) {
    for (const region of s.estate.aws.regions) {
      const gd = a.guardduty?.[region];
      const open = (gd?.findings ?? []).filter((f) => f.severity >= 4 && !f.archived).length;
      scope('aws-guardduty', {
        'guardduty:ListDetectors': 1,
        'guardduty:GetDetector': gd ? 1 : 0,
        'guardduty:ListFindings': gd ? p(open, 50) : 0,
        'guardduty:GetFindings': Math.ceil(open / 50),
      });
      const sh = a.securityhub?.[region];
      scope('aws-securityhub', { 'securityhub:DescribeHub': 1, 'securityhub:GetEnabledStandards': sh ? p((sh.standards ?? []).length, 100) : 0 });
      scope('aws-config', {
        'config:DescribeConfigurationRecorders': 1,
        'config:DescribeConfigurationRecorderStatus': 1,
        'config:DescribeDeliveryChannelStatus': 1,
      });
      const ins = a.inspector?.[region];
      const active = (ins?.findings ?? []).filter((f) => (f.status ?? 'ACTIVE') === 'ACTIVE' && (f.severity === 'CRITICAL' || f.severity === 'HIGH')).length;
      scope('aws-inspector', { 'inspector2:BatchGetAccountStatus': 1, 'inspector2:ListFindings': ins ? p(active, 100) : 0 });
    }
  }
  Object.assign(out.collectors, m);
}

/**
 * Aggregation mode (`--aggregation`, collectors/aws/aggregation.ts) replaces five collectors' per-account reads with
 * the engines in the management account: GuardDuty per region (its detector, every member 50 a ListMembers page, the
 * organisation's open findings 50 a page and 50 a GetFindings), Inspector per region (BatchGetAccountStatus 10 accounts
 * a call, the organisation's ACTIVE critical/high findings 100 a page), and the Config aggregator (the aggregator and
 * its sources 100 a page, once; one query per resource type 100 results a page: aws-network's five — prefix lists only
 * when a group names one — aws-rds's two and aws-dynamodb's one).
 * Each engine's calls run one after another, so each is one scope of the lower bound. The administrator (the base
 * credentials' account) is opened with the identity account discovery already asked for: no further call.
 */
export function aggregationMinimum(s: BenchScenario, out: MinimumCalls): void {
  const accounts = s.aws.accounts;
  const admin = s.aws.organization?.management ?? accounts[0]!.id;
  const gd: Record<string, number> = {};
  const ins: Record<string, number> = {};
  const net: Record<string, number> = {};
  let gdCalls = 0;
  let insCalls = 0;
  for (const region of s.estate.aws.regions) {
    const open = accounts.reduce((n, a) => n + (a.guardduty?.[region]?.findings ?? []).filter((f) => f.severity >= 4 && !f.archived).length, 0);
    const has = Boolean(accounts.find((a) => a.id === admin)?.guardduty?.[region]);
    const g = {
      'guardduty:ListDetectors': 1,
      'guardduty:GetDetector': has ? 1 : 0,
      'guardduty:ListMembers': has ? p(accounts.length - 1, 50) : 0,
      'guardduty:ListFindings': has ? p(open, 50) : 0,
      'guardduty:GetFindings': has ? Math.ceil(open / 50) : 0,
    };
    for (const [op, c] of Object.entries(g))
      if (c) {
        add(gd, op, c);
        gdCalls += c;
      }
    const active = accounts.reduce(
      (n, a) =>
        n +
        (a.inspector?.[region]?.findings ?? []).filter((f) => (f.status ?? 'ACTIVE') === 'ACTIVE' && (f.severity === 'CRITICAL' || f.severity === 'HIGH'))
          .length,
      0,
    );
    const i = { 'inspector2:BatchGetAccountStatus': Math.ceil(accounts.length / 10), 'inspector2:ListFindings': p(active, 100) };
    for (const [op, c] of Object.entries(i)) {
      add(ins, op, c);
      insCalls += c;
    }
  }
  const sources = accounts.flatMap((a) => (a.network?.regions ?? DEFAULT_REGIONS).map((r) => ({ a, r })));
  const count = (f: (a: BenchScenario['aws']['accounts'][number], r: string) => number) => sources.reduce((n, { a, r }) => n + f(a, r), 0);
  const here = <T extends { region?: string }>(list: T[] | undefined, r: string) => (list ?? []).filter((x) => regionOf(x) === r);
  const groups = count((a, r) => here(a.network?.securityGroups, r).length);
  const referenced = sources.some(({ a, r }) => here(a.network?.securityGroups, r).some((g) => (g.ingress ?? []).some((x) => (x.prefixLists ?? []).length)));
  const select = [
    count((a, r) => here(a.network?.securityGroups, r).reduce((n, g) => n + (g.attached ?? 0), 0)),
    count((a, r) => here(a.network?.vpcs, r).length),
    count((a, r) => here(a.network?.vpcs, r).filter((v) => v.flowLog).length),
    groups,
    ...(referenced ? [count((a, r) => here(a.network?.prefixLists, r).filter((l) => !l.aws).length)] : []),
  ].reduce((n, c) => n + p(c, 100), 0);
  // The aggregator's coverage is read once per run, by whichever of aws-network and aws-rds asks first (counted here).
  add(net, 'config:DescribeConfigurationAggregators', 1);
  add(net, 'config:DescribeConfigurationAggregatorSourcesStatus', p(sources.length, 100));
  add(net, 'config:SelectAggregateResourceConfig', select);
  const rdsSelect =
    p(
      count((a, r) => here(a.rds?.instances, r).length),
      100,
    ) +
    p(
      count((a, r) => here(a.rds?.clusters, r).length),
      100,
    );
  out.collectors['aws-rds'] = { 'config:SelectAggregateResourceConfig': rdsSelect };
  out.scopes['aws-rds'] = [{ calls: rdsSelect }];
  const tableSelect = p(
    count((a, r) => here(a.tables, r).length),
    100,
  );
  out.collectors['aws-dynamodb'] = { 'config:SelectAggregateResourceConfig': tableSelect };
  out.scopes['aws-dynamodb'] = [{ calls: tableSelect }];
  out.collectors['aws-guardduty'] = gd;
  out.collectors['aws-inspector'] = ins;
  out.collectors['aws-network'] = net;
  out.scopes['aws-guardduty'] = [{ calls: gdCalls }];
  out.scopes['aws-inspector'] = [{ calls: insCalls }];
  out.scopes['aws-network'] = [{ calls: 2 + p(sources.length, 100) + select }];
}
