/** Typed data of the organisation-level GitHub evidence the checks read (see schemas/evidence/github.org.*). */

/** `github.org.settings`: GET /orgs/{org}; owner-only fields are null when hidden. */
export interface OrgSettingsData {
  login: string;
  id?: number;
  twoFactorRequirementEnabled: boolean | null;
  defaultRepositoryPermission: 'none' | 'read' | 'write' | 'admin' | null;
  membersCanCreatePublicRepositories?: boolean | null;
  membersCanCreateRepositories?: boolean | null;
  membersCanForkPrivateRepositories?: boolean | null;
  membersCanChangeRepoVisibility?: boolean | null;
  unknown: string[];
}

/** `github.org.workflow-permissions`: GET /orgs/{org}/actions/permissions/workflow. */
export interface WorkflowPermissionsData {
  org: string;
  defaultWorkflowPermissions: 'read' | 'write';
  canApprovePullRequestReviews: boolean;
}

/** `github.org.collaborator-without-2fa`: GET /orgs/{org}/outside_collaborators?filter=2fa_disabled. */
export interface CollaboratorWithout2faData {
  login: string;
  id: number;
}

/** Base permissions from least to most. */
export const PERMISSION_RANK = { none: 0, read: 1, write: 2, admin: 3 } as const;
export type BasePermission = keyof typeof PERMISSION_RANK;
