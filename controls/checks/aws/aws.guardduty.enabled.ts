import type { Check, Finding } from '../../../src/types.js';
import { GUARDDUTY_DETECTOR } from '../../../collectors/aws/guardduty/evidence.js';

/** Every configured account and region has a GuardDuty detector that is enabled (not suspended). */
export const guarddutyEnabled: Check<Record<string, never>> = {
  meta: {
    id: 'aws.guardduty.enabled',
    title: 'GuardDuty threat detection runs in every configured region',
    failureTitle: 'Regions without an active GuardDuty detector',
    requires: [GUARDDUTY_DETECTOR],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Enable GuardDuty in each region (aws guardduty create-detector --enable), or resume a suspended detector (update-detector --enable); in an Organization, auto-enable it from the delegated administrator.',
  },
  evaluate(view) {
    const findings: Finding[] = view.records(GUARDDUTY_DETECTOR).map((r) => {
      const d = r.data;
      const active = d.detectors.find((x) => x.status === 'ENABLED');
      const where = `account ${d.account}, region ${d.region}`;
      const resource = `arn:aws:guardduty:${d.region}:${d.account}:detector${(active ?? d.detectors[0]) ? `/${(active ?? d.detectors[0])!.id}` : ''}`;
      const reason = active
        ? `GuardDuty detector ${active.id} is enabled (${where}).`
        : d.detectors.length
          ? `GuardDuty detector ${d.detectors.map((x) => `${x.id} is ${x.status.toLowerCase()}`).join(', ')} (${where}): suspended, it watches nothing.`
          : `GuardDuty has no detector (${where}): ListDetectors answered an empty list.`;
      return { status: active ? 'pass' : 'fail', resource, evidence: r.ref, scope: r.scope, reason };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
