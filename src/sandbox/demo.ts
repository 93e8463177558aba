import type { LoadedConfig } from '../config/config.js';
import type { Sandbox } from './index.js';
// Why these two modules, not the providers' index: the CLI imports this file for every command, and the sandbox's
// servers (GraphQL's schema and executor among them) load only when a sandbox starts.
import { SANDBOX_BASE_CREDENTIALS } from './aws/model.js';
import { DEMO_GITHUB_TOKEN } from './github/token.js';

/**
 * Credentials the demo organisation's sandbox accepts. They are set in this process's environment
 * only, so the demo config resolves `${SOC2_SANDBOX_*}` and the AWS default chain finds static keys:
 * the real credential code paths run, against 127.0.0.1.
 */
export const DEMO_ENV: Record<string, string> = {
  SOC2_SANDBOX_GITHUB_TOKEN: DEMO_GITHUB_TOKEN,
  SOC2_SANDBOX_OKTA_TOKEN: '00SANDBOXSECREToktademo000000000000000000',
  AWS_ACCESS_KEY_ID: SANDBOX_BASE_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SANDBOX_BASE_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

export function applyDemoEnv(env: NodeJS.ProcessEnv = process.env): void {
  // A user's own profile or session must not mix into the demo's credentials.
  for (const k of [
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_IAM',
    'AWS_ENDPOINT_URL_STS',
    'AWS_ENDPOINT_URL_CLOUDTRAIL',
    'AWS_ENDPOINT_URL_ORGANIZATIONS',
  ])
    delete env[k];
  Object.assign(env, DEMO_ENV);
}

/** Points each configured source at the sandbox's server for it; returns the effective endpoints. */
export function pointAtSandbox(loaded: LoadedConfig, sandbox: Sandbox, configKeys: Record<string, string> = {}): Record<string, string> {
  const keys: Record<string, string> = { aws: 'endpoint', github: 'baseUrl', okta: 'orgUrl', ...configKeys };
  const endpoints: Record<string, string> = {};
  for (const [source, url] of Object.entries(sandbox.urls)) {
    const section = loaded.config.sources[source];
    if (!section) continue;
    // Why: Okta's evidence scope is the org's host; keep the configured one, not the sandbox's port.
    if (source === 'okta' && typeof section.orgUrl === 'string') section.evidenceScope ??= new URL(section.orgUrl).host;
    endpoints[source] = section[keys[source] ?? 'endpoint'] = url;
  }
  return endpoints;
}

/** Endpoints a live run talks to, for run.json (the SDK defaults when not overridden). */
export function liveEndpoints(loaded: LoadedConfig): Record<string, string> {
  const s = loaded.config.sources;
  const out: Record<string, string> = {};
  if (s.aws) out.aws = String(s.aws.endpoint ?? process.env.AWS_ENDPOINT_URL ?? 'aws-sdk-default');
  if (s.github) out.github = String(s.github.baseUrl ?? 'https://api.github.com');
  if (s.okta) out.okta = String(s.okta.orgUrl);
  return out;
}
