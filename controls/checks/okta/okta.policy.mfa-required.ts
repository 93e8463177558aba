import type { OktaPolicyAccess, OktaPolicyMfaEnroll } from '../../../src/evidence/types.generated.js';
import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import { active, finding, policyResource } from './util.js';

export interface Params {
  broadGroups: string[];
}

/** Applies to a broad population: no group condition (everyone), or it includes a built-in or named broad group. */
function isBroad(cond: OktaPolicyAccess['conditions'], broadIds: Set<string>): boolean {
  const include = cond?.people?.groups?.include ?? [];
  return include.length === 0 || include.some((g) => broadIds.has(g));
}

/** Sign-on and authentication policies that apply to everyone require a second factor; enrollment requires one. */
export const oktaPolicyMfaRequired: Check<Params> = {
  meta: {
    id: 'okta.policy.mfa-required',
    title: 'Okta sign-on and authentication policies require MFA for everyone',
    failureTitle: 'Okta lets a broad group sign in with a password only',
    requires: ['okta.policy.sign-on', 'okta.policy.access', 'okta.policy.mfa-enroll', 'okta.group'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        broadGroups: {
          type: 'array',
          items: { type: 'string' },
          default: ['Everyone'],
          description: 'group names treated as "everyone" (besides BUILT_IN groups)',
        },
      },
    },
    remediation:
      'Change each listed rule to require a second factor (sign-on rule "Prompt for factor" / authentication policy "Password + Another factor"), and require at least one authenticator besides the password in the enrollment policy.',
  },
  evaluate(view, params) {
    const broadIds = new Set(
      view
        .records('okta.group')
        .filter((g) => g.data.type === 'BUILT_IN' || (g.data.name != null && params.broadGroups.includes(g.data.name)))
        .map((g) => g.data.id),
    );
    const findings: Finding[] = [];
    const judge = (rec: StoredRecord, p: { name: string; id: string }, r: { name?: string; id?: string }, mfa: boolean, broad: boolean, what: string): void => {
      if (!broad) return; // narrow rules are outside this control's question (a broad group with password only)
      findings.push(
        finding(
          mfa ? 'pass' : 'fail',
          policyResource(p, r),
          mfa ? `rule "${r.name}" requires ${what}` : `rule "${r.name}" of "${p.name}" lets everyone in its scope sign in with ${what}; require another factor`,
          rec,
        ),
      );
    };
    let policies = 0;
    for (const rec of view.records('okta.policy.sign-on')) {
      const p = rec.data;
      if ((p.status ?? 'ACTIVE') !== 'ACTIVE') continue;
      policies++;
      for (const r of active(p.rules)) {
        const s = r.actions?.signon;
        if (s?.access !== 'ALLOW') continue;
        judge(
          rec,
          p,
          r,
          s.requireFactor === true,
          isBroad(p.conditions, broadIds) && isBroad(r.conditions, broadIds),
          s.requireFactor === true ? 'a second factor' : 'a password only',
        );
      }
    }
    for (const rec of view.records('okta.policy.access')) {
      const p = rec.data;
      if ((p.status ?? 'ACTIVE') !== 'ACTIVE') continue;
      policies++;
      for (const r of active(p.rules)) {
        const a = r.actions?.appSignOn;
        if (a?.access !== 'ALLOW') continue;
        const oneFactor = a.verificationMethod?.factorMode === '1FA';
        judge(rec, p, r, !oneFactor, isBroad(r.conditions, broadIds), oneFactor ? 'one factor (1FA)' : 'two factors (2FA)');
      }
    }
    if (!policies) return { findings, notApplicable: true, note: 'no active sign-on or authentication policy' };
    const enroll = view.records('okta.policy.mfa-enroll').filter((r) => (r.data.status ?? 'ACTIVE') === 'ACTIVE');
    const requires = (p: OktaPolicyMfaEnroll): boolean =>
      (p.settings?.authenticators ?? []).some((x) => x.key !== 'okta_password' && x.enroll?.self === 'REQUIRED');
    const good = enroll.find((r) => requires(r.data) && isBroad(r.data.conditions, broadIds));
    if (good)
      findings.push(finding('pass', policyResource(good.data), `enrollment policy "${good.data.name}" requires an authenticator besides the password`, good));
    else if (enroll[0])
      findings.push(
        finding(
          'fail',
          policyResource(enroll[0].data),
          'no active enrollment policy for everyone requires an authenticator besides the password; set one to Required',
          enroll[0],
        ),
      );
    return { findings };
  },
};
