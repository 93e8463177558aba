import type { Check, Finding } from '../../../src/types.js';

/** No organisation member has two-factor authentication disabled. */
export const membersWithout2fa: Check = {
  meta: {
    id: 'github.org.members-without-2fa',
    title: 'Every GitHub organisation member has two-factor authentication enabled',
    failureTitle: 'GitHub members without 2FA',
    requires: ['github.org.member', 'github.org.member-without-2fa'],
    remediation: 'Ask each listed member to enable 2FA (Settings → Password and authentication), then require 2FA for the organisation.',
  },
  evaluate(view) {
    const without = new Map(view.records('github.org.member-without-2fa').map((r) => [`${r.scope}/${r.data.login}`, r]));
    // Why: the 2FA list is owner-only; judge only organisations whose list was read completely.
    const known = new Set(view.scopes('github.org.member-without-2fa'));
    const findings: Finding[] = view
      .records('github.org.member')
      .filter((m) => known.has(m.scope))
      .map((m) => {
        const bad = without.get(`${m.scope}/${m.data.login}`);
        return bad
          ? {
              status: 'fail',
              resource: `github:${m.scope}/@${m.data.login}`,
              scope: m.scope,
              evidence: bad.ref,
              reason: `${m.data.login} has two-factor authentication disabled; they must enable 2FA or be removed from the organisation`,
            }
          : {
              status: 'pass',
              resource: `github:${m.scope}/@${m.data.login}`,
              scope: m.scope,
              evidence: m.ref,
              reason: `${m.data.login} is not listed by filter=2fa_disabled`,
            };
      });
    return { findings, notApplicable: findings.length === 0 };
  },
};
