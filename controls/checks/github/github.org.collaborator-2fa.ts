import type { Check, Finding } from '../../../src/types.js';

/** No outside collaborator has two-factor authentication disabled. */
export const collaborator2fa: Check = {
  meta: {
    id: 'github.org.collaborator-2fa',
    title: 'Every GitHub outside collaborator has two-factor authentication enabled',
    failureTitle: 'GitHub outside collaborators without 2FA',
    requires: ['github.org.outside-collaborator', 'github.org.collaborator-without-2fa'],
    remediation:
      'Ask each listed collaborator to enable 2FA (Settings → Password and authentication) or remove their access; requiring 2FA for the organisation removes collaborators without it.',
  },
  evaluate(view) {
    const without = new Map(view.records('github.org.collaborator-without-2fa').map((r) => [`${r.scope}/${r.data.login}`, r]));
    // Why only scopes whose filtered list was read: the filter is owner-only, and a list not read is not "nobody".
    const known = new Set(view.scopes('github.org.collaborator-without-2fa'));
    const findings: Finding[] = view
      .records('github.org.outside-collaborator')
      .filter((c) => known.has(c.scope))
      .map((c) => {
        const bad = without.get(`${c.scope}/${c.data.login}`);
        const resource = `github:${c.scope}/@${c.data.login}`;
        return bad
          ? {
              status: 'fail',
              resource,
              scope: c.scope,
              evidence: bad.ref,
              reason: `outside collaborator ${c.data.login} has two-factor authentication disabled: a password alone reaches the repositories they can see`,
            }
          : { status: 'pass', resource, scope: c.scope, evidence: c.ref, reason: `${c.data.login} is not listed by filter=2fa_disabled` };
      });
    return { findings, notApplicable: findings.length === 0 };
  },
};
