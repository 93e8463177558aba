import { createHash } from 'node:crypto';
import type { AwsCertificateSpec } from './acm.js';
import type { AwsKmsKeySpec } from './kms.js';
import type { AwsLogGroupSpec } from './logs.js';
import type { AwsBucketSpec, AwsPublicAccessBlockSpec } from './s3.js';
import type { AwsSecretSpec } from './secretsmanager.js';
import type { AwsDataSpec } from './resources.js';
import type { AwsNetworkSpec } from './network.js';
import type { AwsAlarmSpec } from './cloudwatch.js';
import type { IdentityCenterSpec } from './identity-center.js';
import type { AwsGuardDutySpec } from './guardduty.js';
import type { AwsSecurityHubSpec } from './securityhub.js';
import type { AwsConfigRecorderSpec } from './config.js';
import type { AwsInspectorSpec } from './inspector.js';

/**
 * The AWS scenario model: the compact YAML shape (documented in fixtures/demo-org/aws.yaml) and the
 * indexes built from it once, so every request is answered in O(page).
 */

/** A time in scenario data: ISO-8601, or relative to the sandbox clock at start (`-30d`, `-2h`, `-15m`; `+20d` ahead). */
export type TimeSpec = string;

export interface AwsKeySpec {
  created: TimeSpec;
  lastUsed?: TimeSpec | null;
  active?: boolean;
  service?: string;
  region?: string;
}

export interface AwsUserSpec {
  name: string;
  path?: string;
  created?: TimeSpec;
  /** Console password: `false`/absent = none; `lastUsed: null` = never used. */
  console?: false | { lastUsed?: TimeSpec | null; changed?: TimeSpec };
  mfa?: false | 'virtual' | 'hardware';
  keys?: AwsKeySpec[];
  groups?: string[];
  /** Attached managed policies: AWS managed names (`AdministratorAccess`), customer policy names, or ARNs. */
  policies?: string[];
  inline?: Record<string, unknown>;
}

export interface AwsPrincipalSpec {
  name: string;
  path?: string;
  policies?: string[];
  inline?: Record<string, unknown>;
  /** Roles: the trust policy (default: trusts the management account). */
  trust?: unknown;
}

export interface AwsTrailSpec {
  name: string;
  home?: string;
  multiRegion?: boolean;
  /** Organization trail (only in the management account): visible in every member account. */
  org?: boolean;
  logging?: boolean;
  validation?: boolean;
  kms?: string | false;
  cloudWatch?: boolean;
  globalEvents?: boolean;
  /** Basic selectors: ReadWriteType (All | ReadOnly | WriteOnly) and management events; or advanced selectors. */
  readWrite?: 'All' | 'ReadOnly' | 'WriteOnly';
  management?: boolean;
  advanced?: unknown[];
  /** Basic selectors' data resources (`[{ Type: AWS::S3::Object, Values: [arn:aws:s3] }]`); absent = none. */
  dataResources?: Array<{ Type: string; Values: string[] }>;
  delivered?: TimeSpec;
  deliveryError?: string;
  started?: TimeSpec;
  stopped?: TimeSpec;
}

export interface AwsEventSpec {
  at: TimeSpec;
  name: string;
  region?: string;
  source?: string;
  user?: string;
  /** userIdentity.type: Root | IAMUser | AssumedRole. Default IAMUser (Root when user is `root`). */
  type?: string;
  ip?: string;
  /** ConsoleLogin: MFAUsed Yes/No. */
  mfa?: boolean;
  failed?: boolean;
  readOnly?: boolean;
  params?: Record<string, unknown>;
}

export interface AwsAccountSpec extends AwsDataSpec {
  id: string;
  name: string;
  email?: string;
  status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** false: sts:AssumeRole into this account is refused. */
  assumeRole?: boolean;
  root?: { mfa?: false | 'virtual' | 'hardware'; keys?: AwsKeySpec[]; passwordLastUsed?: TimeSpec | null; created?: TimeSpec };
  passwordPolicy?: Record<string, unknown> | null;
  users?: AwsUserSpec[];
  groups?: AwsPrincipalSpec[];
  roles?: AwsPrincipalSpec[];
  policies?: Array<{ name: string; path?: string; doc: unknown }>;
  trails?: AwsTrailSpec[];
  events?: AwsEventSpec[];
  /** S3: the account's Block Public Access (S3 Control; absent = none, `true` = all four on) and its buckets. */
  s3?: { publicAccessBlock?: AwsPublicAccessBlockSpec | true; buckets?: AwsBucketSpec[] };
  kmsKeys?: AwsKmsKeySpec[];
  certificates?: AwsCertificateSpec[];
  secrets?: AwsSecretSpec[];
  logGroups?: AwsLogGroupSpec[];
  /** EC2 network: enabled regions, VPCs and flow logs, security groups, prefix lists. */
  network?: AwsNetworkSpec;
  /** CloudWatch metric alarms. */
  alarms?: AwsAlarmSpec[];
  /** IAM Identity Center, in the account (management or delegated administrator) that holds the instance. */
  identityCenter?: IdentityCenterSpec;
  /** Threat detection and monitoring services, region → that region's state (absent region: not enabled). */
  guardduty?: Record<string, AwsGuardDutySpec>;
  securityhub?: Record<string, AwsSecurityHubSpec>;
  config?: Record<string, AwsConfigRecorderSpec>;
  inspector?: Record<string, AwsInspectorSpec>;
}

