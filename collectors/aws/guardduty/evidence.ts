/** GuardDuty evidence: the detectors of each account and region, and the findings still open there. */
import type { AggregationVia, CollectionMode } from '../network/evidence.js';
export const GUARDDUTY_DETECTOR = 'aws.guardduty.detector';
export const GUARDDUTY_FINDING = 'aws.guardduty.finding';

/** The lowest severity the collector reads (GuardDuty's Medium band starts at 4): checks cannot ask below it. */
export const GUARDDUTY_SEVERITY_FLOOR = 4;

/**
 * `aws.guardduty.detector`: one record per account and region. `detectors: []` is GuardDuty's own answer for a
 * region where it was never enabled (ListDetectors answers an empty list): a finding, not a gap in the evidence.
 */
export interface GuarddutyDetectors {
  account: string;
  region: string;
  /** How the evidence was read: `direct` (this account's own API), later also an organisation aggregator. */
  mode: CollectionMode;
  via?: AggregationVia;
  detectors: Array<{
    id: string;
    status: string;
    createdAt?: string;
    updatedAt?: string;
    findingPublishingFrequency?: string;
    features: Array<{ name: string; status: string }>;
  }>;
  /** The filter the findings of this scope were read with (the `aws.guardduty.finding` records hold only these). */
  findingsFilter: { severityAtLeast: number; archived: false };
}

/** `aws.guardduty.finding`: one unarchived finding of severity ≥ the floor. */
export interface GuarddutyFinding {
  account: string;
  region: string;
  mode: CollectionMode;
  via?: AggregationVia;
  detectorId: string;
  id: string;
  arn: string;
  type: string;
  title?: string;
  severity: number;
  createdAt: string;
  updatedAt?: string;
  archived: boolean;
  resourceType?: string;
}
