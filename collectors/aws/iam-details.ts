/** GetAccountAuthorizationDetails → one record per user, group, role and customer managed policy. */
import { loadIam } from './sdk.js';
import type { GetAccountAuthorizationDetailsCommandOutput, IAMClient, PolicyDetail, AttachedPolicy } from '@aws-sdk/client-iam';
import type { AwsIamAuthorizationDetails } from '../../src/evidence/types.generated.js';
import type { CollectContext, EvidenceRecord } from '../../src/types.js';
import { iamMarker, iso, paginate, rawOf, record } from './call.js';
import type { AwsConfig } from './config.js';
import { AwsCallError } from './errors.js';
import { need } from './regional.js';

export const AUTHORIZATION_DETAILS = 'aws.iam.authorization-details';
const OP = 'iam:GetAccountAuthorizationDetails';

/** Why: IAM returns policy documents URL-encoded (RFC 3986) in this API; they must be decoded before JSON.parse. */
export function decodePolicy(doc: string | undefined, page: number): unknown {
  if (doc === undefined) return undefined;
  try {
    return JSON.parse(decodeURIComponent(doc));
  } catch (err) {
    throw new AwsCallError(OP, new SyntaxError(`undecodable policy document: ${(err as Error).message}`), page);
  }
}

/** A role's trust policy: a JSON object once decoded (anything else is an answer the collector cannot judge). */
function trustPolicy(doc: string | undefined, page: number): AwsIamAuthorizationDetails['assumeRolePolicy'] {
  const policy = decodePolicy(doc, page);
  if (policy === undefined || (typeof policy === 'object' && policy !== null && !Array.isArray(policy))) return policy;
  throw new AwsCallError(OP, new SyntaxError('a trust policy document is not a JSON object'), page);
}

export async function* authorizationDetails(ctx: CollectContext<AwsConfig>, iam: IAMClient, account: string): AsyncGenerator<EvidenceRecord> {
  const { GetAccountAuthorizationDetailsCommand } = await loadIam();
  const pages = paginate<GetAccountAuthorizationDetailsCommandOutput>(
    ctx,
    iam,
    OP,
    // Why this filter: AWS managed policies are known by ARN; leaving them out keeps the pages to the account's own data.
    // Why MaxItems 1000: the API's maximum (default 100); large accounts need a sixth of the calls.
    (Marker) => new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'], MaxItems: 1000, Marker }),
    iamMarker,
  );
  for await (const { out, page } of pages) {
    await ctx.raw(account, 'GetAccountAuthorizationDetails', rawOf(out), page);
    const inline = (list: PolicyDetail[] | undefined) =>
      (list ?? []).map((p) => ({ name: need(p.PolicyName, 'PolicyName of an inline policy', OP, page), document: decodePolicy(p.PolicyDocument, page) }));
    const attached = (list: AttachedPolicy[] | undefined) =>
      (list ?? []).map((p) => ({
        name: need(p.PolicyName, 'PolicyName of an attached policy', OP, page),
        arn: need(p.PolicyArn, `PolicyArn of ${p.PolicyName}`, OP, page),
      }));
    const rec = (data: AwsIamAuthorizationDetails) => record(AUTHORIZATION_DETAILS, account, OP, out, data);
    const named = (kind: AwsIamAuthorizationDetails['kind'], name: string | undefined, arn: string | undefined) => ({
      account,
      kind,
      name: need(name, `the name of a ${kind}`, OP, page),
      arn: need(arn, `the ARN of ${kind} ${name}`, OP, page),
    });
    for (const u of out.UserDetailList ?? []) {
      yield rec({
        ...named('user', u.UserName, u.Arn),
        id: u.UserId,
        path: u.Path,
        createDate: iso(u.CreateDate),
        groups: u.GroupList ?? [],
        attachedPolicies: attached(u.AttachedManagedPolicies),
        inlinePolicies: inline(u.UserPolicyList),
        permissionsBoundary: u.PermissionsBoundary?.PermissionsBoundaryArn,
      });
    }
    for (const g of out.GroupDetailList ?? []) {
      yield rec({
        ...named('group', g.GroupName, g.Arn),
        id: g.GroupId,
        path: g.Path,
        attachedPolicies: attached(g.AttachedManagedPolicies),
        inlinePolicies: inline(g.GroupPolicyList),
      });
    }
    for (const r of out.RoleDetailList ?? []) {
      yield rec({
        ...named('role', r.RoleName, r.Arn),
        id: r.RoleId,
        path: r.Path,
        assumeRolePolicy: trustPolicy(r.AssumeRolePolicyDocument, page),
        attachedPolicies: attached(r.AttachedManagedPolicies),
        inlinePolicies: inline(r.RolePolicyList),
        lastUsed: iso(r.RoleLastUsed?.LastUsedDate),
      });
    }
    for (const p of out.Policies ?? []) {
      const def = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList?.[0];
      yield rec({
        ...named('policy', p.PolicyName, p.Arn),
        id: p.PolicyId,
        path: p.Path,
        attachmentCount: need(p.AttachmentCount, `AttachmentCount of ${p.PolicyName}`, OP, page),
        defaultVersionId: p.DefaultVersionId,
        document: decodePolicy(def?.Document, page),
      });
    }
  }
}
