/**
 * The Okta scenario format (`fixtures/<scenario>/okta.yaml`) and its one-time indexing.
 *
 * ```yaml
 * tokens: [00SANDBOX…]              # SSWS API tokens accepted (read access to everything)
 * oauthClients:                     # service apps for private-key JWT auth (POST /oauth2/v1/token)
 *   - clientId: 0oa1sandbox
 *     publicKey: "-----BEGIN PUBLIC KEY-----…"   # optional: verify the client assertion's RS256 signature
 *     scopes: [okta.users.read, okta.logs.read]  # granted scopes; a token request asking for more is invalid_scope
 * options:
 *   emptyPages: false               # serve an empty page (with a next link) before every later page
 *   rateLimits: { "/api/v1/users": { limit: 600, windowSeconds: 60 } }   # per endpoint bucket
 *   defaultRateLimit: 10000         # every other bucket, per 60 s window
 * groups: [{ id: 00g1, name: Engineering, description: … }]   # `Everyone` (BUILT_IN) is always added
 * users:
 *   - login: jane@acme.example      # id defaults to 00u<index>; firstName/lastName/email optional
 *     status: ACTIVE                # STAGED|PROVISIONED|ACTIVE|RECOVERY|PASSWORD_EXPIRED|LOCKED_OUT|SUSPENDED|DEPROVISIONED
 *     created: -400d                # ISO-8601 or relative to the sandbox clock: -120d, -3h, -15m
 *     lastLogin: -2d                # null = never signed in
 *     factors: [push, token:software:totp, sms, { type: webauthn, status: ACTIVE }]
 *     roles: [SUPER_ADMIN]          # admin role types assigned to the user
 *     groups: [Engineering]         # group names
 * policies:                         # API shape (Policy + rules); group ids may be written as group names
 *   - { type: PASSWORD, name: Default Policy, settings: {…}, rules: [{ name: …, actions: {…} }] }
 * apps:                             # app integrations; users assigned directly or through groups
 *   - { name: zendesk, label: Zendesk Support, signOnMode: SAML_2_0, url: https://acme.zendesk.com, users: [jane@acme.example], groups: [Engineering], status: ACTIVE }
 * logs:                             # System Log events; actor/target may be logins
 *   - { published: -10d, eventType: user.lifecycle.deactivate, actor: admin@acme.example, target: jane@acme.example }
 * ```
 */
import type { OktaFactor, OktaGroup, OktaLogEvent, OktaPolicy, OktaRule, OktaUser } from './models.js';
import type { SecurityIndex, SecurityScenario } from './security.js';

export interface OktaOAuthClient {
  clientId: string;
  publicKey?: string;
  scopes: string[];
}

export interface OktaRateLimit {
  limit: number;
  windowSeconds?: number;
}

export interface OktaOptions {
  emptyPages?: boolean;
  rateLimits?: Record<string, OktaRateLimit>;
  defaultRateLimit?: number;
}

export type FactorSpec = string | { type: string; provider?: string; status?: string };

export interface OktaUserSpec {
  id?: string;
  login: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  status?: string;
  created?: string;
  activated?: string | null;
  statusChanged?: string | null;
  lastLogin?: string | null;
  passwordChanged?: string | null;
  factors?: FactorSpec[];
  roles?: string[];
  groups?: string[];
}

export interface OktaGroupSpec {
  id?: string;
  name: string;
  description?: string;
  type?: string;
}

export interface OktaPolicySpec extends Record<string, unknown> {
  type: string;
  name: string;
  rules?: Array<Record<string, unknown>>;
}

export interface OktaLogSpec extends Record<string, unknown> {
  published: string;
  eventType: string;
  actor?: string | Record<string, unknown>;
  target?: string | string[] | Array<Record<string, unknown>>;
}

/** Log streams, event hooks, API tokens and apps: see security.ts. */
export interface OktaScenario extends SecurityScenario {
  tokens?: string[];
  oauthClients?: OktaOAuthClient[];
  options?: OktaOptions;
  users?: OktaUserSpec[];
  groups?: OktaGroupSpec[];
  policies?: OktaPolicySpec[];
  logs?: OktaLogSpec[];
}

/** The scenario with every answer precomputed: handlers only slice these arrays (O(page) per request). */
export interface OktaIndex {
  tokens: Set<string>;
  clients: Map<string, OktaOAuthClient>;
  options: OktaOptions;
  users: OktaUser[];
  userPos: Map<string, number>;
  byStatus: Map<string, OktaUser[]>;
  /** The default listing: every user except DEPROVISIONED. */
  listed: OktaUser[];
  factors: Map<string, OktaFactor[]>;
  roles: Map<string, Array<Record<string, unknown>>>;
  admins: OktaUser[];
  groups: OktaGroup[];
  members: Map<string, OktaUser[]>;
  policies: OktaPolicy[];
  rules: Map<string, OktaRule[]>;
  /** Sorted by `published` ascending. */
  logs: OktaLogEvent[];
  logPos: Map<string, number>;
  /** Log streams, event hooks, API token metadata, apps. */
  security: SecurityIndex;
}

/** Resolves `-120d` / `-3h` / `-15m` against `now`; ISO strings pass through; null stays null. */
export function when(value: string | null | undefined, now: Date): string | null | undefined {
  if (value === null || value === undefined) return value;
  const m = /^-(\d+(?:\.\d+)?)([dhm])$/.exec(String(value));
  if (!m) return new Date(value).toISOString();
  const unit = m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000;
  return new Date(now.getTime() - Number(m[1]) * unit).toISOString();
}
