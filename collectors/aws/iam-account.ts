/** Small IAM evidence: account summary, password policy, virtual MFA devices, AdministratorAccess entities. */
import type {
  GetAccountPasswordPolicyCommandOutput,
  GetAccountSummaryCommandOutput,
  IAMClient,
  ListEntitiesForPolicyCommandOutput,
  ListVirtualMFADevicesCommandOutput,
} from '@aws-sdk/client-iam';
import { loadIam } from './sdk.js';
import type { CollectContext, EvidenceRecord } from '../../src/types.js';
import { iamMarker, iso, paginate, rawOf, record, send } from './call.js';
import type { AwsConfig } from './config.js';
import { AwsCallError } from './errors.js';
import { need } from './regional.js';

export const ACCOUNT_SUMMARY = 'aws.iam.account-summary';
export const PASSWORD_POLICY = 'aws.iam.password-policy';
export const VIRTUAL_MFA = 'aws.iam.virtual-mfa-devices';
export const ADMIN_PRINCIPALS = 'aws.iam.admin-principals';
const ADMIN_POLICY = 'AdministratorAccess';

type Ctx = CollectContext<AwsConfig>;

export async function* accountSummary(ctx: Ctx, iam: IAMClient, account: string): AsyncGenerator<EvidenceRecord> {
  const { GetAccountSummaryCommand } = await loadIam();
  const out = await send<GetAccountSummaryCommandOutput>(ctx, iam, new GetAccountSummaryCommand({}), 'iam:GetAccountSummary');
  await ctx.raw(account, 'GetAccountSummary', rawOf(out));
  yield record(ACCOUNT_SUMMARY, account, 'iam:GetAccountSummary', out, { account, summary: out.SummaryMap ?? {} });
}

export async function* passwordPolicy(ctx: Ctx, iam: IAMClient, account: string): AsyncGenerator<EvidenceRecord> {
  const { GetAccountPasswordPolicyCommand, NoSuchEntityException } = await loadIam();
  try {
    const out = await send<GetAccountPasswordPolicyCommandOutput>(ctx, iam, new GetAccountPasswordPolicyCommand({}), 'iam:GetAccountPasswordPolicy');
    await ctx.raw(account, 'GetAccountPasswordPolicy', rawOf(out));
    yield record(PASSWORD_POLICY, account, 'iam:GetAccountPasswordPolicy', out, { account, exists: true, policy: out.PasswordPolicy ?? {} });
  } catch (err) {
    // Why: NoSuchEntity is IAM's definite answer "this account has no password policy" — evidence, not a failure to collect.
    if (!(err instanceof AwsCallError && err.cause instanceof NoSuchEntityException)) throw err;
    await ctx.raw(account, 'GetAccountPasswordPolicy', { error: 'NoSuchEntity', message: err.cause.message });
    yield record(PASSWORD_POLICY, account, 'iam:GetAccountPasswordPolicy', err.cause, { account, exists: false });
  }
}

export async function* virtualMfaDevices(ctx: Ctx, iam: IAMClient, account: string): AsyncGenerator<EvidenceRecord> {
  const { ListVirtualMFADevicesCommand } = await loadIam();
  const op = 'iam:ListVirtualMFADevices';
  const pages = paginate<ListVirtualMFADevicesCommandOutput>(
    ctx,
    iam,
    op,
    (Marker) => new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 1000, Marker }),
    iamMarker,
  );
  for await (const { out, page } of pages) {
    await ctx.raw(account, 'ListVirtualMFADevices', rawOf(out), page);
    for (const d of out.VirtualMFADevices ?? []) {
      yield record(VIRTUAL_MFA, account, op, out, {
        account,
        serialNumber: need(d.SerialNumber, 'SerialNumber of a virtual MFA device', op, page),
        userArn: d.User?.Arn,
        userName: d.User?.UserName,
        enableDate: iso(d.EnableDate),
      });
    }
  }
}

export async function* adminPrincipals(ctx: Ctx, iam: IAMClient, account: string, partition = 'aws'): AsyncGenerator<EvidenceRecord> {
  const { ListEntitiesForPolicyCommand } = await loadIam();
  const op = 'iam:ListEntitiesForPolicy';
  const policyArn = `arn:${partition}:iam::aws:policy/${ADMIN_POLICY}`;
  const pages = paginate<ListEntitiesForPolicyCommandOutput>(
    ctx,
    iam,
    op,
    (Marker) => new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, MaxItems: 1000, Marker }),
    iamMarker,
  );
  for await (const { out, page } of pages) {
    await ctx.raw(account, 'ListEntitiesForPolicy', rawOf(out), page);
    const rec = (kind: 'user' | 'group' | 'role', name: string | undefined, id?: string) =>
      record(ADMIN_PRINCIPALS, account, op, out, { account, kind, name: need(name, `the ${kind}'s name`, op, page), id, policyArn });
    for (const u of out.PolicyUsers ?? []) yield rec('user', u.UserName, u.UserId);
    for (const g of out.PolicyGroups ?? []) yield rec('group', g.GroupName, g.GroupId);
    for (const r of out.PolicyRoles ?? []) yield rec('role', r.RoleName, r.RoleId);
  }
}
