/**
 * Record shapes of the Okta org-security evidence types (schemas/evidence/okta.*.schema.json are the source of
 * truth; a test validates collected records against them).
 */

/** `okta.log-stream`: one per log stream (`GET /api/v1/logStreams`). */
export interface OktaLogStream {
  id: string;
  name: string;
  /** `aws_eventbridge` | `splunk_cloud_logstreaming` (the types Okta offers). */
  type: string;
  /** `ACTIVE` | `INACTIVE`. */
  status: string;
  created: string | null;
  lastUpdated: string | null;
}

/** `okta.event-hook`: one per event hook (`GET /api/v1/eventHooks`); header values are never recorded. */
export interface OktaEventHook {
  id: string;
  name: string;
  status: string;
  /** `VERIFIED` | `UNVERIFIED`: Okta delivers events only to a verified hook. */
  verificationStatus: string | null;
  /** Subscribed System Log event types. */
  eventTypes: string[];
  /** Where the events go: scheme, host and path of the channel URI (no query). */
  destination: string | null;
  created: string | null;
  lastUpdated: string | null;
}

/** `okta.api-token`: metadata of one API token (`GET /api/v1/api-tokens`); the token itself is never returned. */
export interface OktaApiToken {
  id: string;
  name: string;
  userId: string;
  clientName: string | null;
  created: string;
  lastUpdated: string | null;
  expiresAt: string;
  /** ISO-8601 duration after the last use at which Okta revokes the token (`P30D` by default). */
  tokenWindow: string;
  /** `tokenWindow` in days. */
  tokenWindowDays: number;
  /**
   * Okta has no last-used field: every use moves `expiresAt` to (use + tokenWindow), so the last use is
   * `expiresAt − tokenWindow`. Derived here, said so in every finding.
   */
  lastUsedDerived: string;
  network: { connection: string; include: string[]; exclude: string[] };
}

/** `okta.app.admin-console`: the Okta Admin Console app (`saasure`) and the authentication policy it uses. */
export interface OktaAdminConsoleApp {
  id: string;
  name: string;
  label: string | null;
  status: string;
  /** Id of the ACCESS_POLICY from the app's `_links.accessPolicy` (null: no policy linked, e.g. Classic Engine). */
  accessPolicyId: string | null;
}
