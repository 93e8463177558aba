/**
 * The account fan-out shared by the AWS collectors: configured accounts, or every ACTIVE member of the
 * AWS Organization (the management account itself with the base credentials, members through
 * sts:AssumeRole of `organization.roleName`). Each account's caller identity is recorded in run.json.
 */
import type { ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import type { AssumeRoleCommandOutput, GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { loadOrganizations, loadSts } from './sdk.js';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { CollectContext } from '../../src/types.js';
import { clientConfig, type Credentials } from './clients.js';
import { regionsOf, type AwsConfig } from './config.js';
import { paginate, send } from './call.js';

export interface AwsTarget {
  id: string;
  name?: string;
  roleArn?: string;
}

/** An account ready to collect: its credentials (undefined = the default chain). */
export interface OpenAccount extends AwsTarget {
  credentials?: Credentials;
}

/** Lists the accounts to collect (sharded). Throws AwsCallError when discovery fails (every scope then errors). */
export async function listTargets(ctx: CollectContext<AwsConfig>): Promise<AwsTarget[]> {
  const cfg = ctx.config;
  const region = regionsOf(cfg)[0]!;
  const configured = new Map((cfg.accounts ?? []).map((a) => [a.id, a] as const));
  let targets: AwsTarget[] = [...configured.values()];
  if (cfg.organization || targets.length === 0) {
    const { GetCallerIdentityCommand, STSClient } = await loadSts();
    const sts = new STSClient(clientConfig(ctx, region));
    // Why destroyed at once: a client keeps its connection pool until destroyed, and discovery needs it only here.
    const me = await send<GetCallerIdentityCommandOutput>(ctx, sts, new GetCallerIdentityCommand({}), 'sts:GetCallerIdentity').finally(() => sts.destroy());
    // Why shared: aggregation mode opens the administrator account from the same base identity (aggregation.ts).
    if (!ctx.shared.has('aws:base-identity')) ctx.shared.set('aws:base-identity', Promise.resolve(me));
    const partition = me.Arn?.split(':')[1] ?? 'aws';
    if (!cfg.organization) {
      targets = [{ id: me.Account! }];
    } else {
      const { ListAccountsCommand, OrganizationsClient } = await loadOrganizations();
      const org = new OrganizationsClient(clientConfig(ctx, region));
      const found: AwsTarget[] = [];
      try {
        for await (const { out } of paginate<ListAccountsCommandOutput>(
          ctx,
          org,
          'organizations:ListAccounts',
          (t) => new ListAccountsCommand({ NextToken: t }),
          (o) => o.NextToken,
        )) {
          for (const a of out.Accounts ?? []) {
            // Why: suspended and closing accounts cannot be assumed into and are out of scope.
            if ((a.State ?? a.Status) !== 'ACTIVE' || !a.Id) continue;
            const own = configured.get(a.Id);
            const roleArn = a.Id === me.Account ? undefined : (own?.roleArn ?? `arn:${partition}:iam::${a.Id}:role/${cfg.organization.roleName}`);
            found.push({ id: a.Id, name: own?.name ?? a.Name, roleArn });
          }
        }
      } finally {
        org.destroy();
      }
      targets = found;
    }
  }
  return targets.filter((t) => ctx.shard.owns(t.id)).sort((a, b) => a.id.localeCompare(b.id));
}

/** Assumes the account's role (when it has one) and records its caller identity. Throws AwsCallError. */
export async function openAccount(ctx: CollectContext<AwsConfig>, target: AwsTarget): Promise<OpenAccount> {
  const region = regionsOf(ctx.config)[0]!;
  const sessionName = `soc2-collect-${Math.floor(ctx.asOf.getTime() / 1000)}`;
  const { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } = await loadSts();
  let credentials: Credentials | undefined;
  if (target.roleArn) {
    const sts = new STSClient(clientConfig(ctx, region));
    const assume = async (): Promise<AwsCredentialIdentity> => {
      const out = await send<AssumeRoleCommandOutput>(
        ctx,
        sts,
        new AssumeRoleCommand({
          RoleArn: target.roleArn,
          RoleSessionName: sessionName,
          ExternalId: ctx.config.organization?.externalId,
          DurationSeconds: 3600,
        }),
        'sts:AssumeRole',
      );
      const c = out.Credentials!;
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration };
    };
    let current = await assume();
    // Why a provider: long collections outlive one session; refresh five minutes before expiry.
    credentials = async () => {
      if (current.expiration && current.expiration.getTime() - Date.now() < 300_000) current = await assume();
      return current;
    };
  }
  const sts = new STSClient(clientConfig(ctx, region, credentials));
  const me = await send<GetCallerIdentityCommandOutput>(ctx, sts, new GetCallerIdentityCommand({}), 'sts:GetCallerIdentity').finally(() => sts.destroy());
  if (me.Account !== target.id) {
    throw new Error(`credentials for account ${target.id} belong to account ${me.Account}`);
  }
  ctx.stats.fact(`aws.callerIdentity.${target.id}`, {
    account: me.Account,
    arn: me.Arn,
    userId: me.UserId,
    ...(target.roleArn ? { roleArn: target.roleArn, sessionName } : {}),
  });
  return { ...target, credentials };
}
