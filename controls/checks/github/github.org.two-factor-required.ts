import type { Check } from '../../../src/types.js';

/** The organisation requires two-factor authentication of every member and outside collaborator. */
export const twoFactorRequired: Check = {
  meta: {
    id: 'github.org.two-factor-required',
    title: 'The GitHub organisation requires two-factor authentication',
    failureTitle: 'GitHub organisation does not require 2FA',
    requires: ['github.org.settings'],
    remediation:
      'Organization settings → Authentication security → "Require two-factor authentication for everyone". Members without 2FA are removed, so enrol them first.',
  },
  evaluate(view) {
    return {
      findings: view.records('github.org.settings').flatMap((rec) => {
        // Why: null = hidden from a non-owner token; the collector reports it as an error, never as "off".
        if (rec.data.twoFactorRequirementEnabled === null) return [];
        const ok = rec.data.twoFactorRequirementEnabled === true;
        return [
          {
            status: ok ? 'pass' : 'fail',
            resource: `github:${rec.data.login}`,
            scope: rec.scope,
            evidence: rec.ref,
            reason: ok
              ? 'two_factor_requirement_enabled is true'
              : 'two_factor_requirement_enabled is false: members can use password-only sign-in; require 2FA in the organisation security settings',
          },
        ] as const;
      }),
    };
  },
};
