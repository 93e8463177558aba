import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SANDBOX_BASE_CREDENTIALS, type AwsScenario } from '../../src/sandbox/aws/model.js';
import { DEFAULT_REGIONS } from '../../src/sandbox/aws/network.js';
import { generateGithubScenario } from '../../src/sandbox/github/generate.js';
import type { GhScenario } from '../../src/sandbox/github/data.js';
import { generateOktaScenario } from '../../src/sandbox/okta/generate.js';
import type { OktaScenario } from '../../src/sandbox/okta/data.js';
import { generateAwsScenario, type AwsDataCounts, type AwsMonitoringCounts, type AwsNetworkCounts, type IdentityCenterCounts } from './aws-scenario.js';
import { applyLimits, type LimitSettings } from './limits.js';

export type BenchSize = 'small' | 'large';

export interface EstateSize {
  /**
   * `regions`: the regions configured and enabled (network and monitoring in each); `dataRegions`: where the data
   * estate is (default `regions`); the collectors read every region and find the others empty.
   * `dataProtection`: buckets, keys, certificates, secrets, log groups; `data`: RDS instances, DynamoDB tables, load balancers and EBS volumes per account and region. */
  aws: {
    accounts: number;
    regions: string[];
    dataRegions?: string[];
    users: number;
    events: number;
    dataProtection?: { buckets: number; keys: number; certificates: number; secrets: number; logGroups: number };
    data: AwsDataCounts;
    identityCenter?: IdentityCenterCounts;
    monitoring?: AwsMonitoringCounts;
  };
  github: { repos: number; prs: number; members: number; outsideCollaborators: number };
  okta: { users: number; logEvents: number };
}

/** The estates of the issue: `large` is the benchmark, `small` the CI smoke run. */
export const SIZES: Record<BenchSize, EstateSize> = {
  large: {
    // Issue 23: 20 accounts × the 17 regions enabled by default; data services in two of them.
    aws: {
      accounts: 20,
      regions: [...DEFAULT_REGIONS],
      dataRegions: ['us-east-1', 'eu-west-1'],
      users: 500,
      events: 5_000,
      dataProtection: { buckets: 50, keys: 20, certificates: 5, secrets: 30, logGroups: 100 },
      data: { dbInstances: 10, tables: 20, loadBalancers: 5, volumes: 20 },
      identityCenter: { users: 5_000, groups: 50, permissionSets: 200, accountsPerSet: 2 },
      monitoring: { guarddutyFindings: 120, inspectorFindings: 300 },
    },
    github: { repos: 5_000, prs: 20_000, members: 200, outsideCollaborators: 200 },
    okta: { users: 20_000, logEvents: 100_000 },
  },
  small: {
    aws: {
      accounts: 3,
      regions: ['us-east-1', 'eu-west-1'],
      users: 50,
      events: 300,
      dataProtection: { buckets: 6, keys: 5, certificates: 2, secrets: 4, logGroups: 60 },
      data: { dbInstances: 2, tables: 3, loadBalancers: 1, volumes: 3 },
      identityCenter: { users: 300, groups: 6, permissionSets: 20, accountsPerSet: 2 },
      monitoring: { guarddutyFindings: 12, inspectorFindings: 30 },
    },
    github: { repos: 200, prs: 600, members: 30, outsideCollaborators: 30 },
    okta: { users: 1_000, logEvents: 3_000 },
  },
};

/** Network and monitoring per account and region (issue 23): VPCs, security groups, metric alarms, metric filters. */
export const NETWORK: Record<BenchSize, AwsNetworkCounts> = {
  large: { vpcs: 5, securityGroups: 40, alarms: 20, filters: 14 },
  small: { vpcs: 2, securityGroups: 5, alarms: 3, filters: 3 },
};

export const BENCH_GITHUB_TOKEN = 'ghp_SANDBOXBENCH0000000000000000000000000000';
export const BENCH_OKTA_TOKEN = '00SANDBOXBENCHokta00000000000000000000000';
export const PERIOD_DAYS = 85;

