/** The `sources.okta` section of soc2.config.yaml (see config.schema.json). */
export interface OktaConfig {
  orgUrl: string;
  /** Name of the org in evidence (default: the host of orgUrl). */
  evidenceScope?: string;
  /** SSWS API token (from `${OKTA_API_TOKEN}`). */
  token?: string;
  /** OAuth 2.0 service app with a private key (private-key JWT client credentials). */
  oauth?: { clientId: string; privateKeyFile: string; keyId?: string; scopes?: string[] };
  concurrency?: number;
  maxRetries?: number;
  /** First wait before retrying a server error, cut answer or timeout (doubling after each). */
  retryBaseMs?: number;
}

/** OAuth scopes the collector needs, by what they read. User factors are read with okta.users.read. */
export const OKTA_SCOPES: Record<string, string> = {
  'okta.users.read': 'users (all statuses) and their enrolled factors',
  'okta.groups.read': 'groups named in policy conditions',
  'okta.policies.read': 'sign-on, password, MFA enrollment and authentication policies and their rules',
  'okta.roles.read': 'admin role assignments (/api/v1/iam/assignees/users, /api/v1/users/{id}/roles)',
  'okta.logs.read': 'System Log: lifecycle events, admin privilege grants, factor resets',
  'okta.logStreams.read': 'log streams exporting the System Log (/api/v1/logStreams)',
  'okta.eventHooks.read': 'event hooks subscribed to System Log event types (/api/v1/eventHooks)',
  'okta.apiTokens.read': 'API token metadata: owner, network restriction, expiry (/api/v1/api-tokens)',
  'okta.apps.read':
    'apps: the Admin Console (saasure) and its authentication policy link; active app integrations and whether users are assigned (vendor discovery)',
};

/** The OAuth scope an API path needs (for `missingPermission` when a 403 does not name it). */
export function scopeForPath(path: string): string {
  if (path.startsWith('/api/v1/logStreams')) return 'okta.logStreams.read';
  if (path.startsWith('/api/v1/logs')) return 'okta.logs.read';
  if (path.startsWith('/api/v1/eventHooks')) return 'okta.eventHooks.read';
  if (path.startsWith('/api/v1/api-tokens')) return 'okta.apiTokens.read';
  if (path.startsWith('/api/v1/apps')) return 'okta.apps.read';
  if (path.startsWith('/api/v1/policies')) return 'okta.policies.read';
  if (path.startsWith('/api/v1/iam') || /\/roles$/.test(path)) return 'okta.roles.read';
  if (path.startsWith('/api/v1/groups')) return 'okta.groups.read';
  if (path.startsWith('/api/v1/apps')) return 'okta.apps.read';
  return 'okta.users.read';
}

/** Rate-limit bucket / operation name of a request URL: ids replaced by `{id}`. */
export function operationOf(url: string, method = 'GET'): string {
  const path = new URL(url).pathname.replace(/\/(users|groups|policies)\/(?!me\b)[^/]+(?=\/)/g, '/$1/{id}');
  return `${method.toUpperCase()} ${path}`;
}
