import type { Check, Finding } from '../../../src/types.js';
import { REPORT, reportRows } from './lib/iam.js';

interface Params {
  minLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  reusePrevention: number;
  maxAgeDays: number;
}

/** The account password policy exists and is at least as strong as the params; not-applicable without console users. */
export const passwordPolicy: Check<Params> = {
  meta: {
    id: 'aws.iam.password-policy',
    title: 'IAM password policy is strong',
    failureTitle: 'IAM password policy missing or weak',
    requires: ['aws.iam.password-policy', REPORT],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minLength: { type: 'integer', minimum: 6, default: 14 },
        requireUppercase: { type: 'boolean', default: true },
        requireLowercase: { type: 'boolean', default: true },
        requireNumbers: { type: 'boolean', default: true },
        requireSymbols: { type: 'boolean', default: true },
        reusePrevention: { type: 'integer', minimum: 0, maximum: 24, default: 24 },
        maxAgeDays: { type: 'integer', minimum: 0, default: 90, description: '0: no expiry required' },
      },
    },
    remediation: 'Set the account password policy (IAM → Account settings) to the required length, character classes, reuse prevention and maximum age.',
  },
  evaluate(view, p) {
    const consoleUsers = new Set(
      reportRows(view)
        .filter((r) => !r.root && r.row.passwordEnabled === true)
        .map((r) => r.account),
    );
    const findings: Finding[] = [];
    for (const rec of view.records('aws.iam.password-policy')) {
      const account = rec.data.account ?? rec.scope;
      // Why: without IAM console users (everyone signs in through SSO) the policy governs nothing.
      if (!consoleUsers.has(account)) continue;
      const base = { resource: `arn:aws:iam::${account}:account-password-policy`, evidence: rec.ref, scope: account };
      if (!rec.data.exists) {
        findings.push({
          ...base,
          status: 'fail',
          reason: `Account ${account} has IAM console users and no password policy (IAM defaults allow 8-character passwords that never expire).`,
        });
        continue;
      }
      const pol = rec.data.policy ?? {};
      const gaps: string[] = [];
      if (Number(pol.MinimumPasswordLength ?? 0) < p.minLength) gaps.push(`minimum length ${pol.MinimumPasswordLength ?? 'unset'} < ${p.minLength}`);
      if (p.requireUppercase && !pol.RequireUppercaseCharacters) gaps.push('upper-case letters not required');
      if (p.requireLowercase && !pol.RequireLowercaseCharacters) gaps.push('lower-case letters not required');
      if (p.requireNumbers && !pol.RequireNumbers) gaps.push('numbers not required');
      if (p.requireSymbols && !pol.RequireSymbols) gaps.push('symbols not required');
      if (Number(pol.PasswordReusePrevention ?? 0) < p.reusePrevention)
        gaps.push(`reuse prevention ${pol.PasswordReusePrevention ?? 'unset'} < ${p.reusePrevention}`);
      if (p.maxAgeDays > 0 && !(Number(pol.MaxPasswordAge ?? 0) > 0 && Number(pol.MaxPasswordAge) <= p.maxAgeDays))
        gaps.push(`maximum age ${pol.MaxPasswordAge ?? 'unset'} is not within ${p.maxAgeDays} days`);
      findings.push(
        gaps.length
          ? { ...base, status: 'fail', reason: `The password policy of account ${account} is weak: ${gaps.join('; ')}.` }
          : { ...base, status: 'pass', reason: `The password policy of account ${account} meets every requirement.` },
      );
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
