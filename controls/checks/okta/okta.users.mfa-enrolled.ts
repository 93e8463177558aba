import type { Check, Finding } from '../../../src/types.js';
import { finding, SIGN_IN_STATUSES } from './util.js';

export interface Params {
  factorTypes: string[];
  phishingResistantOnly: boolean;
}

/** FIDO2/WebAuthn, U2F and Okta FastPass (signed_nonce) resist phishing (NIST SP 800-63B AAL3 verifiers). */
const PHISHING_RESISTANT = ['webauthn', 'u2f', 'signed_nonce'];

/** Every user who can sign in has an ACTIVE factor of a type that counts. */
export const oktaUsersMfaEnrolled: Check<Params> = {
  meta: {
    id: 'okta.users.mfa-enrolled',
    title: 'Every active Okta user is enrolled in multi-factor authentication',
    failureTitle: 'Active Okta users without an accepted MFA factor',
    requires: ['okta.user.factors'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        // SMS, voice and email are left out by default: they are phishable and SIM-swappable (NIST 800-63B "restricted").
        factorTypes: {
          type: 'array',
          items: { type: 'string' },
          default: ['push', 'token:software:totp', 'token:hardware', 'token:hotp', 'token', 'webauthn', 'u2f', 'signed_nonce'],
        },
        phishingResistantOnly: { type: 'boolean', default: false },
      },
    },
    remediation:
      'Enroll each listed user in Okta Verify (push/FastPass) or a FIDO2 authenticator, and require MFA enrollment in the MFA enrollment policy (Security > Authenticators > Enrollment).',
  },
  evaluate(view, params) {
    const counts = params.phishingResistantOnly ? PHISHING_RESISTANT : params.factorTypes;
    const findings: Finding[] = [];
    for (const rec of view.records('okta.user.factors')) {
      const u = rec.data;
      if (!SIGN_IN_STATUSES.includes(u.status)) continue;
      const activeTypes = u.factors.filter((f) => f.status === 'ACTIVE').map((f) => f.factorType);
      const good = activeTypes.filter((t) => counts.includes(t));
      const resource = `okta:${u.login}`;
      if (good.length) findings.push(finding('pass', resource, `enrolled in ${[...new Set(good)].join(', ')}`, rec));
      else if (activeTypes.length)
        findings.push(
          finding(
            'fail',
            resource,
            `only ${[...new Set(activeTypes)].join(', ')} enrolled, which does not count (${params.phishingResistantOnly ? 'phishing-resistant factors required' : `accepted: ${counts.join(', ')}`}); enroll Okta Verify or a FIDO2 key`,
            rec,
          ),
        );
      else findings.push(finding('fail', resource, 'no MFA factor enrolled: signs in with a password only; enroll Okta Verify or a FIDO2 key', rec));
    }
    return findings.length ? { findings } : { findings, notApplicable: true, note: 'no user who can sign in' };
  },
};
