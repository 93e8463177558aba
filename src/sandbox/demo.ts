import type { LoadedConfig } from '../config/config.js';
import type { Sandbox } from './index.js';

/**
 * Credentials the demo organisation's sandbox accepts. They are set in this process's environment
 * only, so the demo config resolves `${SOC2_SANDBOX_*}` and the AWS default chain finds static keys:
 * the real credential code paths run, against 127.0.0.1.
 */
export const DEMO_ENV: Record<string, string> = {
  SOC2_SANDBOX_GITHUB_TOKEN: 'ghp_SANDBOXSECRETgithubdemo0000000000000000',
  SOC2_SANDBOX_OKTA_TOKEN: '00SANDBOXSECREToktademo000000000000000000',
  AWS_ACCESS_KEY_ID: 'AKIASANDBOXDEMO00001',
  AWS_SECRET_ACCESS_KEY: 'SANDBOXSECRETawsdemoSecretAccessKey000000',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

export function applyDemoEnv(env: NodeJS.ProcessEnv = process.env): void {
  // A user's own profile or session must not mix into the demo's credentials.
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_CLOUDTRAIL', 'AWS_ENDPOINT_URL_ORGANIZATIONS']) delete env[k];
  Object.assign(env, DEMO_ENV);
}

/** Points each configured source at the sandbox's server for it; returns the effective endpoints. */
export function pointAtSandbox(loaded: LoadedConfig, sandbox: Sandbox): Record<string, string> {
  const s = loaded.config.sources;
  const endpoints: Record<string, string> = {};
  if (s.aws && sandbox.urls.aws) endpoints.aws = s.aws.endpoint = sandbox.urls.aws;
  if (s.github && sandbox.urls.github) endpoints.github = s.github.baseUrl = sandbox.urls.github;
  if (s.okta && sandbox.urls.okta) endpoints.okta = s.okta.orgUrl = sandbox.urls.okta;
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
