import type { EvidenceView, StoredRecord } from '../../../../src/types.js';

export type System = 'okta' | 'github' | 'aws' | 'identity-center';

/** One account in one system, normalised for cross-system checks. */
export interface Account {
  system: System;
  scope: string;
  /** Okta login, GitHub login, AWS IAM user ARN, Identity Center user name (lower case). */
  key: string;
  /** Okta login / GitHub login / IAM user name: what a person recognises. */
  name: string;
  /** Findings' resource: `okta:<login>`, `github:<org>/@<login>`, the IAM user ARN, `identity-center:<store>/<user name>`. */
  resource: string;
  /** Can the account still be used (sign in, or hold an active credential)? */
  active: boolean;
  email?: string;
  role: string;
  lastActivity?: string | null;
  /** true/false when the evidence says; undefined when it was not read. */
  mfa?: boolean;
  /** When the account was created, where the evidence says (null: the answer did not say). */
  created?: string | null;
  /** Identity Center user id (assignments and group memberships name users by it). */
  userId?: string;
  ref: string;
}

/** Okta statuses whose accounts can still sign in. */
const OKTA_SIGN_IN = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'];
/** Why: SMS and voice are factors Okta accepts; per-person MFA asks "has a second factor at all". */
const OKTA_FACTOR_ACTIVE = 'ACTIVE';

export interface AccountTypes {
  okta?: boolean;
  oktaFactors?: boolean;
  github?: boolean;
  githubCollaborators?: boolean;
  github2fa?: boolean;
  aws?: boolean;
  /** IAM Identity Center users (`aws.identitycenter.user`). */
  identityCenter?: boolean;
}

/** Reads accounts from exactly the evidence types asked for (so a check's `requires` stays honest). */
export function accountsOf(view: Pick<EvidenceView, 'records'>, want: AccountTypes): Account[] {
  const out: Account[] = [];
  if (want.okta) {
    const factors = new Map<string, boolean>();
    if (want.oktaFactors) {
      for (const r of view.records('okta.user.factors')) {
        factors.set(
          r.data.login.toLowerCase(),
          r.data.factors.some((f) => f.status === OKTA_FACTOR_ACTIVE),
        );
      }
    }
    for (const r of view.records('okta.user')) {
      const login = r.data.login;
      out.push({
        system: 'okta',
        scope: r.scope,
        key: login.toLowerCase(),
        name: login,
        resource: `okta:${login}`,
        active: OKTA_SIGN_IN.includes(r.data.status),
        email: r.data.email ?? undefined,
        role: `status ${r.data.status}`,
        lastActivity: r.data.lastLogin,
        mfa: want.oktaFactors ? (factors.get(login.toLowerCase()) ?? false) : undefined,
        ref: r.ref,
        created: r.data.created ?? null,
      });
    }
  }
  if (want.github) {
    const no2fa = new Set<string>();
    if (want.github2fa) for (const r of view.records('github.org.member-without-2fa')) no2fa.add(`${r.scope}/${r.data.login.toLowerCase()}`);
    for (const r of view.records('github.org.member'))
      out.push(github(r, r.data.role === 'admin' ? 'owner' : 'member', want.github2fa ? !no2fa.has(`${r.scope}/${r.data.login.toLowerCase()}`) : undefined));
  }
  if (want.githubCollaborators) {
    for (const r of view.records('github.org.outside-collaborator')) out.push(github(r, 'outside collaborator', undefined));
  }
  if (want.aws) {
    for (const r of view.records('aws.iam.credential-report')) {
      for (const row of r.data.rows) {
        if (row.root) continue;
        const console = row.passwordEnabled === true;
        const keys = row.accessKeys.filter((k) => k.active).map((k) => k.slot);
        const used = [row.passwordLastUsed, ...row.accessKeys.map((k) => k.lastUsed)].filter((v): v is string => v !== null).sort();
        out.push({
          system: 'aws',
          scope: r.scope,
          key: row.arn,
          name: row.user,
          resource: row.arn,
          active: console || keys.length > 0,
          role: [console ? 'console' : '', ...keys.map((k) => `access key ${k}`)].filter(Boolean).join(' + ') || 'no credentials',
          lastActivity: used[used.length - 1] ?? null,
          // Why: MFA protects console sign-in; a keys-only (programmatic) user has nothing for MFA to guard here.
          mfa: console ? row.mfaActive : undefined,
          ref: r.ref,
          created: row.userCreationTime,
        });
      }
    }
  }
  if (want.identityCenter) {
    for (const r of view.records('aws.identitycenter.user')) {
      const u = r.data;
      out.push({
        system: 'identity-center',
        scope: r.scope,
        key: u.userName.toLowerCase(),
        name: u.userName,
        resource: `identity-center:${u.identityStoreId}/${u.userName}`,
        // Why ENABLED only: a DISABLED user cannot sign in to the access portal, whatever it is assigned.
        active: u.status === 'ENABLED',
        email: u.email,
        role: `status ${u.status}`,
        lastActivity: null,
        // Why undefined: Identity Center's public APIs do not say whether a user registered an MFA device.
        mfa: undefined,
        ref: r.ref,
        created: u.createdAt,
        userId: u.userId,
      });
    }
  }
  return out;
}

function github(r: StoredRecord<{ login: string; email?: string | null }>, role: string, mfa: boolean | undefined): Account {
  const login = r.data.login;
  return {
    system: 'github',
    scope: r.scope,
    key: login.toLowerCase(),
    name: login,
    resource: `github:${r.scope}/@${login}`,
    active: true,
    email: r.data.email ?? undefined,
    role,
    lastActivity: null,
    mfa,
    ref: r.ref,
  };
}
