import type { Check, Finding } from '../../../src/types.js';
import { REPORT, reportRows } from './lib/iam.js';

/** Root account has MFA; optionally a hardware device (a virtual device assigned to root fails). */
export const rootMfa: Check<{ requireHardware: boolean }> = {
  meta: {
    id: 'aws.iam.root-mfa',
    title: 'Root account has MFA',
    failureTitle: 'Root account has no MFA',
    requires: [REPORT, 'aws.iam.virtual-mfa-devices'],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { requireHardware: { type: 'boolean', default: false } } },
    remediation: 'Sign in as root and assign an MFA device (Security credentials → Multi-factor authentication); prefer a hardware key for root.',
  },
  evaluate(view, p) {
    const virtualRoot = new Set(
      view
        .records('aws.iam.virtual-mfa-devices')
        .filter((r) => r.data.userArn?.endsWith(':root') || r.data.serialNumber?.endsWith(':mfa/root-account-mfa-device'))
        .map((r) => r.data.account ?? r.scope),
    );
    const findings: Finding[] = [];
    for (const { row, rec, account, root } of reportRows(view)) {
      if (!root) continue;
      const base = { resource: row.arn, evidence: rec.ref, scope: account };
      if (!row.mfaActive)
        findings.push({
          ...base,
          status: 'fail',
          reason: `The root user of account ${account} has no MFA device: anyone with its password controls the account.`,
        });
      else if (p.requireHardware && virtualRoot.has(account))
        findings.push({ ...base, status: 'fail', reason: `The root user of account ${account} uses a virtual MFA device; a hardware device is required.` });
      else
        findings.push({ ...base, status: 'pass', reason: `The root user of account ${account} has MFA${p.requireHardware ? ' on a hardware device' : ''}.` });
    }
    return { findings };
  },
};
