import type { Check, Finding } from '../../../src/types.js';
import { TRAIL, hoursSince, uniqueTrails, where } from './lib/trails.js';

/** Every trail is logging, delivered within `maxHoursSinceDelivery`, and reports no delivery error. */
export const deliveryHealthy: Check<{ maxHoursSinceDelivery: number }> = {
  meta: {
    id: 'aws.cloudtrail.delivery-healthy',
    title: 'CloudTrail trails are logging and delivering',
    failureTitle: 'Trails stopped or not delivering logs',
    requires: [TRAIL],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { maxHoursSinceDelivery: { type: 'number', minimum: 1, default: 24 } } },
    remediation: 'Start logging on the trail (aws cloudtrail start-logging) and fix the S3 bucket policy or KMS key policy named in the delivery error.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = uniqueTrails(view).map((r) => {
      const t = r.data;
      const age = hoursSince(t.status.latestDeliveryTime, asOf);
      // Why a stopped trail fails: a configured trail that is not logging is a definite gap, not a missing answer.
      const problem = !t.status.isLogging
        ? `is not logging${t.status.stopLoggingTime ? ` (stopped ${t.status.stopLoggingTime})` : ''}`
        : t.status.latestDeliveryError
          ? `reports delivery error ${t.status.latestDeliveryError}`
          : age > p.maxHoursSinceDelivery
            ? `last delivered ${Number.isFinite(age) ? `${Math.round(age)} hours ago` : 'never'}, over ${p.maxHoursSinceDelivery} hours`
            : undefined;
      return {
        status: problem ? 'fail' : 'pass',
        resource: t.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: `Trail ${t.name} (${where(t)}) ${problem ?? `delivered ${Math.round(age)} hours ago`}.`,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
