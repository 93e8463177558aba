import { createAppAuth } from '@octokit/auth-app';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { GithubConfig } from './types.js';

/** Octokit constructor options for the configured credentials: a token, or a GitHub App installation. */
export type GithubAuthOptions =
  { auth: string } | { authStrategy: typeof createAppAuth; auth: { appId: string | number; privateKey: string; installationId: string | number } };

export { resolveGithubPaths } from './paths.js';

/**
 * The credentials from `sources.github`: `token` (a PAT, `${GITHUB_TOKEN}`) or `app` (App id, private key file,
 * installation id). `@octokit/auth-app` signs the App JWT, exchanges it for an installation token at
 * `${baseUrl}/app/installations/{id}/access_tokens` and refreshes it before it expires; the token and the key stay
 * inside the client and never reach records, raw files, facts or logs.
 */
export function githubAuth(config: GithubConfig): GithubAuthOptions {
  if (config.token && config.app) throw new Error('sources.github: set either token or app, not both');
  if (config.token) return { auth: config.token };
  if (!config.app) throw new Error('sources.github: no credentials (set token: ${GITHUB_TOKEN}, or app: { appId, privateKeyFile, installationId })');
  const { appId, privateKeyFile, installationId } = config.app;
  // Why: setup resolves the path against the config file; a config built in code may still hand a relative one.
  const path = isAbsolute(privateKeyFile) ? privateKeyFile : resolve(privateKeyFile);
  let privateKey: string;
  try {
    privateKey = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`sources.github.app.privateKeyFile: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
  // Why: GitHub issues PKCS#1 PEM files ("BEGIN RSA PRIVATE KEY"); auth-app also takes PKCS#8. Never echo the content.
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey)) throw new Error(`sources.github.app.privateKeyFile: ${path} is not a PEM private key`);
  return { authStrategy: createAppAuth, auth: { appId, privateKey, installationId } };
}
