/** IAM GetAccountAuthorizationDetails: users, groups, roles and policies with URL-encoded documents. */
import type { AwsCall } from './index.js';
import { AWS_MANAGED, policyArn, stableId, timeOf, type AwsPrincipalSpec, type AwsUserSpec } from './model.js';
import { el, members, ok, formList, type AwsAnswer } from './query.js';
import { pageOf } from './iam.js';
import { memo, type World } from './world.js';

interface Entity<S> {
  spec: S;
  arn: string;
  id: string;
}
interface PolicyEntity extends Entity<{ name: string; path?: string; doc: unknown }> {
  aws: boolean;
  attachments: number;
}
export interface AccountEntities {
  users: Entity<AwsUserSpec>[];
  groups: Entity<AwsPrincipalSpec>[];
  roles: Entity<AwsPrincipalSpec>[];
  policies: PolicyEntity[];
}

const AWS_DOCS: Record<string, unknown> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  ReadOnlyAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*:Describe*', '*:Get*', '*:List*'], Resource: '*' }] },
};

/** The account's IAM entities with ARNs, ids and attachment counts (built once per account). */
export function entitiesOf(world: World, account: string): AccountEntities {
  return memo(world, `iam-entities/${account}`, () => {
    const s = world.accounts.get(account)!.spec;
    const mk = <S extends { name: string; path?: string }>(kind: string, prefix: string, list: S[] | undefined) =>
      (list ?? []).map((spec) => ({
        spec,
        arn: `arn:aws:iam::${account}:${kind}${spec.path ?? '/'}${spec.name}`,
        id: `${prefix}${stableId(`${account}/${kind}/${spec.name}`)}`,
      }));
    const users = mk('user', 'AIDA', s.users);
    const groups = mk('group', 'AGPA', s.groups);
    const roles = mk('role', 'AROA', s.roles);
    const counts = new Map<string, number>();
    for (const p of [...users, ...groups, ...roles])
      for (const ref of p.spec.policies ?? []) counts.set(policyArn(account, ref), (counts.get(policyArn(account, ref)) ?? 0) + 1);
    const local: PolicyEntity[] = (s.policies ?? []).map((spec) => {
      const arn = `arn:aws:iam::${account}:policy${spec.path ?? '/'}${spec.name}`;
      return { spec, arn, id: `ANPA${stableId(arn)}`, aws: false, attachments: counts.get(arn) ?? 0 };
    });
    const awsManaged: PolicyEntity[] = [...AWS_MANAGED]
      .map((name) => ({ name, arn: `arn:aws:iam::aws:policy/${name}` }))
      .filter((p) => counts.has(p.arn))
      .map((p) => ({
        spec: { name: p.name, doc: AWS_DOCS[p.name] ?? AWS_DOCS.ReadOnlyAccess },
        arn: p.arn,
        id: `ANPA${stableId(p.arn)}`,
        aws: true,
        attachments: counts.get(p.arn)!,
      }));
    return { users, groups, roles, policies: [...local, ...awsManaged] };
  });
}

/** Why: real IAM URL-encodes (RFC 3986) every policy document in this API; clients must decode them. */
function doc(d: unknown): string {
  return encodeURIComponent(typeof d === 'string' ? d : JSON.stringify(d));
}

type Item = { k: 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy'; e: Entity<any> };

export function authorizationDetails(call: AwsCall): AwsAnswer {
  const { world, account } = call;
  const ents = entitiesOf(world, account.id);
  const filter = new Set(formList(call.form, 'Filter'));
  const want = (k: Item['k']) => filter.size === 0 || filter.has(k);
  const items: Item[] = [
    ...(want('User') ? ents.users.map((e) => ({ k: 'User' as const, e })) : []),
    ...(want('Group') ? ents.groups.map((e) => ({ k: 'Group' as const, e })) : []),
    ...(want('Role') ? ents.roles.map((e) => ({ k: 'Role' as const, e })) : []),
    ...ents.policies
      .filter((p) => want(p.aws ? 'AWSManagedPolicy' : 'LocalManagedPolicy'))
      .map((e): Item => ({ k: e.aws ? 'AWSManagedPolicy' : 'LocalManagedPolicy', e })),
  ];
  const page = pageOf(call, items);
  if ('ok' in page) return page;
  const created = timeOf('-500d', world.base)!;
  const of = (...ks: Item['k'][]) => page.items.filter((i) => ks.includes(i.k)).map((i) => i.e);
  const attached = (refs: string[] | undefined) =>
    members(
      'AttachedManagedPolicies',
      refs ?? [],
      (r) => el('PolicyName', policyArn(account.id, r).split('/').pop()) + el('PolicyArn', policyArn(account.id, r)),
    );
  const inline = (tag: string, m: Record<string, unknown> | undefined) =>
    members(tag, Object.entries(m ?? {}), ([n, d]) => el('PolicyName', n) + el('PolicyDocument', doc(d)));
  const head = (e: Entity<any>, kind: string) =>
    el('Path', e.spec.path ?? '/') +
    el(`${kind}Name`, e.spec.name) +
    el(`${kind}Id`, e.id) +
    el('Arn', e.arn) +
    el('CreateDate', timeOf(e.spec.created, world.base) ?? created);
  const users = members(
    'UserDetailList',
    of('User'),
    (e: Entity<AwsUserSpec>) =>
      head(e, 'User') + inline('UserPolicyList', e.spec.inline) + members('GroupList', e.spec.groups ?? [], (g) => g) + attached(e.spec.policies) + '<Tags/>',
  );
  const groups = members(
    'GroupDetailList',
    of('Group'),
    (e: Entity<AwsPrincipalSpec>) => head(e, 'Group') + inline('GroupPolicyList', e.spec.inline) + attached(e.spec.policies),
  );
  const trustDefault = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${world.management}:root` }, Action: 'sts:AssumeRole' }],
  };
  const roles = members(
    'RoleDetailList',
    of('Role'),
    (e: Entity<AwsPrincipalSpec>) =>
      head(e, 'Role') +
      el('AssumeRolePolicyDocument', doc(e.spec.trust ?? trustDefault)) +
      '<InstanceProfileList/>' +
      inline('RolePolicyList', e.spec.inline) +
      attached(e.spec.policies) +
      '<Tags/>',
  );
  const policies = members(
    'Policies',
    of('LocalManagedPolicy', 'AWSManagedPolicy') as PolicyEntity[],
    (p) =>
      el('PolicyName', p.spec.name) +
      el('PolicyId', p.id) +
      el('Arn', p.arn) +
      el('Path', p.spec.path ?? '/') +
      el('DefaultVersionId', 'v1') +
      el('AttachmentCount', p.attachments) +
      el('PermissionsBoundaryUsageCount', 0) +
      el('IsAttachable', true) +
      el('CreateDate', created) +
      el('UpdateDate', created) +
      members(
        'PolicyVersionList',
        [p],
        () => el('Document', doc(p.spec.doc)) + el('VersionId', 'v1') + el('IsDefaultVersion', true) + el('CreateDate', created),
      ),
  );
  return ok(users + groups + roles + policies + page.tail);
}
