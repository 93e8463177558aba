import type { Check, Finding } from '../../../src/types.js';

/** Outside collaborators (non-members) never hold admin on a repository. */
export const outsideCollaboratorsAdmin: Check = {
  meta: {
    id: 'github.org.outside-collaborators-admin',
    title: 'No outside collaborator has admin access to a repository',
    failureTitle: 'Outside collaborator with admin access',
    requires: ['github.repo.outside-collaborator'],
    remediation:
      "Repository → Settings → Collaborators and teams: lower the outside collaborator to write or read, or make them a member subject to the organisation's controls.",
  },
  evaluate(view) {
    const findings: Finding[] = view.records('github.repo.outside-collaborator').map((r) => {
      const resource = `github:${r.data.repo}`;
      return r.data.permission === 'admin'
        ? {
            status: 'fail',
            resource,
            scope: r.scope,
            evidence: r.ref,
            reason: `outside collaborator ${r.data.login} has admin on ${r.data.repo}: they can change protection and settings outside the organisation's controls; lower them to write or read`,
          }
        : { status: 'pass', resource, scope: r.scope, evidence: r.ref, reason: `outside collaborator ${r.data.login} has ${r.data.permission}` };
    });
    // Why: complete collaborator lists with no outside collaborators prove there is nothing to judge.
    return { findings, notApplicable: findings.length === 0 };
  },
};
