/** AWS Config evidence: the configuration recorders of each account and region, their status and delivery. */
export const CONFIG_RECORDER = 'aws.config.recorder';

/**
 * `aws.config.recorder`: one record per account and region. `recorders: []` is AWS Config's own answer for a region
 * without a recorder: a finding, not a gap in the evidence.
 */
export interface ConfigRecorders {
  account: string;
  region: string;
  mode: 'direct';
  recorders: Array<{
    name: string;
    roleArn?: string;
    /** recordingGroup.allSupported (absent when Config left it out). */
    allSupported?: boolean;
    includeGlobalResourceTypes?: boolean;
    /** recordingStrategy.useOnly: ALL_SUPPORTED_RESOURCE_TYPES | INCLUSION_BY_RESOURCE_TYPES | EXCLUSION_BY_RESOURCE_TYPES. */
    useOnly?: string;
    resourceTypes: string[];
    excludedResourceTypes: string[];
    /** From DescribeConfigurationRecorderStatus; absent when Config gave no status for the recorder. */
    status?: { recording: boolean; lastStatus?: string; lastErrorCode?: string; lastStartTime?: string; lastStatusChangeTime?: string };
  }>;
  deliveryChannels: Array<{
    name: string;
    /** lastStatus of each delivery kind: Success | Failure | Not_Applicable. */
    snapshot?: { lastStatus?: string; lastErrorCode?: string; lastAttemptTime?: string; lastSuccessfulTime?: string };
    history?: { lastStatus?: string; lastErrorCode?: string; lastAttemptTime?: string; lastSuccessfulTime?: string };
    stream?: { lastStatus?: string; lastErrorCode?: string };
  }>;
}
