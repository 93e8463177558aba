/**
 * `soc2 doctor` and collect's pre-flight for AWS: STS GetCallerIdentity with the base credentials, then (unless
 * only authentication is asked) account discovery, the audit role of one member account, and one smallest call per
 * service the enabled checks need, in that account. No retries, the probe's own timeout.
 */
import { CloudTrailClient, DescribeTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { probeContext, shortMessage, unreachableCode, unreachableProblem, type ProbeOptions, type ProbeProblem, type ProbeResult } from '../../src/probe.js';
import { clientConfig, type Credentials } from './clients.js';
import { regionsOf, type AwsConfig } from './config.js';
import { causeOf } from './errors.js';
import { EVENT } from './cloudtrail-events.js';
import { TRAIL } from './cloudtrail-trails.js';
import { ACCOUNT_SUMMARY, ADMIN_PRINCIPALS, PASSWORD_POLICY, VIRTUAL_MFA } from './iam-account.js';
import { AUTHORIZATION_DETAILS } from './iam-details.js';
import { CREDENTIAL_REPORT } from './iam-report.js';

const POLICY_FIX = 'allow it in the audit policy (`soc2 permissions` prints the least-privilege policy)';

/** One smallest call per evidence type; `ok` names errors that still prove the permission (a definite answer). */
const CALLS: Array<{ types: string[]; op: string; service: 'iam' | 'cloudtrail'; command: (region: string) => unknown; ok?: string[] }> = [
  { types: [CREDENTIAL_REPORT], op: 'iam:GenerateCredentialReport', service: 'iam', command: () => new GenerateCredentialReportCommand({}) },
  { types: [ACCOUNT_SUMMARY], op: 'iam:GetAccountSummary', service: 'iam', command: () => new GetAccountSummaryCommand({}) },
  {
    types: [PASSWORD_POLICY],
    op: 'iam:GetAccountPasswordPolicy',
    service: 'iam',
    command: () => new GetAccountPasswordPolicyCommand({}),
    ok: ['NoSuchEntity', 'NoSuchEntityException'],
  },
  {
    types: [AUTHORIZATION_DETAILS],
    op: 'iam:GetAccountAuthorizationDetails',
    service: 'iam',
    command: () => new GetAccountAuthorizationDetailsCommand({ MaxItems: 1 }),
  },
  { types: [VIRTUAL_MFA], op: 'iam:ListVirtualMFADevices', service: 'iam', command: () => new ListVirtualMFADevicesCommand({ MaxItems: 1 }) },
  {
    types: [ADMIN_PRINCIPALS],
    op: 'iam:ListEntitiesForPolicy',
    service: 'iam',
    command: () => new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', MaxItems: 1 }),
    ok: ['NoSuchEntity', 'NoSuchEntityException'],
  },
  { types: [TRAIL], op: 'cloudtrail:DescribeTrails', service: 'cloudtrail', command: () => new DescribeTrailsCommand({ includeShadowTrails: false }) },
  { types: [EVENT], op: 'cloudtrail:LookupEvents', service: 'cloudtrail', command: () => new LookupEventsCommand({ MaxResults: 1 }) },
];

interface Sdk {
  send(command: any, options?: any): Promise<any>;
  destroy(): void;
}

export async function probeAws(opts: ProbeOptions<AwsConfig>): Promise<ProbeResult> {
  // Why one attempt: a probe reports what is wrong at once; the collectors' retries are for transient faults.
  const ctx = probeContext(opts, { ...opts.config, maxAttempts: 1, retryBaseMs: undefined });
  const cfg = ctx.config;
  const region = regionsOf(cfg)[0]!;
  const host = (service: string) => (cfg.endpoint ? new URL(cfg.endpoint).host : `${service}.${region}.amazonaws.com`);
  const result: ProbeResult = { source: 'aws', passed: [], problems: [] };
  const call = async <O>(client: Sdk, command: unknown, op: string, service: string, okErrors: string[] = []): Promise<O | undefined> => {
    try {
      const out = (await client.send(command, { abortSignal: opts.signal })) as O;
      result.passed.push(op);
      return out;
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (okErrors.includes(name)) {
        result.passed.push(op);
        return {} as O;
      }
      result.problems.push(problemOf(err, op, host(service), cfg));
      return undefined;
    }
  };
  const sts = new STSClient(clientConfig(ctx, region));
  try {
    const me = await call<{ Arn?: string; Account?: string }>(sts, new GetCallerIdentityCommand({}), 'sts:GetCallerIdentity', 'sts');
    if (!me) return result;
    result.identity = me.Arn;
    if (opts.authOnly) return result;
    // The account the service calls are tried in: a configured account, else the first member of the organization.
    let target: { id: string; roleArn?: string } | undefined = cfg.accounts?.find((a) => a.roleArn) ?? cfg.accounts?.[0];
    if (cfg.organization) {
      const org = new OrganizationsClient(clientConfig(ctx, region));
      try {
        const list = await call<{ Accounts?: Array<{ Id?: string; Status?: string; State?: string }> }>(
          org,
          new ListAccountsCommand({ MaxResults: 20 }),
          'organizations:ListAccounts',
          'organizations',
        );
        const member = list?.Accounts?.find((a) => a.Id && a.Id !== me.Account && (a.State ?? a.Status) === 'ACTIVE');
        const partition = me.Arn?.split(':')[1] ?? 'aws';
        if (!target && member?.Id) target = { id: member.Id, roleArn: `arn:${partition}:iam::${member.Id}:role/${cfg.organization.roleName}` };
      } finally {
        org.destroy();
      }
    }
    let credentials: Credentials | undefined;
    if (target?.roleArn) {
      const out = await call<{ Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }>(
        sts,
        new AssumeRoleCommand({
          RoleArn: target.roleArn,
          RoleSessionName: `soc2-doctor-${Math.floor(Date.now() / 1000)}`,
          ExternalId: cfg.organization?.externalId,
          DurationSeconds: 900,
        }),
        'sts:AssumeRole',
        'sts',
      );
      if (!out?.Credentials) return result;
      credentials = {
        accessKeyId: out.Credentials.AccessKeyId!,
        secretAccessKey: out.Credentials.SecretAccessKey!,
        sessionToken: out.Credentials.SessionToken,
      };
    }
    const wanted = CALLS.filter((c) => c.types.some((t) => opts.needed.has(t)));
    const iam = new IAMClient(clientConfig(ctx, region, credentials));
    const ct = new CloudTrailClient(clientConfig(ctx, region, credentials));
    try {
      for (const c of wanted) await call(c.service === 'iam' ? iam : ct, c.command(region), c.op, c.service, c.ok);
    } finally {
      iam.destroy();
      ct.destroy();
    }
    return result;
  } finally {
    sts.destroy();
  }
}

function problemOf(err: unknown, op: string, host: string, cfg: AwsConfig): ProbeProblem {
  const code = unreachableCode(err);
  if (code)
    return unreachableProblem(
      'aws',
      op,
      host,
      code,
      cfg.endpoint ? 'check sources.aws.endpoint and the network path to it' : 'check the network, proxy (HTTPS_PROXY) and the region names',
    );
  const name = (err as { name?: string }).name ?? '';
  const cause = causeOf(err);
  if (name === 'CredentialsProviderError' || cause === 'auth') {
    const fix =
      name === 'CredentialsProviderError'
        ? `no AWS credentials found: set AWS_PROFILE (or sources.aws.profile), run \`aws sso login\`, or provide AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY${cfg.profile ? ` (profile '${cfg.profile}' is configured)` : ''}`
        : 'the credentials were refused: refresh them (expired session or SSO login?) and check the account';
    return { source: 'aws', kind: 'auth', check: op, message: shortMessage(err), fix };
  }
  if (cause === 'denied') {
    const fix =
      op === 'sts:AssumeRole'
        ? 'let the base credentials assume the audit role, and the role trust them (see collectors/aws/README.md)'
        : `${op} is not allowed: ${POLICY_FIX}`;
    return { source: 'aws', kind: 'denied', check: op, message: shortMessage(err), fix };
  }
  return {
    source: 'aws',
    kind: 'error',
    check: op,
    message: shortMessage(err),
    fix: cause === 'timeout' ? 'the call timed out: check the network path or raise timeoutSeconds' : 'retry; if it persists, check the AWS service health',
  };
}
