/**
 * Okta API models as the public API returns them (developer.okta.com Management API; the field names
 * match @okta/okta-sdk-nodejs v8 `attributeTypeMap`s, whose deserializer drops unknown fields).
 * Links carry the `__ORIGIN__` placeholder, replaced with the request's origin when a page is sent.
 */
import type { FactorSpec, OktaGroupSpec, OktaUserSpec } from './data.js';
import type { OktaAppSpec } from './security.js';
import { when } from './data.js';

export const ORIGIN = '__ORIGIN__';

export type OktaUser = Record<string, any> & { id: string; status: string; profile: { login: string } & Record<string, any> };
export type OktaFactor = Record<string, unknown>;
export type OktaGroup = Record<string, any> & { id: string; profile: { name: string } & Record<string, any> };
export type OktaPolicy = Record<string, any> & { id: string; type: string };
export type OktaRule = Record<string, unknown>;
export type OktaApp = Record<string, any> & { id: string; name: string; status: string };
export type OktaLogEvent = Record<string, any> & { uuid: string; published: string; eventType: string };

const PROVIDERS: Record<string, string> = {
  webauthn: 'FIDO',
  u2f: 'FIDO',
  'token:hardware': 'YUBICO',
  'token:software:totp': 'GOOGLE',
  'token:hotp': 'CUSTOM',
  token: 'RSA',
};

export const ROLE_LABELS: Record<string, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organization Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  REPORT_ADMIN: 'Report Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
  MOBILE_ADMIN: 'Mobile Administrator',
};

export function userModel(spec: OktaUserSpec, id: string, now: Date): OktaUser {
  const status = spec.status ?? 'ACTIVE';
  const created = when(spec.created ?? '-365d', now)!;
  const [first, last] = spec.login.split('@')[0]!.split('.');
  const activated = spec.activated === undefined ? (status === 'STAGED' ? null : created) : when(spec.activated, now);
  return {
    id,
    status,
    created,
    activated,
    statusChanged: spec.statusChanged === undefined ? activated : when(spec.statusChanged, now),
    lastLogin: spec.lastLogin === undefined ? null : when(spec.lastLogin, now),
    lastUpdated: created,
    passwordChanged: spec.passwordChanged === undefined ? activated : when(spec.passwordChanged, now),
    type: { id: 'oty1sandboxdefault' },
    profile: {
      firstName: spec.firstName ?? cap(first ?? 'user'),
      lastName: spec.lastName ?? cap(last ?? id),
      mobilePhone: null,
      secondEmail: null,
      login: spec.login,
      email: spec.email ?? spec.login,
    },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${ORIGIN}/api/v1/users/${id}` } },
  };
}

export function factorModel(userId: string, spec: FactorSpec, n: number, created: string): OktaFactor {
  const s = typeof spec === 'string' ? { type: spec } : spec;
  const provider = s.provider ?? PROVIDERS[s.type] ?? 'OKTA';
  const id = `${s.type.replace(/[^a-z]/g, '').slice(0, 3)}${userId.slice(3)}f${n}`;
  const profile: Record<string, unknown> =
    s.type === 'sms' || s.type === 'call' ? { phoneNumber: '+1-555-0100' } : s.type === 'email' ? { email: 'masked@example.com' } : {};
  return {
    id,
    factorType: s.type,
    provider,
    vendorName: provider,
    status: s.status ?? 'ACTIVE',
    created,
    lastUpdated: created,
    profile,
    _links: { self: { href: `${ORIGIN}/api/v1/users/${userId}/factors/${id}` }, user: { href: `${ORIGIN}/api/v1/users/${userId}` } },
  };
}

export function roleModel(userId: string, type: string, n: number, created: string): Record<string, unknown> {
  const id = `ra1${userId.slice(3)}r${n}`;
  return {
    id,
    label: ROLE_LABELS[type] ?? type,
    type,
    status: 'ACTIVE',
    created,
    lastUpdated: created,
    assignmentType: 'USER',
    _links: { assignee: { href: `${ORIGIN}/api/v1/users/${userId}` } },
  };
}

export function groupModel(spec: OktaGroupSpec, id: string, created: string): OktaGroup {
  return {
    id,
    created,
    lastUpdated: created,
    lastMembershipUpdated: created,
    objectClass: ['okta:user_group'],
    type: spec.type ?? 'OKTA_GROUP',
    profile: { name: spec.name, description: spec.description ?? null },
    _links: { users: { href: `${ORIGIN}/api/v1/groups/${id}/users` } },
  };
}

/**
 * An app (Application): BOOKMARK keeps its URL in settings.app.url, SAML 2.0 in the ACS URL, OIDC (the first-party
 * apps) an oauthClient; `accessPolicy` is the id of the authentication policy in `_links.accessPolicy`.
 */
export function appModel(spec: OktaAppSpec, id: string, created: string, accessPolicy?: string): OktaApp {
  const signOnMode = spec.signOnMode ?? 'SAML_2_0';
  const url = spec.url ?? `https://${spec.name}.example.com`;
  const settings =
    signOnMode === 'BOOKMARK'
      ? { app: { url, requestIntegration: false } }
      : signOnMode === 'OPENID_CONNECT'
        ? { app: {}, oauthClient: { application_type: 'web' } }
        : { app: {}, signOn: { ssoAcsUrl: `${url.replace(/\/$/, '')}/saml/acs`, audience: url, recipient: url, destination: url } };
  return {
    id,
    name: spec.name,
    label: spec.label ?? spec.name,
    status: spec.status ?? 'ACTIVE',
    created,
    lastUpdated: created,
    signOnMode,
    accessibility: { selfService: false },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
    settings,
    features: [],
    _links: {
      self: { href: `${ORIGIN}/api/v1/apps/${id}` },
      ...(accessPolicy ? { accessPolicy: { href: `${ORIGIN}/api/v1/policies/${accessPolicy}` } } : {}),
      users: { href: `${ORIGIN}/api/v1/apps/${id}/users` },
      groups: { href: `${ORIGIN}/api/v1/apps/${id}/groups` },
    },
  };
}

/** An app assignment (AppUser): `scope` USER for a direct assignment, GROUP through a group. */
export function appUserModel(u: OktaUser, scope: 'USER' | 'GROUP', appId: string): Record<string, unknown> & { id: string } {
  return {
    id: u.id,
    scope,
    status: 'ACTIVE',
    created: u.created,
    lastUpdated: u.created,
    credentials: { userName: u.profile.login },
    profile: {},
    _links: { app: { href: `${ORIGIN}/api/v1/apps/${appId}` }, user: { href: `${ORIGIN}/api/v1/users/${u.id}` } },
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
