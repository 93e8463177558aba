import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { SandboxResponse } from '../server.js';
import type { GhTokenSpec } from './data.js';
import { error, json, type GhCall } from './http.js';

/** An installation of a GitHub App on the scenario's organisation, and whom its tokens act as. */
export interface GhInstallationSpec {
  id: number;
  /** The identity requests made with the installation token are authorised as, e.g. `soc2-evidence[bot]`. */
  token_login: string;
  /** `owner` = the App was granted the organisation- and repository-level read permissions owners have. */
  role: 'owner' | 'member';
  /** The `permissions` object the token answer reports (default: the collector's read set for `owner`). */
  permissions?: Record<string, string>;
}

/** A GitHub App registration: its id (and optional client id, both accepted as the JWT `iss`) and public key. */
export interface GhAppSpec {
  id: number;
  client_id?: string;
  /** SPKI or PKCS#1 PEM of the key pair whose private half the App signs JWTs with. */
  public_key_pem: string;
  installations: GhInstallationSpec[];
}

const DOCS = 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app';
/** GitHub's messages: @octokit/auth-app matches the two clock ones to correct time skew. */
const UNDECODABLE = 'A JSON web token could not be decoded';
const EXP_FAR = "'Expiration time' claim ('exp') is too far in the future";
const EXP_PAST = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
const IAT_BAD = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
const TOKEN_TTL_S = 3600;

const ownerPermissions: Record<string, string> = {
  members: 'read',
  organization_administration: 'read',
  administration: 'read',
  metadata: 'read',
  pull_requests: 'read',
  contents: 'read',
  secret_scanning_alerts: 'read',
  vulnerability_alerts: 'read',
};

interface Minted {
  viewer: GhTokenSpec;
  expires: number;
}

/**
 * GitHub App authentication: verifies App JWTs (RS256, `iss`, `iat`/`exp` at most 10 minutes apart) and mints
 * `ghs_` installation tokens that expire after an hour, as `POST /app/installations/{id}/access_tokens` does.
 */
export class AppAuth {
  private readonly apps = new Map<string, { app: GhAppSpec; key: KeyObject }>();
  private readonly minted = new Map<string, Minted>();

  constructor(
    apps: GhAppSpec[] = [],
    private readonly now: () => Date,
  ) {
    for (const app of apps) {
      const entry = { app, key: createPublicKey(app.public_key_pem) };
      this.apps.set(String(app.id), entry);
      if (app.client_id) this.apps.set(app.client_id, entry);
    }
  }

  /** The identity of a live installation token, if `token` is one. */
  viewer(token: string): GhTokenSpec | undefined {
    const m = this.minted.get(token);
    if (!m) return undefined;
    if (m.expires <= this.now().getTime() / 1000) {
      this.minted.delete(token);
      return undefined;
    }
    return m.viewer;
  }

  /** `POST /app/installations/{installation_id}/access_tokens` with `Authorization: Bearer <JWT>`. */
  createToken(call: GhCall, scheme: string, jwt: string | undefined): SandboxResponse {
    if (scheme !== 'bearer' || !jwt) return error(call, 401, UNDECODABLE, DOCS);
    const checked = this.check(jwt);
    if (typeof checked === 'string') return error(call, 401, checked, DOCS);
    const installation = checked.installations.find((i) => String(i.id) === call.params.installation_id);
    if (!installation) return error(call, 404, 'Not Found', DOCS);
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expires = Math.floor(this.now().getTime() / 1000) + TOKEN_TTL_S;
    this.minted.set(token, { viewer: { token, login: installation.token_login, role: installation.role }, expires });
    const permissions =
      installation.permissions ?? (installation.role === 'owner' ? ownerPermissions : { metadata: 'read', pull_requests: 'read', contents: 'read' });
    return json(call, 201, { token, expires_at: new Date(expires * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), permissions, repository_selection: 'all' });
  }

  /** The App a JWT proves, or GitHub's 401 message. */
  private check(jwt: string): GhAppSpec | string {
    const parts = jwt.split('.');
    if (parts.length !== 3) return UNDECODABLE;
    let header: { alg?: string };
    let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      return UNDECODABLE;
    }
    // Why: the issuer may be the numeric App id, the same id as a string, or the App's client id.
    const entry = header.alg === 'RS256' && (typeof claims.iss === 'string' || typeof claims.iss === 'number') ? this.apps.get(String(claims.iss)) : undefined;
    if (!entry) return UNDECODABLE;
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), entry.key, Buffer.from(parts[2]!, 'base64url'))) return UNDECODABLE;
    const now = Math.floor(this.now().getTime() / 1000);
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > now) return IAT_BAD;
    if (typeof exp !== 'number' || exp <= now) return EXP_PAST;
    if (exp > now + 600 || exp - iat > 600) return EXP_FAR;
    return entry.app;
  }
}
