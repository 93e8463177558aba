import type { CollectorEvent } from '../../src/types.js';

/** The `sources.github` config section (see config.schema.json). */
export interface GithubConfig {
  org: string;
  token?: string;
  app?: { appId: string | number; privateKeyFile: string; installationId: string | number };
  baseUrl?: string;
  include?: string[];
  exclude?: string[];
  concurrency?: number;
  retryBaseMs?: number;
}

/** Evidence types this collector produces. Org-level types are scoped by org; repo-level ones by `org/repo`. */
export const T = {
  settings: 'github.org.settings',
  member: 'github.org.member',
  no2fa: 'github.org.member-without-2fa',
  outside: 'github.org.outside-collaborator',
  repo: 'github.repo',
  protection: 'github.repo.branch-protection',
  rules: 'github.repo.rules',
  security: 'github.repo.security',
  dependabot: 'github.repo.dependabot',
  repoOutside: 'github.repo.outside-collaborator',
  pr: 'github.pr.merged',
  workflow: 'github.org.workflow-permissions',
  collab2fa: 'github.org.collaborator-without-2fa',
  secretAlert: 'github.org.secret-scanning-alert',
  codeAlert: 'github.org.code-scanning-alert',
  installation: 'github.org.app-installation',
  tokenGrant: 'github.org.token-grant',
} as const;

/** Types collected once per repository (scope `org/repo`). */
export const REPO_TYPES = [T.protection, T.rules, T.security, T.dependabot, T.repoOutside, T.pr] as const;

/** Why an owner-only answer was hidden. */
export const OWNER = 'organization owner (classic token: admin:org / read:org as an owner; App: Organization administration: read)';
export const REPO_ADMIN = 'repository admin (classic token: repo as a repository admin; App: Administration: read)';

/** A repository in scope, as listed by GET /orgs/{org}/repos. */
export interface RepoRef {
  name: string;
  fullName: string;
  scope: string;
  defaultBranch: string;
  viewerIsAdmin: boolean;
}

export type Events = CollectorEvent[];

/** One record of `type`, its data checked against the type's generated record type. */
export { recordOf as record } from '../../src/collector-kit.js';
