import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAws } from '../collectors/aws/probe.js';
import { Octokit } from '@octokit/rest';
import { causeOf as githubCause, messageOf as githubMessage } from '../collectors/github/errors.js';
import { probeGithub } from '../collectors/github/probe.js';
import { probeOkta } from '../collectors/okta/probe.js';
import { loadScenario, startSandbox, type Sandbox } from './sandbox/index.js';
import { DEMO_ENV } from './sandbox/demo.js';
import { cannotAuthenticate, unreachableCode, type ProbeOptions } from './probe.js';

const AWS_TYPES = ['aws.iam.credential-report', 'aws.iam.authorization-details', 'aws.iam.password-policy', 'aws.cloudtrail.trail', 'aws.cloudtrail.event'];
const GH_TYPES = ['github.org.settings', 'github.org.member', 'github.org.member-without-2fa', 'github.repo', 'github.repo.branch-protection'];
const OKTA_TYPES = ['okta.user', 'okta.group', 'okta.policy.sign-on', 'okta.admin-role', 'okta.log.user-lifecycle'];

function opts<C>(config: C, types: string[], authOnly = false): ProbeOptions<C> {
  return { config, needed: new Set(types), authOnly, timeoutMs: 3_000, signal: new AbortController().signal, sandbox: true };
}

