/**
 * AWS Config evidence: the configuration recorders of each account and region, their status and delivery. One
 * `aws.config.recorder` record per account and region; `recorders: []` is AWS Config's own answer for a region without
 * a recorder: a finding, not a gap in the evidence.
 */
export type { AwsConfigRecorder as ConfigRecorders } from '../../../src/evidence/types.generated.js';

export const CONFIG_RECORDER = 'aws.config.recorder';
