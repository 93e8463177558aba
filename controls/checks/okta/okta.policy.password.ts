import type { Check, Finding } from '../../../src/types.js';
import { finding, policyResource } from './util.js';

export interface Params {
  minLength: number;
  complexity: boolean;
  commonPasswordCheck: boolean;
  historyCount: number;
  maxAttempts: number;
}

/** Every active password policy meets length, complexity, history and lockout thresholds. */
export const oktaPolicyPassword: Check<Params> = {
  meta: {
    id: 'okta.policy.password',
    title: 'Okta password policies meet the password standard',
    failureTitle: 'Weak Okta password policy',
    requires: ['okta.policy.password'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minLength: { type: 'integer', minimum: 1, default: 12 },
        complexity: { type: 'boolean', default: true, description: 'require lower, upper, number and symbol' },
        commonPasswordCheck: { type: 'boolean', default: true },
        historyCount: { type: 'integer', minimum: 0, default: 5 },
        maxAttempts: { type: 'integer', minimum: 1, default: 10 },
      },
    },
    remediation:
      'Edit each listed policy in Security > Authenticators > Password: raise the minimum length, require character classes and the common-password check, remember previous passwords and lock out after a few failed attempts.',
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    for (const rec of view.records('okta.policy.password')) {
      const p = rec.data;
      if ((p.status ?? 'ACTIVE') !== 'ACTIVE') continue;
      const pw = p.settings?.password ?? {};
      const c = pw.complexity ?? {};
      const gaps: string[] = [];
      if ((c.minLength ?? 0) < params.minLength) gaps.push(`minimum length ${c.minLength ?? 'unset'} < ${params.minLength}`);
      if (params.complexity) {
        const missing = (['minLowerCase', 'minUpperCase', 'minNumber', 'minSymbol'] as const).filter((k) => !((c[k] ?? 0) >= 1));
        if (missing.length) gaps.push(`no ${missing.map((k) => k.replace('min', '').toLowerCase()).join('/')} requirement`);
      }
      if (params.commonPasswordCheck && c.dictionary?.common?.exclude !== true) gaps.push('common-password check off');
      if ((pw.age?.historyCount ?? 0) < params.historyCount) gaps.push(`remembers ${pw.age?.historyCount ?? 0} previous passwords < ${params.historyCount}`);
      // maxAttempts 0 / unset means no lockout at all.
      const attempts = pw.lockout?.maxAttempts ?? 0;
      if (!attempts || attempts > params.maxAttempts)
        gaps.push(attempts ? `locks out after ${attempts} attempts > ${params.maxAttempts}` : 'no lockout after failed attempts');
      const res = policyResource(p);
      findings.push(
        gaps.length
          ? finding('fail', res, `password policy "${p.name}": ${gaps.join('; ')}`, rec)
          : finding('pass', res, `password policy "${p.name}" meets the standard`, rec),
      );
    }
    return findings.length ? { findings } : { findings, notApplicable: true, note: 'no active password policy (passwordless org)' };
  },
};
