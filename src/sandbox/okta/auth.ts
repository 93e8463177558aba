import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { SandboxResponse } from '../server.js';
import type { OktaIndex } from './data.js';
import { oauthFail, ok, type Answer } from './http.js';

/** Who is calling: an SSWS token may read everything; an OAuth access token only its scopes. */
export interface Caller {
  scheme: 'SSWS' | 'bearer' | 'none';
  scopes: Set<string> | 'all';
}

/** Access tokens issued by this sandbox, with their granted scopes. */
export class TokenStore {
  private readonly tokens = new Map<string, Set<string>>();

  authenticate(header: string | undefined, idx: OktaIndex): Caller | undefined {
    if (!header) return undefined;
    const [scheme, value] = header.split(/\s+/, 2);
    if (scheme === 'SSWS' && value && idx.tokens.has(value)) return { scheme: 'SSWS', scopes: 'all' };
    if (scheme?.toLowerCase() === 'bearer' && value) {
      const scopes = this.tokens.get(value);
      if (scopes) return { scheme: 'bearer', scopes };
    }
    return undefined;
  }

  /**
   * `POST /oauth2/v1/token` with `grant_type=client_credentials` and a private-key JWT client assertion
   * (RFC 7523): iss = sub = client id, aud = this token URL, signed RS256 with the app's key.
   */
  token(a: Answer, idx: OktaIndex): SandboxResponse {
    const form = new URLSearchParams(a.req.body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials')
      return oauthFail(a, 400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return oauthFail(a, 401, 'invalid_client', 'client_assertion_type is missing or invalid.');
    const jwt = form.get('client_assertion') ?? '';
    const parts = jwt.split('.');
    let claims: Record<string, unknown>;
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return oauthFail(a, 401, 'invalid_client', 'The client_assertion token is malformed.');
    }
    const client = idx.clients.get(String(claims.iss));
    if (!client || claims.sub !== claims.iss) return oauthFail(a, 401, 'invalid_client', 'The client_assertion token has an invalid issuer or subject.');
    if (claims.aud !== `${a.req.origin}/oauth2/v1/token`)
      return oauthFail(a, 401, 'invalid_client', 'The audience claim for client_assertion must be the endpoint invoked for the request.');
    // The SDK signs with the real clock, so expiry is checked against it (not the sandbox clock).
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return oauthFail(a, 401, 'invalid_client', 'The client_assertion token is expired.');
    if (client.publicKey) {
      const okSig =
        header.alg === 'RS256' &&
        parts.length === 3 &&
        verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(client.publicKey), Buffer.from(parts[2]!, 'base64url'));
      if (!okSig) return oauthFail(a, 401, 'invalid_client', 'The client_assertion signature is invalid.');
    }
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const missing = asked.filter((s) => !client.scopes.includes(s));
    // Okta rejects the whole request when one scope was not granted to the app.
    if (missing.length) return oauthFail(a, 400, 'invalid_scope', `The following scopes are not allowed: ${missing.join(', ')}`);
    if (!asked.length) return oauthFail(a, 400, 'invalid_scope', 'The authorization server resource does not have any configured default scopes.');
    const access = `eyJ${randomBytes(24).toString('base64url')}.sandbox`;
    this.tokens.set(access, new Set(asked));
    return ok(a, { token_type: 'Bearer', expires_in: 3600, access_token: access, scope: asked.join(' ') }, { 'cache-control': 'no-store', pragma: 'no-cache' });
  }
}

/** `okta.x.read` is satisfied by `okta.x.read` or `okta.x.manage`. */
export function hasScope(caller: Caller, scope: string): boolean {
  if (caller.scopes === 'all') return true;
  return caller.scopes.has(scope) || caller.scopes.has(scope.replace(/\.read$/, '.manage'));
}
