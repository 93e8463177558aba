import { readBundle } from '../bundle/reader.js';
import { listBundles } from '../bundle/layout.js';
import type { EvidenceView } from '../types.js';
import type { AwsIamAuthorizationDetails, OktaUser } from '../evidence/types.generated.js';
import { accountsOf, type Account, type System } from '../../controls/checks/access/lib/accounts.js';
import { linkAccounts, rosterOf, type Linked } from '../../controls/checks/access/lib/link.js';
import { quarterOf, quarterRange } from '../../controls/checks/access/lib/quarters.js';

export const SYSTEMS: System[] = ['okta', 'github', 'aws', 'identity-center'];

/** What a reviewer decides on, per account: beyond "who", what the account can do. */
export interface AccountDetail {
  /** Okta: admin roles, else `user`; GitHub: owner, member or outside collaborator; AWS: console / access keys. */
  role: string;
  /** Okta status (ACTIVE, SUSPENDED…); GitHub and AWS: active or inactive. */
  status: string;
  /** AWS IAM groups, Identity Center groups. Okta group membership and GitHub teams are not collected (empty). */
  groups: string[];
  /** GitHub: repository permissions (outside collaborators per repository, members the org's base permission); AWS: attached and inline policies; Identity Center: `<account>: <permission set>` (direct or through a group). */
  permissions: string[];
  /** Okta last sign-in; AWS last console sign-in or key use; GitHub does not expose it (empty). */
  lastSignIn: string;
}

export interface Population {
  bundle: string;
  bundleAsOf: string;
  accounts: Array<Linked & { detail: AccountDetail }>;
}

/** Every account of a bundle (all systems), linked to the bundle's roster where it has one, with its details. */
export function populationOf(dir: string, name: string): Population {
  const b = readBundle(dir);
  const view = b.view();
  const linked = linkAccounts(
    rosterOf(view).people,
    rosterOf(view).links,
    accountsOf(view, { okta: true, github: true, githubCollaborators: true, aws: true, identityCenter: true }),
  );
  const detail = detailer(view);
  return { bundle: name, bundleAsOf: b.run.asOf, accounts: linked.map((l) => ({ ...l, detail: detail(l.account) })) };
}

/** Reads the role, group and permission evidence once; returns the detail of one account. */
function detailer(view: Pick<EvidenceView, 'records'>): (a: Account) => AccountDetail {
  const okta = new Map<string, OktaUser>();
  for (const r of view.records('okta.user')) okta.set(r.data.login.toLowerCase(), r.data);
  const oktaRoles = new Map<string, Set<string>>();
  const oktaLoginById = new Map([...okta].map(([login, u]) => [u.id, login]));
  for (const r of view.records('okta.admin-role')) {
    const login = (r.data.login ?? oktaLoginById.get(r.data.userId) ?? '').toLowerCase();
    if (!login || (r.data.status && r.data.status !== 'ACTIVE')) continue;
    oktaRoles.set(login, (oktaRoles.get(login) ?? new Set()).add(r.data.roleLabel ?? r.data.roleType ?? 'admin'));
  }
  const repoPerms = new Map<string, string[]>();
  for (const r of view.records('github.repo.outside-collaborator')) {
    const key = `${r.scope.split('/')[0]}/${r.data.login.toLowerCase()}`;
    repoPerms.set(key, [...(repoPerms.get(key) ?? []), `${r.data.repo}: ${r.data.permission}`]);
  }
  const basePerm = new Map<string, string | null>();
  for (const r of view.records('github.org.settings')) basePerm.set(r.scope, r.data.defaultRepositoryPermission);
  const iamUsers = new Map<string, AwsIamAuthorizationDetails>();
  for (const r of view.records('aws.iam.authorization-details')) {
    if (r.data.kind === 'user') iamUsers.set(r.data.arn, r.data);
  }
  const ic = identityCenterAccess(view);
  return (a) => {
    switch (a.system) {
      case 'okta': {
        const u = okta.get(a.key);
        const roles = [...(oktaRoles.get(a.key) ?? [])].sort();
        return { role: roles.length ? roles.join('; ') : 'user', status: u?.status ?? '', groups: [], permissions: [], lastSignIn: u?.lastLogin ?? '' };
      }
      case 'github': {
        const org = a.scope.split('/')[0]!;
        const perms = repoPerms.get(`${org}/${a.key}`) ?? [];
        const base = basePerm.get(org);
        const permissions =
          a.role === 'outside collaborator'
            ? perms.sort()
            : a.role === 'owner'
              ? ['admin of every repository']
              : [base ? `base: ${base}` : 'base: unknown', ...perms.sort()];
        return { role: a.role, status: a.active ? 'active' : 'inactive', groups: [], permissions, lastSignIn: '' };
      }
      case 'aws': {
        const d = iamUsers.get(a.key);
        const permissions = d ? [...(d.attachedPolicies ?? []).map((p) => p.name), ...(d.inlinePolicies ?? []).map((p) => `${p.name} (inline)`)].sort() : [];
        return { role: a.role, status: a.active ? 'active' : 'inactive', groups: [...(d?.groups ?? [])].sort(), permissions, lastSignIn: a.lastActivity ?? '' };
      }
      case 'identity-center': {
        const access = ic(a.userId ?? '');
        return {
          role: access.permissions.length ? 'assigned' : 'no assignment',
          status: a.active ? 'active' : 'inactive',
          groups: access.groups,
          permissions: access.permissions,
          lastSignIn: '',
        };
      }
    }
  };
}