/** Runs `fn` with the AWS default chain seeing only `env` (and no shared config files). */
async function withAwsEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const keys = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_EC2_METADATA_DISABLED',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
  ];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
  Object.assign(
    process.env,
    { AWS_CONFIG_FILE: '/nonexistent/soc2-test-config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/soc2-test-credentials', AWS_EC2_METADATA_DISABLED: 'true' },
    env,
  );
  try {
    return await fn();
  } finally {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

const AWS_KEYS = { AWS_ACCESS_KEY_ID: DEMO_ENV.AWS_ACCESS_KEY_ID!, AWS_SECRET_ACCESS_KEY: DEMO_ENV.AWS_SECRET_ACCESS_KEY! };

describe('source probes (soc2 doctor, collect pre-flight) against the sandbox', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    const scenario = loadScenario('demo-org');
    scenario.faults = [{ provider: 'aws', operation: 'cloudtrail:LookupEvents', kind: 'deny' }];
    sb = await startSandbox(scenario);
  });
  afterAll(async () => {
    await sb.close();
  });

  it('AWS: authenticates, assumes the audit role of a member and names the one denied permission with its fix', async () => {
    const r = await withAwsEnv(AWS_KEYS, () =>
      probeAws(opts({ regions: ['us-east-1'], organization: { roleName: 'soc2-audit' }, endpoint: sb.urls.aws }, AWS_TYPES)),
    );
    expect(r.identity).toMatch(/^arn:aws:/);
    expect(r.passed).toEqual(
      expect.arrayContaining([
        'sts:GetCallerIdentity',
        'organizations:ListAccounts',
        'sts:AssumeRole',
        'iam:GetAccountAuthorizationDetails',
        'iam:GetAccountPasswordPolicy',
        'cloudtrail:DescribeTrails',
      ]),
    );
    expect(r.problems).toEqual([
      expect.objectContaining({ kind: 'denied', check: 'cloudtrail:LookupEvents', fix: expect.stringContaining('soc2 permissions') }),
    ]);
    expect(cannotAuthenticate(r)).toBe(false);
  });

  it('AWS: no credentials at all is an authentication problem that says how to provide them', async () => {
    const r = await withAwsEnv({}, () => probeAws(opts({ regions: ['us-east-1'], endpoint: sb.urls.aws }, AWS_TYPES)));
    expect(cannotAuthenticate(r)).toBe(true);
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: 'auth',
        check: 'sts:GetCallerIdentity',
        message: expect.stringContaining('CredentialsProviderError'),
        fix: expect.stringContaining('AWS_PROFILE'),
      }),
    ]);
  });

  it('GitHub: an owner token passes; a member token is told which owner-only data it cannot see; a bad token is 401', async () => {
    const base = { org: 'acme-widgets', baseUrl: sb.urls.github };
    const owner = await probeGithub(opts({ ...base, token: 'ghp_SANDBOXSECRETgithubdemo0000000000000000' }, GH_TYPES));
    expect(owner.problems).toEqual([]);
    expect(owner.passed).toContain('GET /orgs/{org}/members?filter=2fa_disabled');
    const member = await probeGithub(opts({ ...base, token: 'ghp_SANDBOXSECRETgithubmember000000000000000' }, GH_TYPES));
    expect(cannotAuthenticate(member)).toBe(false);
    expect(member.problems.map((p) => [p.kind, p.check])).toEqual(
      expect.arrayContaining([
        ['limited', 'GET /orgs/{org}'],
        ['denied', 'GET /orgs/{org}/members?filter=2fa_disabled'],
      ]),
    );
    const bad = await probeGithub(opts({ ...base, token: 'ghp_wrongwrongwrongwrongwrongwrongwrong00' }, GH_TYPES));
    expect(bad.problems).toEqual([expect.objectContaining({ kind: 'auth', message: expect.stringContaining('HTTP 401') })]);
    expect(JSON.stringify(bad)).not.toContain('ghp_wrong');
  });

  it('Okta: an API token passes every read; a wrong one is an authentication problem', async () => {
    const good = await probeOkta(opts({ orgUrl: sb.urls.okta!, token: DEMO_ENV.SOC2_SANDBOX_OKTA_TOKEN! }, OKTA_TYPES));
    expect(good.problems).toEqual([]);
    expect(good.passed).toEqual(['GET /api/v1/users', 'GET /api/v1/groups', 'GET /api/v1/policies', 'GET /api/v1/iam/assignees/users', 'GET /api/v1/logs']);
    const bad = await probeOkta(opts({ orgUrl: sb.urls.okta!, token: '00wrongwrongwrongwrongwrongwrongwrongwrong' }, OKTA_TYPES));
    expect(bad.problems).toEqual([expect.objectContaining({ kind: 'auth', message: expect.stringContaining('401') })]);
  });

  it('an unreachable host is "cannot reach HOST" within seconds, for every provider', async () => {
    const port = await closedPort();
    const dead = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    const [aws, gh, okta] = await Promise.all([
      withAwsEnv(AWS_KEYS, () => probeAws(opts({ regions: ['us-east-1'], endpoint: dead }, AWS_TYPES, true))),
      probeGithub(opts({ org: 'acme-widgets', baseUrl: dead, token: 'ghp_SANDBOXSECRETgithubdemo0000000000000000' }, GH_TYPES, true)),
      probeOkta(opts({ orgUrl: dead, token: DEMO_ENV.SOC2_SANDBOX_OKTA_TOKEN! }, OKTA_TYPES, true)),
    ]);
    for (const r of [aws, gh, okta]) {
      expect(r.problems, r.source).toEqual([expect.objectContaining({ kind: 'unreachable', message: `cannot reach 127.0.0.1:${port} (ECONNREFUSED)` })]);
    }
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

describe('GitHub collection errors for an unreachable host', () => {
  it('are network errors that say "cannot reach HOST", not HTTP 500', async () => {
    const port = await closedPort();
    const err = await new Octokit({ baseUrl: `http://127.0.0.1:${port}` }).request('GET /orgs/{org}', { org: 'acme' }).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(500);
    expect(githubCause(err)).toBe('network');
    expect(githubMessage(err)).toBe(`cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
  });
});

describe('unreachableCode', () => {
  it('finds the network code through wrapped causes and messages, and nothing in an HTTP error', () => {
    const fetchFailed = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND' }),
    });
    expect(unreachableCode(fetchFailed)).toBe('ENOTFOUND');
    expect(unreachableCode({ status: 500, message: 'connect ECONNREFUSED 127.0.0.1:443' })).toBe('ECONNREFUSED');
    expect(unreachableCode({ name: 'TimeoutError', message: 'Socket timed out without establishing a connection within 10000 ms' })).toBe('ETIMEDOUT');
    expect(unreachableCode({ status: 500, message: 'Internal Server Error' })).toBeUndefined();
  });
});

/** A port on 127.0.0.1 nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
