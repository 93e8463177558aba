import type { Check, Finding } from '../../../src/types.js';
import { DB_CLUSTER, DB_INSTANCE, label, storageOwners } from './lib/rds.js';

interface Params {
  productionTagKey: string;
  productionTagValues: string[];
}

/** Deletion protection is on everywhere; production databases (by tag) are Multi-AZ. */
export const rdsResilience: Check<Params> = {
  meta: {
    id: 'aws.rds.resilience',
    title: 'RDS databases are protected from deletion, and production ones span availability zones',
    failureTitle: 'RDS databases without deletion protection or Multi-AZ',
    requires: [DB_INSTANCE, DB_CLUSTER],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        productionTagKey: { type: 'string', minLength: 1, default: 'environment', description: 'Tag key that marks production databases' },
        productionTagValues: {
          type: 'array',
          items: { type: 'string' },
          minItems: 1,
          default: ['production', 'prod'],
          description: 'Values of that tag (any case) that must be Multi-AZ',
        },
      },
    },
    remediation: 'Turn on deletion protection (--deletion-protection) and, for production, Multi-AZ (--multi-az, or a second Aurora instance in another zone).',
  },
  evaluate(view, p) {
    const values = new Set(p.productionTagValues.map((v) => v.toLowerCase()));
    const findings: Finding[] = storageOwners(view).map((r) => {
      const d = r.rec.data;
      const prod = d.tags.some((t) => t.key === p.productionTagKey && values.has(t.value.toLowerCase()));
      const gaps = [
        ...(d.deletionProtection ? [] : ['deletion protection is off']),
        ...(prod && !d.multiAZ ? [`it is tagged ${p.productionTagKey}=${d.tags.find((t) => t.key === p.productionTagKey)!.value} but not Multi-AZ`] : []),
      ];
      const ok = gaps.length === 0;
      const reason = ok ? `${label(r)} has deletion protection${prod ? ' and is Multi-AZ (production)' : ''}.` : `${label(r)}: ${gaps.join('; ')}.`;
      return { status: ok ? 'pass' : 'fail', resource: d.arn, evidence: r.rec.ref, scope: r.rec.scope, reason };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