export interface BenchScenario {
  size: BenchSize;
  estate: EstateSize;
  /** The observation period: the last PERIOD_DAYS days up to today (UTC dates). */
  period: { start: string; end: string };
  aws: AwsScenario;
  github: GhScenario;
  okta: OktaScenario;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Builds the seeded scenario of `size` with the rate limits of `limits` written into the data. */
export function buildScenario(size: BenchSize, limits: LimitSettings, now = new Date(), seed = 1): BenchScenario {
  const e = SIZES[size];
  const start = new Date(now.getTime() - PERIOD_DAYS * 86_400_000);
  const aws = generateAwsScenario({
    accounts: e.aws.accounts,
    regions: e.aws.regions,
    ...(e.aws.dataRegions ? { dataRegions: e.aws.dataRegions } : {}),
    usersPerAccount: e.aws.users,
    eventsPerAccount: e.aws.events,
    days: 80,
    seed,
    dataProtection: e.aws.dataProtection,
    dataPerRegion: e.aws.data,
    networkPerRegion: NETWORK[size],
    identityCenter: e.aws.identityCenter,
    monitoring: e.aws.monitoring,
  });
  // PRs merged from the day after the period start to the day before today: all of them in the window.
  const github = generateGithubScenario({
    repos: e.github.repos,
    prs: e.github.prs,
    members: e.github.members,
    outsideCollaborators: e.github.outsideCollaborators,
    token: BENCH_GITHUB_TOKEN,
    from: day(new Date(start.getTime() + 86_400_000)),
    to: day(new Date(now.getTime() - 86_400_000)),
  });
  const okta = generateOktaScenario({ users: e.okta.users, logEvents: e.okta.logEvents, token: BENCH_OKTA_TOKEN });
  const s: BenchScenario = { size, estate: e, period: { start: day(start), end: day(now) }, aws, github, okta };
  applyLimits(s, limits);
  return s;
}

/** Writes the provider data files the sandbox loads (`<provider>.json`) and an empty `faults.yaml`. */
export async function writeScenario(dir: string, s: BenchScenario): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const p of ['aws', 'github', 'okta'] as const) await writeFile(join(dir, `${p}.json`), JSON.stringify(s[p]));
  await writeFile(join(dir, 'faults.yaml'), '[]\n');
}

export interface ConfigOptions {
  urls: Record<string, string>;
  concurrency: { top: number; aws: number; github: number; okta: number };
  lookupEventsPerSecond: number;
  only: Array<'aws' | 'github' | 'okta'>;
  /** AWS aggregation mode (the sandbox's delegated administrator and Config aggregator, in the management account). */
  aggregation?: boolean;
}

/**
 * The soc2.config.yaml a user would write for this estate, with explicit endpoints (the running sandbox) and
 * secrets as `${ENV}` references; AWS credentials come from the default chain (environment).
 */
export async function writeConfig(dir: string, s: BenchScenario, o: ConfigOptions): Promise<string> {
  const sources: Record<'aws' | 'github' | 'okta', string> = {
    aws: `  aws:
    regions: [${s.estate.aws.regions.join(', ')}]
    organization: { roleName: soc2-audit }
    endpoint: ${o.urls.aws}
    concurrency: ${o.concurrency.aws}
    lookupEventsPerSecond: ${o.lookupEventsPerSecond}
${o.aggregation ? `    aggregation: { config: { aggregatorName: bench-aggregator, region: us-east-1 }, delegatedAdmin: {} }\n` : ''}`,
    github: `  github:
    org: ${s.github.org.login}
    token: \${BENCH_GITHUB_TOKEN}
    baseUrl: ${o.urls.github}
    concurrency: ${o.concurrency.github}
`,
    okta: `  okta:
    orgUrl: ${o.urls.okta}
    evidenceScope: bench.okta.com
    token: \${BENCH_OKTA_TOKEN}
    concurrency: ${o.concurrency.okta}
`,
  };
  const text = `# Generated by test/bench (${s.size}): explicit endpoints of the sandbox the bench runs.
organization: Bench Estate (${s.size})
period: { start: ${s.period.start}, end: ${s.period.end} }
controls: [controls/library]
evidenceDir: evidence
concurrency: ${o.concurrency.top}
sources:
${o.only.map((p) => sources[p]).join('')}`;
  const file = join(dir, 'soc2.config.yaml');
  await writeFile(file, text);
  return file;
}

/** The environment `soc2 collect` runs in against the bench sandbox: the bench's tokens and the sandbox's AWS keys. */
export function benchEnv(s: BenchScenario): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_GITHUB_TOKEN,
    BENCH_OKTA_TOKEN,
    AWS_ACCESS_KEY_ID: SANDBOX_BASE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_BASE_CREDENTIALS.secretAccessKey,
    AWS_REGION: s.estate.aws.regions[0],
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
  };
  // A user's own AWS profile or session must not mix into the sandbox's credentials.
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) delete env[k];
  return env;
}
