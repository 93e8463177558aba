/** The least-privilege IAM policy the enabled AWS collectors need (`soc2 permissions`, README). */
import { awsCollectors } from './all.js';
import type { AwsAggregation } from './config.js';
import { ACCOUNT_PERMISSIONS } from './iam.js';
import { AGGREGATION_MODES } from './regional.js';

const BY_ID = new Map(awsCollectors.map((c) => [c.meta.id, c.meta.permissions] as const));

type Statement = { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] };

/**
 * The policy document for the given collector ids (unknown ids are ignored); actions sorted and de-duplicated.
 * With `aggregation` (sources.aws.aggregation), a collector that reads through an organisation-wide engine needs
 * nothing of its service in the member accounts: its engine's actions form a statement of their own,
 * `Soc2AggregationRead`, for the delegated-administrator/aggregator account only.
 */
export function awsPolicyDocument(
  collectorIds: string[],
  /** The audit roles assumed (from config); without them AssumeRole is allowed on any role. */
  roleArns: string[] = ['*'],
  aggregation?: AwsAggregation,
): { Version: '2012-10-17'; Statement: Statement[] } {
  const actions = new Set<string>();
  const admin = new Set<string>();
  for (const id of collectorIds) {
    const mode = AGGREGATION_MODES.get(id);
    if (aggregation && mode?.when({ aggregation })) {
      for (const a of ACCOUNT_PERMISSIONS) actions.add(a);
      for (const a of mode.permissions) admin.add(a);
    } else for (const a of BY_ID.get(id) ?? []) actions.add(a);
  }
  const all = [...actions].sort();
  // Why separate statements: sts:AssumeRole belongs in the management account's policy; member accounts need only the reads.
  const assume = all.filter((a) => a === 'sts:AssumeRole');
  const reads = all.filter((a) => a !== 'sts:AssumeRole');
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Soc2EvidenceRead', Effect: 'Allow', Action: reads, Resource: '*' },
      ...(admin.size ? [{ Sid: 'Soc2AggregationRead', Effect: 'Allow' as const, Action: [...admin].sort(), Resource: '*' }] : []),
      ...(assume.length
        ? [{ Sid: 'Soc2AssumeAuditRole', Effect: 'Allow' as const, Action: assume, Resource: roleArns.length === 1 ? roleArns[0]! : roleArns }]
        : []),
    ],
  };
}

/** The aggregation `soc2 permissions --aggregation` assumes when the config names none: every engine. */
export const ALL_ENGINES: AwsAggregation = { config: { aggregatorName: '*', region: 'us-east-1' }, delegatedAdmin: {} };
