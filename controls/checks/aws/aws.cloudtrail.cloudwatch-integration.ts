import type { Check, Finding } from '../../../src/types.js';
import { TRAIL, hoursSince, uniqueTrails, where } from './lib/trails.js';

/** Logging trails send to CloudWatch Logs (so alerts can fire), with a recent delivery. */
export const cloudwatchIntegration: Check<{ maxHoursSinceDelivery: number }> = {
  meta: {
    id: 'aws.cloudtrail.cloudwatch-integration',
    title: 'CloudTrail sends events to CloudWatch Logs',
    failureTitle: 'Trails not integrated with CloudWatch Logs',
    requires: [TRAIL],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { maxHoursSinceDelivery: { type: 'number', minimum: 1, default: 24 } } },
    remediation:
      'Configure the trail with a CloudWatch Logs log group and role (update-trail --cloud-watch-logs-log-group-arn …) and add metric filters and alarms for security events.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = uniqueTrails(view)
      .filter((r) => r.data.status.isLogging)
      .map((r) => {
        const t = r.data;
        const age = hoursSince(t.status.latestCloudWatchLogsDeliveryTime, asOf);
        const problem = !t.cloudWatchLogsLogGroupArn
          ? 'sends no events to CloudWatch Logs'
          : t.status.latestCloudWatchLogsDeliveryError
            ? `fails to deliver to CloudWatch Logs (${t.status.latestCloudWatchLogsDeliveryError})`
            : age > p.maxHoursSinceDelivery
              ? `last delivered to CloudWatch Logs ${Number.isFinite(age) ? `${Math.round(age)} hours ago` : 'never'}`
              : undefined;
        return {
          status: problem ? 'fail' : 'pass',
          resource: t.arn,
          evidence: r.ref,
          scope: r.scope,
          reason: `Trail ${t.name} (${where(t)}) ${problem ?? `delivers to ${t.cloudWatchLogsLogGroupArn}`}.`,
        };
      });
    return { findings, notApplicable: findings.length === 0 };
  },
};
