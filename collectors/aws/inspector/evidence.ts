/**
 * Amazon Inspector (inspector2) evidence: the account's scanning status per region, and its open findings.
 * `status: DISABLED` is Inspector's own answer for an account that never enabled it: a finding, not a gap in the evidence.
 */
export type { AwsInspectorAccount as InspectorAccount, AwsInspectorFinding as InspectorFinding } from '../../../src/evidence/types.generated.js';

export const INSPECTOR_ACCOUNT = 'aws.inspector.account';
export const INSPECTOR_FINDING = 'aws.inspector.finding';

/** The severities the collector reads: checks can set an SLA for these only. */
export const INSPECTOR_SEVERITIES = ['CRITICAL', 'HIGH'] as const;
