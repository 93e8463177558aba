import type { Check, Finding } from '../../../src/types.js';

/** Workflows get a read-only GITHUB_TOKEN by default and cannot approve pull requests. */
export const workflowPermissions: Check = {
  meta: {
    id: 'github.org.workflow-permissions',
    title: 'GitHub Actions workflows get a read-only token and cannot approve pull requests',
    failureTitle: 'GitHub Actions token can write or approve pull requests',
    requires: ['github.org.workflow-permissions'],
    remediation:
      'Organization settings → Actions → General → Workflow permissions: choose "Read repository contents and packages permissions" and clear "Allow GitHub Actions to create and approve pull requests"; grant write per job with `permissions:`.',
  },
  evaluate(view) {
    const findings: Finding[] = view.records('github.org.workflow-permissions').flatMap((rec): Finding[] => {
      const at = { scope: rec.scope, evidence: rec.ref };
      const d = rec.data;
      // Why two findings: a write token lets any workflow (and any action it runs) push code; an approving token
      // lets a workflow satisfy required reviews on its own pull request. Either breaks review on its own.
      return [
        d.defaultWorkflowPermissions === 'write'
          ? {
              status: 'fail',
              resource: `github:${d.org}:default_workflow_permissions`,
              ...at,
              reason: 'default_workflow_permissions is write: every workflow can push code and change releases; set it to read and grant write per job',
            }
          : { status: 'pass', resource: `github:${d.org}:default_workflow_permissions`, ...at, reason: 'default_workflow_permissions is read' },
        d.canApprovePullRequestReviews
          ? {
              status: 'fail',
              resource: `github:${d.org}:can_approve_pull_request_reviews`,
              ...at,
              reason: 'can_approve_pull_request_reviews is true: a workflow can approve a pull request and satisfy required reviews without a person',
            }
          : { status: 'pass', resource: `github:${d.org}:can_approve_pull_request_reviews`, ...at, reason: 'can_approve_pull_request_reviews is false' },
      ];
    });
    return { findings };
  },
};
