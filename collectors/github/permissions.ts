/** What `soc2 permissions` prints for the GitHub collector. */
export interface GithubPermissions {
  /** Classic personal access token scopes (the token's user must be an organisation owner). */
  token: string[];
  /** Fine-grained token / GitHub App permissions (all read-only). */
  app: string[];
  notes: string[];
}

/** The least privilege the GitHub collector needs, for tokens and for GitHub Apps. */
export function githubPermissions(): GithubPermissions {
  return {
    token: ['read:org', 'repo', 'security_events'],
    app: [
      'Organization: Members (read)',
      'Organization: Administration (read)',
      'Repository: Metadata (read)',
      'Repository: Administration (read)',
      'Repository: Pull requests (read)',
      'Repository: Dependabot alerts (read)',
    ],
    notes: [
      'The token user must be an organisation owner: two_factor_requirement_enabled, default_repository_permission and the 2fa_disabled filter are owner-only.',
      'Classic branch protection and security_and_analysis are shown to repository admins only; owners are admins of every repository.',
      'GitHub App authentication is not implemented yet; use a token.',
    ],
  };
}