export interface AwsScenario {
  /** The base credentials (key id) the sandbox accepts; they map to the management account. */
  accessKeyId?: string;
  /** Name of the IAM user the base credentials belong to. */
  callerName?: string;
  options?: {
    /** GetCredentialReport answers ReportInProgress this many times after the first Generate. */
    reportInProgressPolls?: number;
    /** LookupEvents calls allowed per second per account and region (real CloudTrail: 2); 0/absent = unlimited. */
    lookupEventsPerSecond?: number;
    /** false: ListBuckets leaves BucketRegion out even when asked with parameters (S3-compatible endpoints do). */
    s3ListBucketRegion?: boolean;
  };
  organization?: { id?: string; management: string };
  /**
   * Aggregation mode's engines: the GuardDuty/Inspector delegated administrator (default: the management account;
   * every other account is its member except `notMembers`) and the AWS Config aggregator (default `org-aggregator`
   * in the management account's us-east-1, covering every account's enabled regions; `sources` overrides one
   * `account/region` source's status, `missing` = the aggregator has no such source).
   */
  aggregation?: {
    admin?: string;
    notMembers?: string[];
    configAggregator?: { name?: string; account?: string; region?: string; sources?: Record<string, 'SUCCEEDED' | 'FAILED' | 'OUTDATED' | 'missing'> };
  };
  accounts: AwsAccountSpec[];
}

/** Base credentials the sandbox accepts unless the scenario names others. The secret never matters. */
export const SANDBOX_BASE_CREDENTIALS = {
  accessKeyId: 'AKIASANDBOXBASE00001',
  secretAccessKey: 'SANDBOXSECRET/base/wJalrXUtnFEMIK7MDENG',
} as const;

/** Resolves a TimeSpec against `now`. */
export function timeOf(spec: TimeSpec | null | undefined, now: Date): Date | undefined {
  if (spec === null || spec === undefined) return undefined;
  const s = String(spec);
  const m = /^([-+])(\d+(?:\.\d+)?)([dhms])$/.exec(s);
  if (m) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[3] as 'd' | 'h' | 'm' | 's'];
    return new Date(now.getTime() + (m[1] === '+' ? 1 : -1) * Number(m[2]) * unit);
  }
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`aws scenario: bad time '${s}'`);
  return d;
}

/** ISO-8601 without milliseconds, as IAM writes it. */
export function isoSec(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const AWS_MANAGED = new Set(['AdministratorAccess', 'ReadOnlyAccess', 'SecurityAudit', 'ViewOnlyAccess', 'PowerUserAccess', 'IAMFullAccess']);

/** Resolves a policy reference in scenario data to its ARN. */
export function policyArn(account: string, ref: string): string {
  if (ref.startsWith('arn:')) return ref;
  if (AWS_MANAGED.has(ref)) return `arn:aws:iam::aws:policy/${ref}`;
  return `arn:aws:iam::${account}:policy/${ref}`;
}

/** Opaque paging token carrying the next offset and page number (1-based). */
export function encodeToken(offset: number, page: number): string {
  return Buffer.from(JSON.stringify({ o: offset, p: page })).toString('base64url');
}

export function decodeToken(token: string | undefined): { offset: number; page: number } | undefined {
  if (!token) return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number; p: number };
    if (Number.isInteger(v.o) && Number.isInteger(v.p)) return { offset: v.o, page: v.p };
  } catch {
    /* fall through */
  }
  return undefined;
}

/** A deterministic id from a string (for UserIds, EventIds…): sha256 mapped onto `alphabet`. */
export function stableId(seed: string, length = 17, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    for (const b of createHash('sha256').update(`${seed}#${i}`).digest()) {
      out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
