/** The least-privilege IAM policy the enabled AWS collectors need (`soc2 permissions`, README). */
import { awsCollectors } from './all.js';

const BY_ID = new Map(awsCollectors.map((c) => [c.meta.id, c.meta.permissions] as const));

/** The policy document for the given collector ids (unknown ids are ignored); actions sorted and de-duplicated. */
export function awsPolicyDocument(
  collectorIds: string[],
  /** The audit roles assumed (from config); without them AssumeRole is allowed on any role. */
  roleArns: string[] = ['*'],
): { Version: '2012-10-17'; Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }> } {
  const actions = new Set<string>();
  for (const id of collectorIds) for (const a of BY_ID.get(id) ?? []) actions.add(a);
  const all = [...actions].sort();
  // Why separate statements: sts:AssumeRole belongs in the management account's policy; member accounts need only the reads.
  const assume = all.filter((a) => a === 'sts:AssumeRole');
  const reads = all.filter((a) => a !== 'sts:AssumeRole');
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Soc2EvidenceRead', Effect: 'Allow', Action: reads, Resource: '*' },
      ...(assume.length ? [{ Sid: 'Soc2AssumeAuditRole', Effect: 'Allow' as const, Action: assume, Resource: roleArns.length === 1 ? roleArns[0]! : roleArns }] : []),
    ],
  };
}
