import type { Check, Finding } from '../../../src/types.js';
import { EBS_DEFAULT_ENCRYPTION, EBS_VOLUME } from '../../../collectors/aws/ec2/evidence.js';

/** EBS encryption by default is on in every region, and no in-use volume is unencrypted. */
export const ebsDefaultEncryption: Check<Record<string, never>> = {
  meta: {
    id: 'aws.ebs.default-encryption',
    title: 'EBS volumes are encrypted, by default in every region',
    failureTitle: 'Regions without EBS encryption by default, or unencrypted volumes in use',
    requires: [EBS_DEFAULT_ENCRYPTION, EBS_VOLUME],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Turn on EBS encryption by default in each region (ec2 enable-ebs-encryption-by-default); replace unencrypted volumes from encrypted snapshot copies.',
  },
  evaluate(view) {
    const findings: Finding[] = [];
    for (const r of view.records(EBS_DEFAULT_ENCRYPTION)) {
      const d = r.data;
      findings.push({
        status: d.enabled ? 'pass' : 'fail',
        resource: `arn:aws:ec2:${d.region}:${d.account}:ebs-encryption-by-default`,
        evidence: r.ref,
        scope: r.scope,
        reason: d.enabled
          ? `EBS encryption by default is on in account ${d.account}, region ${d.region}.`
          : `EBS encryption by default is off in account ${d.account}, region ${d.region}: new volumes there are unencrypted unless asked.`,
      });
    }
    // Why in-use only: a detached volume holds data but serves nothing; the default-encryption finding covers new ones.
    for (const r of view.records(EBS_VOLUME)) {
      const v = r.data;
      if (v.state !== 'in-use') continue;
      const where = `Volume ${v.id} (account ${v.account}, region ${v.region}, attached to ${v.attachedTo.join(', ') || 'an instance'})`;
      findings.push({
        status: v.encrypted ? 'pass' : 'fail',
        resource: v.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: v.encrypted ? `${where} is encrypted.` : `${where} is not encrypted.`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
