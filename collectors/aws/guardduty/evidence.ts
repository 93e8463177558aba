/**
 * GuardDuty evidence: the detectors of each account and region, and the findings still open there. `detectors: []`
 * is GuardDuty's own answer for a region where it was never enabled (ListDetectors answers an empty list): a finding,
 * not a gap in the evidence.
 */
export type { AwsGuarddutyDetector as GuarddutyDetectors, AwsGuarddutyFinding as GuarddutyFinding } from '../../../src/evidence/types.generated.js';

export const GUARDDUTY_DETECTOR = 'aws.guardduty.detector';
export const GUARDDUTY_FINDING = 'aws.guardduty.finding';

/** The lowest severity the collector reads (GuardDuty's Medium band starts at 4): checks cannot ask below it. */
export const GUARDDUTY_SEVERITY_FLOOR = 4;
