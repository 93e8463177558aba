import type { Check, Finding } from '../../../src/types.js';
import { PERMISSION_RANK, type BasePermission } from './lib/org.js';

export interface MemberPrivilegesParams {
  maxBasePermission: BasePermission;
}

/** The member privileges a member could use to publish, copy out or expose code, one finding each. */
const TOGGLES = [
  ['membersCanCreatePublicRepositories', 'members_can_create_public_repositories', 'create public repositories'],
  ['membersCanForkPrivateRepositories', 'members_can_fork_private_repositories', 'fork private repositories to their own accounts'],
  ['membersCanChangeRepoVisibility', 'members_can_change_repo_visibility', 'change a repository from private to public'],
] as const;

/** Members cannot publish or copy out private code, and their base permission stays at or below a ceiling. */
export const memberPrivileges: Check<MemberPrivilegesParams> = {
  meta: {
    id: 'github.org.member-privileges',
    title: 'GitHub member privileges keep private code private and base access low',
    failureTitle: 'GitHub members can expose private code or hold broad base access',
    requires: ['github.org.settings'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { maxBasePermission: { enum: ['none', 'read', 'write', 'admin'], default: 'read' } },
    },
    remediation:
      'Organization settings → Member privileges: turn off public repository creation, forking of private repositories and repository visibility changes, and set Base permissions to the ceiling (read by default).',
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    const unstated: string[] = [];
    for (const rec of view.records('github.org.settings')) {
      const org = rec.data.login;
      const at = { scope: rec.scope, evidence: rec.ref };
      for (const [key, field, what] of TOGGLES) {
        const value = rec.data[key];
        // Why: a setting GitHub did not state is unknown: a person confirms it (complete evidence hides owner-only
        // fields only as an error, so here it is the one field GitHub's documentation does not promise).
        if (typeof value !== 'boolean') {
          unstated.push(`${org}: ${field}`);
          continue;
        }
        findings.push(
          value
            ? {
                status: 'fail',
                resource: `github:${org}:${field}`,
                ...at,
                reason: `${field} is true: members can ${what}; turn it off under Member privileges`,
              }
            : { status: 'pass', resource: `github:${org}:${field}`, ...at, reason: `${field} is false` },
        );
      }
      const base = rec.data.defaultRepositoryPermission;
      if (base === null) continue;
      const over = PERMISSION_RANK[base] > PERMISSION_RANK[params.maxBasePermission];
      findings.push({
        status: over ? 'fail' : 'pass',
        resource: `github:${org}:default_repository_permission`,
        ...at,
        reason: over
          ? `default_repository_permission is ${base}, above the allowed ${params.maxBasePermission}: every member gets it on every repository; lower it and grant more through teams`
          : `default_repository_permission is ${base} (at most ${params.maxBasePermission})`,
      });
    }
    return {
      findings,
      ...(unstated.length
        ? { needsReview: `GitHub's answer did not state ${unstated.join(', ')}; confirm it under Organization settings → Member privileges` }
        : {}),
    };
  },
};
