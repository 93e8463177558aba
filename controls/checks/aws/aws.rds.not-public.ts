import type { Check, Finding } from '../../../src/types.js';
import { DB_INSTANCE } from './lib/rds.js';

/** No DB instance is publicly accessible (every instance, Aurora members included: the flag is per instance). */
export const rdsNotPublic: Check<Record<string, never>> = {
  meta: {
    id: 'aws.rds.not-public',
    title: 'RDS instances are not publicly accessible',
    failureTitle: 'Publicly accessible RDS instances',
    requires: [DB_INSTANCE],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation: 'Turn off public accessibility (modify-db-instance --no-publicly-accessible) and reach the database through the VPC, a bastion or a VPN.',
  },
  evaluate(view) {
    const findings: Finding[] = view.records(DB_INSTANCE).map((r) => {
      const d = r.data;
      const ok = !d.publiclyAccessible;
      const where = `DB instance ${d.id} (account ${d.account}, region ${d.region})`;
      return {
        status: ok ? 'pass' : 'fail',
        resource: d.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: ok
          ? `${where} is not publicly accessible.`
          : `${where} is publicly accessible: it has a public DNS address reachable from the internet wherever its security groups allow.`,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
