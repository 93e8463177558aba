import type { Check, Finding } from '../../../src/types.js';
import { TRAIL, uniqueTrails, where } from './lib/trails.js';

/** CloudTrail log file validation is enabled (each trail judged once, in its home region). */
export const logFileValidation: Check<Record<string, never>> = {
  meta: {
    id: 'aws.cloudtrail.log-file-validation',
    title: 'CloudTrail log file validation is enabled',
    failureTitle: 'Trails without log file validation',
    requires: [TRAIL],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Enable log file validation on the trail (aws cloudtrail update-trail --enable-log-file-validation) so tampering with delivered logs is detectable.',
  },
  evaluate(view) {
    const findings: Finding[] = uniqueTrails(view).map((r) => {
      const t = r.data;
      const ok = t.logFileValidationEnabled;
      return {
        status: ok ? 'pass' : 'fail',
        resource: t.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: ok
          ? `Trail ${t.name} (${where(t)}) has log file validation enabled.`
          : `Trail ${t.name} (${where(t)}) has log file validation disabled: deleted or altered log files would go unnoticed.`,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
