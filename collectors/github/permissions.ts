/** What `soc2 permissions` prints for the GitHub collector. */
export interface GithubPermissions {
  /** Classic personal access token scopes (the token's user must be an organisation owner). */
  token: string[];
  /** GitHub App (or fine-grained token) permissions, all read-only. */
  app: string[];
  notes: string[];
}

/** The least privilege the GitHub collector needs, for tokens and for GitHub Apps. */
export function githubPermissions(): GithubPermissions {
  return {
    token: ['read:org', 'admin:org', 'repo', 'security_events'],
    app: [
      'Organization: Members (read)',
      'Organization: Administration (read)',
      'Organization: Personal access tokens (read)',
      'Repository: Metadata (read)',
      'Repository: Administration (read)',
      'Repository: Contents (read)',
      'Repository: Pull requests (read)',
      'Repository: Dependabot alerts (read)',
      'Repository: Secret scanning alerts (read)',
      'Repository: Code scanning alerts (read)',
    ],
    notes: [
      'Token: the token user must be an organisation owner: two_factor_requirement_enabled, default_repository_permission and the 2fa_disabled filter are owner-only.',
      'Token: admin:org is for GET /orgs/{org}/actions/permissions/workflow (read-only here; GitHub has no narrower classic scope); the 2fa_disabled filter on outside collaborators is owner-only too.',
      'Token: classic branch protection and security_and_analysis are shown to repository admins only; owners are admins of every repository.',
      'Token: fine-grained token grants (GET /orgs/{org}/personal-access-tokens) are answered to GitHub Apps only; with a token they are not read and the third-party check asks for a manual review.',
      'App: install it on the organisation with access to all repositories; set app.appId, app.privateKeyFile and app.installationId.',
    ],
  };
}

/** One flat list for `Collector.meta.permissions`: both ways to authenticate, labelled. */
export function githubPermissionList(): string[] {
  const p = githubPermissions();
  return [...p.token.map((s) => `classic token scope: ${s}`), ...p.app.map((s) => `GitHub App permission: ${s}`)];
}
