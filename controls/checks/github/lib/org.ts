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

/** `github.org.secret-scanning-alert`: an open secret scanning alert (never the secret). */
export interface SecretAlertData {
  repo: string;
  number: number;
  createdAt: string;
  url: string;
  secretType: string | null;
}

/** `github.org.code-scanning-alert`: an open code scanning alert. */
export interface CodeAlertData {
  repo: string;
  number: number;
  createdAt: string;
  url: string;
  rule: string | null;
  tool: string | null;
  securitySeverity: 'low' | 'medium' | 'high' | 'critical' | null;
  severity: 'none' | 'note' | 'warning' | 'error' | null;
}

export const SEVERITY_RANK = { low: 1, medium: 2, high: 3, critical: 4 } as const;
export type Severity = keyof typeof SEVERITY_RANK;

/** `github.org.app-installation`: a GitHub App installed on the organisation. */
export interface AppInstallationData {
  appSlug: string;
  appId: number;
  installationId: number;
  repositorySelection: string | null;
  permissions: Record<string, string>;
  createdAt: string;
}

/** `github.org.token-grant`: an approved fine-grained personal access token grant. */
export interface TokenGrantData {
  id: number;
  owner: string;
  repositorySelection: string | null;
  organizationPermissions: Record<string, string>;
  repositoryPermissions: Record<string, string>;
  accessGrantedAt: string;
  tokenExpiresAt: string | null;
  tokenLastUsedAt: string | null;
}
