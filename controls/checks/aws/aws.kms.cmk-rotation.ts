import type { Check, Finding } from '../../../src/types.js';

const KEY = 'aws.kms.key';

/** Enabled customer-managed symmetric keys rotate automatically, at most every `maxDays`. */
export const kmsCmkRotation: Check<{ maxDays: number }> = {
  meta: {
    id: 'aws.kms.cmk-rotation',
    title: 'Customer managed KMS keys rotate automatically',
    failureTitle: 'KMS keys without automatic rotation',
    requires: [KEY],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { maxDays: { type: 'integer', minimum: 90, maximum: 2560, default: 365, description: 'The longest rotation period that passes.' } },
    },
    remediation:
      'Turn on automatic rotation for the key (kms enable-key-rotation --rotation-period-in-days 365); rotation keeps old key material for decryption, so nothing breaks.',
  },
  evaluate(view, p) {
    const findings: Finding[] = [];
    for (const r of view.records(KEY)) {
      const k = r.data;
      // Why out of scope: AWS rotates its managed keys itself; asymmetric and HMAC keys and imported or external key
      // material cannot rotate automatically; a disabled or pending-deletion key encrypts nothing new.
      if (k.keyManager !== 'CUSTOMER' || k.keySpec !== 'SYMMETRIC_DEFAULT' || k.keyState !== 'Enabled' || (k.origin ?? 'AWS_KMS') !== 'AWS_KMS') continue;
      if (!k.rotation) throw new Error(`key ${k.arn} is in scope of rotation but its rotation status was not collected`);
      const where = `${k.keyId} (account ${k.account}, ${k.region})`;
      const period = k.rotation.periodDays ?? 365;
      const ok = k.rotation.enabled && period <= p.maxDays;
      const reason = !k.rotation.enabled
        ? `Key ${where} does not rotate automatically.`
        : ok
          ? `Key ${where} rotates every ${period} days.`
          : `Key ${where} rotates every ${period} days, more than ${p.maxDays}.`;
      findings.push({ status: ok ? 'pass' : 'fail', resource: k.arn, evidence: r.ref, scope: r.scope, reason });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