/** Identity Center: a user's groups and `<account>: <permission set>` grants, direct or through a group. */
function identityCenterAccess(view: Pick<EvidenceView, 'records'>): (userId: string) => { groups: string[]; permissions: string[] } {
  const groupsOf = new Map<string, string[]>();
  for (const r of view.records('aws.identitycenter.group')) {
    for (const m of r.data.members) groupsOf.set(m, [...(groupsOf.get(m) ?? []), r.data.groupId]);
  }
  const groupName = new Map(view.records('aws.identitycenter.group').map((r) => [r.data.groupId, r.data.displayName]));
  const setName = new Map(view.records('aws.identitycenter.permission-set').map((r) => [r.data.arn, r.data.name]));
  const grants = new Map<string, Array<{ grant: string; via?: string }>>();
  for (const r of view.records('aws.identitycenter.assignment')) {
    const grant = `${r.data.accountId}: ${setName.get(r.data.permissionSetArn) ?? r.data.permissionSetArn}`;
    grants.set(r.data.principalId, [...(grants.get(r.data.principalId) ?? []), { grant }]);
  }
  return (userId) => {
    const groups = groupsOf.get(userId) ?? [];
    const direct = (grants.get(userId) ?? []).map((g) => g.grant);
    const viaGroups = groups.flatMap((g) => (grants.get(g) ?? []).map((x) => `${x.grant} (via ${groupName.get(g) ?? g})`));
    return { groups: groups.map((g) => groupName.get(g) ?? g).sort(), permissions: [...new Set([...direct, ...viaGroups])].sort() };
  };
}

/**
 * The bundle whose population a quarter's review covers: the latest bundle collected in the quarter; when none was,
 * the first bundle collected after it (`inside: false`: the population is as of that later day, which the worksheet
 * and the command say). Undefined when neither exists.
 */
export async function reviewBundleFor(evidenceDir: string, quarter: string): Promise<{ name: string; dir: string; asOf: string; inside: boolean } | undefined> {
  const range = quarterRange(quarter);
  if (!range) return undefined;
  const all = (await listBundles(evidenceDir)).map((b) => ({ ...b, asOf: readBundle(b.dir).run.asOf })).sort((x, y) => x.asOf.localeCompare(y.asOf));
  const inside = all.filter((b) => quarterOf(b.asOf) === quarter).pop();
  if (inside) return { ...inside, inside: true };
  const after = all.find((b) => b.asOf.slice(0, 10) > range.end);
  return after ? { ...after, inside: false } : undefined;
}

/** The latest sealed bundle collected within `quarter`. */
export async function latestInQuarter(evidenceDir: string, quarter: string): Promise<{ name: string; dir: string } | undefined> {
  const b = await reviewBundleFor(evidenceDir, quarter);
  return b?.inside ? b : undefined;
}
