/** Amazon Inspector (inspector2) evidence: the account's scanning status per region, and its open findings. */
import type { AggregationVia, CollectionMode } from '../network/evidence.js';
export const INSPECTOR_ACCOUNT = 'aws.inspector.account';
export const INSPECTOR_FINDING = 'aws.inspector.finding';

/** The severities the collector reads: checks can set an SLA for these only. */
export const INSPECTOR_SEVERITIES = ['CRITICAL', 'HIGH'] as const;

/**
 * `aws.inspector.account`: one record per account and region. `status: DISABLED` is Inspector's own answer for an
 * account that never enabled it: a finding, not a gap in the evidence.
 */
export interface InspectorAccount {
  account: string;
  region: string;
  mode: CollectionMode;
  via?: AggregationVia;
  /** state.status: ENABLED | ENABLING | DISABLED | DISABLING | SUSPENDED | SUSPENDING. */
  status: string;
  /** Scan type (ec2, ecr, lambda, lambdaCode, codeRepository) → its status. */
  resourceState: Record<string, string>;
  /** The filter the findings of this scope were read with (`aws.inspector.finding` records hold only these). */
  findingsFilter: { status: 'ACTIVE'; severities: string[] };
}

/** `aws.inspector.finding`: one ACTIVE finding of a collected severity. */
export interface InspectorFinding {
  account: string;
  region: string;
  mode: CollectionMode;
  via?: AggregationVia;
  arn: string;
  type: string;
  title?: string;
  severity: string;
  status: string;
  firstObservedAt: string;
  lastObservedAt?: string;
  resources: Array<{ type: string; id: string }>;
}
