import type { Check, Finding } from '../../../src/types.js';
import { CONFIG_RECORDER } from '../../../collectors/aws/config/evidence.js';

/**
 * Every configured account and region has an AWS Config recorder that records all supported resource types, is
 * recording, last succeeded, and whose delivery channel's last delivery did not fail.
 */
export const configRecorderAllRegions: Check<Record<string, never>> = {
  meta: {
    id: 'aws.config.recorder-all-regions',
    title: 'AWS Config records every supported resource type in every configured region',
    failureTitle: 'Regions where AWS Config does not record the whole configuration',
    requires: [CONFIG_RECORDER],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Create a configuration recorder for all supported resource types with a delivery channel in each region (aws configservice put-configuration-recorder / put-delivery-channel / start-configuration-recorder), and fix the delivery target if delivery fails.',
  },
  evaluate(view) {
    const findings: Finding[] = view.records(CONFIG_RECORDER).map((r) => {
      const c = r.data;
      const where = `account ${c.account}, region ${c.region}`;
      const rec = c.recorders[0];
      const resource = `arn:aws:config:${c.region}:${c.account}:configuration-recorder/${rec?.name ?? '*'}`;
      const gaps: string[] = [];
      if (!rec) gaps.push('there is no configuration recorder');
      else {
        const all = rec.useOnly ? rec.useOnly === 'ALL_SUPPORTED_RESOURCE_TYPES' : rec.allSupported === true;
        if (!all)
          gaps.push(
            `recorder ${rec.name} records only ${rec.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES' ? `all but ${rec.excludedResourceTypes.length} resource type(s)` : `${rec.resourceTypes.length} resource type(s)`}`,
          );
        if (!rec.status) gaps.push(`recorder ${rec.name} has no status`);
        else {
          if (!rec.status.recording) gaps.push(`recorder ${rec.name} is not recording`);
          if (rec.status.lastStatus?.toUpperCase() === 'FAILURE')
            gaps.push(`recorder ${rec.name}'s last recording failed${rec.status.lastErrorCode ? ` (${rec.status.lastErrorCode})` : ''}`);
        }
        if (!c.deliveryChannels.length) gaps.push('there is no delivery channel');
        for (const d of c.deliveryChannels) {
          for (const [kind, info] of [
            ['snapshot', d.snapshot],
            ['history', d.history],
            ['stream', d.stream],
          ] as const) {
            if (info?.lastStatus?.toUpperCase() === 'FAILURE')
              gaps.push(`delivery channel ${d.name}'s last ${kind} delivery failed${info.lastErrorCode ? ` (${info.lastErrorCode})` : ''}`);
          }
        }
      }
      return gaps.length
        ? { status: 'fail', resource, evidence: r.ref, scope: r.scope, reason: `AWS Config: ${gaps.join('; ')} (${where}).` }
        : {
            status: 'pass',
            resource,
            evidence: r.ref,
            scope: r.scope,
            reason: `AWS Config recorder ${rec!.name} records all supported resource types and delivers (${where}).`,
          };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
