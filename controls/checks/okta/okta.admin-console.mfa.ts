import type { Check, Finding } from '../../../src/types.js';
import { active, finding, policyResource } from './util.js';

export interface Params {
  requirePhishingResistant: boolean;
}

/**
 * The Admin Console (`saasure`) authentication policy: every active rule that allows sign-in requires two
 * factors (`factorMode: 2FA`) and, with `requirePhishingResistant`, a possession factor with
 * `phishingResistant: REQUIRED` in every constraint set. Why every set: a rule's `constraints` are alternatives,
 * and a user may satisfy any one of them.
 */
export const oktaAdminConsoleMfa: Check<Params> = {
  meta: {
    id: 'okta.admin-console.mfa',
    title: 'The Okta Admin Console requires two factors, one phishing-resistant',
    failureTitle: 'The Okta Admin Console can be reached without a phishing-resistant second factor',
    requires: ['okta.app.admin-console', 'okta.policy.access'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requirePhishingResistant: {
          type: 'boolean',
          default: true,
          description: 'also require a phishing-resistant possession factor (FIDO2/WebAuthn, Okta FastPass)',
        },
      },
    },
    remediation:
      'In Security › Authentication Policies › Okta Admin Console, set every allowing rule to "Password + Another factor" (2FA) and require a phishing-resistant possession factor (FIDO2 security key or Okta FastPass).',
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    const policies = view.records('okta.policy.access');
    const apps = view.records('okta.app.admin-console');
    // Why an error: the collector records the app or fails; a complete scope without it is not "nothing to check".
    for (const s of view.scopes('okta.app.admin-console')) if (!apps.some((a) => a.scope === s)) throw new Error(`no Admin Console app recorded for ${s}`);
    for (const appRec of apps) {
      const app = appRec.data;
      const res = 'okta:app/saasure';
      if (!app.accessPolicyId) {
        findings.push(
          finding(
            'fail',
            res,
            'the Admin Console has no authentication policy linked (no _links.accessPolicy): nothing requires a second factor for it',
            appRec,
          ),
        );
        continue;
      }
      const polRec = policies.find((p) => p.scope === appRec.scope && p.data.id === app.accessPolicyId);
      if (!polRec) throw new Error(`the Admin Console links policy ${app.accessPolicyId}, which the complete ACCESS_POLICY listing does not hold`);
      const p = polRec.data;
      let allowing = 0;
      for (const r of active(p.rules)) {
        const a = r.actions?.appSignOn;
        if (a?.access !== 'ALLOW') continue;
        allowing++;
        const vm = a.verificationMethod;
        const sets = vm?.constraints ?? [];
        const phr = sets.length > 0 && sets.every((c) => c.possession?.phishingResistant === 'REQUIRED');
        const where = policyResource(p, r);
        if (vm?.factorMode !== '2FA')
          findings.push(
            finding(
              'fail',
              where,
              `rule "${r.name}" of the Admin Console policy "${p.name}" allows sign-in with ${vm?.factorMode ?? 'no stated factor mode'}; require 2FA`,
              polRec,
            ),
          );
        else if (params.requirePhishingResistant && !phr)
          findings.push(
            finding(
              'fail',
              where,
              `rule "${r.name}" of the Admin Console policy "${p.name}" requires 2FA but not a phishing-resistant possession factor (constraints possession.phishingResistant: REQUIRED)`,
              polRec,
            ),
          );
        else
          findings.push(
            finding(
              'pass',
              where,
              `rule "${r.name}" of the Admin Console policy "${p.name}" requires 2FA${phr ? ' with a phishing-resistant possession factor' : ''}`,
              polRec,
            ),
          );
      }
      if (!allowing) findings.push(finding('pass', policyResource(p), `the Admin Console policy "${p.name}" has no active rule that allows sign-in`, polRec));
    }
    return { findings };
  },
};
