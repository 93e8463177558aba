import type { OktaIndex, OktaLogSpec, OktaPolicySpec, OktaScenario } from './data.js';
import { when } from './data.js';
import { indexSecurity } from './security.js';
import {
  factorModel,
  groupModel,
  ORIGIN,
  roleModel,
  userModel,
  type OktaGroup,
  type OktaLogEvent,
  type OktaPolicy,
  type OktaRule,
  type OktaUser,
} from './models.js';

/** Builds every answer of the scenario once (O(n)); request handlers then only slice. */
export function indexScenario(data: OktaScenario, now: Date): OktaIndex {
  const groups: OktaGroup[] = [
    groupModel({ name: 'Everyone', description: 'All users in your organization', type: 'BUILT_IN' }, '00g0everyone', '2020-01-01T00:00:00.000Z'),
  ];
  for (const [i, g] of (data.groups ?? []).entries()) groups.push(groupModel(g, g.id ?? `00g${String(i + 1).padStart(6, '0')}`, '2021-01-01T00:00:00.000Z'));
  const groupByName = new Map(groups.map((g) => [g.profile.name, g]));
  const members = new Map<string, OktaUser[]>(groups.map((g) => [g.id, []]));
  const users: OktaUser[] = [];
  const factors = new Map<string, ReturnType<typeof factorModel>[]>();
  const roles = new Map<string, Array<Record<string, unknown>>>();
  const byLogin = new Map<string, OktaUser>();
  for (const [i, spec] of (data.users ?? []).entries()) {
    const u = userModel(spec, spec.id ?? `00u${String(i + 1).padStart(7, '0')}`, now);
    users.push(u);
    byLogin.set(u.profile.login, u);
    factors.set(
      u.id,
      (spec.factors ?? []).map((f, n) => factorModel(u.id, f, n + 1, u.activated ?? u.created)),
    );
    if (spec.roles?.length)
      roles.set(
        u.id,
        spec.roles.map((r, n) => roleModel(u.id, r, n + 1, u.created)),
      );
    // Deprovisioned users are removed from every group, Everyone included.
    if (u.status === 'DEPROVISIONED') continue;
    members.get('00g0everyone')!.push(u);
    for (const name of spec.groups ?? []) {
      const g = groupByName.get(name);
      if (!g) throw new Error(`okta scenario: user ${spec.login} is in unknown group '${name}'`);
      members.get(g.id)!.push(u);
    }
  }
  const byStatus = new Map<string, OktaUser[]>();
  for (const u of users) {
    const list = byStatus.get(u.status) ?? [];
    list.push(u);
    byStatus.set(u.status, list);
  }
  const { policies, rules } = buildPolicies(data.policies ?? [], groupByName, now);
  const logs = (data.logs ?? []).map((l, i) => logModel(l, i, now, byLogin)).sort((a, b) => a.published.localeCompare(b.published));
  return {
    tokens: new Set(data.tokens ?? []),
    clients: new Map((data.oauthClients ?? []).map((c) => [c.clientId, c])),
    options: data.options ?? {},
    users,
    userPos: new Map(users.map((u, i) => [u.id, i])),
    byStatus,
    listed: users.filter((u) => u.status !== 'DEPROVISIONED'),
    factors,
    roles,
    admins: users.filter((u) => roles.has(u.id)),
    groups,
    members,
    policies,
    rules,
    logs,
    logPos: new Map(logs.map((l, i) => [l.uuid, i])),
    security: indexSecurity(data, now, users, policies, { byName: groupByName, members }),
  };
}

function buildPolicies(specs: OktaPolicySpec[], groupByName: Map<string, OktaGroup>, now: Date): { policies: OktaPolicy[]; rules: Map<string, OktaRule[]> } {
  const policies: OktaPolicy[] = [];
  const rules = new Map<string, OktaRule[]>();
  const created = when('-300d', now)!;
  for (const [i, spec] of specs.entries()) {
    const { rules: ruleSpecs, ...rest } = spec;
    const id = (rest.id as string | undefined) ?? `00p${spec.type.slice(0, 3).toLowerCase()}${String(i + 1).padStart(5, '0')}`;
    const policy = resolveGroups(
      { id, status: 'ACTIVE', priority: 1, system: false, description: null, created, lastUpdated: created, ...rest },
      groupByName,
    ) as OktaPolicy;
    policy._links = { self: { href: `${ORIGIN}/api/v1/policies/${id}` }, rules: { href: `${ORIGIN}/api/v1/policies/${id}/rules` } };
    policies.push(policy);
    const ruleType = spec.type === 'OKTA_SIGN_ON' ? 'SIGN_ON' : spec.type;
    rules.set(
      id,
      (ruleSpecs ?? []).map((r, n) => {
        const rid = (r.id as string | undefined) ?? `0pr${id.slice(3)}r${n + 1}`;
        const rule = resolveGroups(
          { id: rid, status: 'ACTIVE', priority: n + 1, system: false, type: ruleType, created, lastUpdated: created, ...r },
          groupByName,
        );
        return { ...rule, _links: { self: { href: `${ORIGIN}/api/v1/policies/${id}/rules/${rid}` } } };
      }),
    );
  }
  return { policies, rules };
}

/** Lets scenarios write group names where the API has group ids (`people.groups.include/exclude`). */
function resolveGroups(obj: Record<string, any>, groupByName: Map<string, OktaGroup>): Record<string, any> {
  const groups = obj.conditions?.people?.groups;
  if (groups) {
    for (const k of ['include', 'exclude'] as const) {
      if (Array.isArray(groups[k])) groups[k] = groups[k].map((g: string) => groupByName.get(g)?.id ?? g);
    }
  }
  return obj;
}

function logModel(spec: OktaLogSpec, i: number, now: Date, byLogin: Map<string, OktaUser>): OktaLogEvent {
  const { actor, target, published, eventType, ...rest } = spec;
  const uuid = (rest.uuid as string | undefined) ?? `${String(i + 1).padStart(8, '0')}-5a5d-11ef-9f1e-sandbox`;
  return {
    uuid,
    published: when(published, now)!,
    eventType,
    version: '0',
    severity: 'INFO',
    legacyEventType: null,
    displayMessage: eventType,
    actor: typeof actor === 'string' || actor === undefined ? actorOf(actor ?? 'system@okta.com', byLogin) : actor,
    client: { ipAddress: '198.51.100.7', userAgent: { rawUserAgent: 'Mozilla/5.0' }, zone: 'null' },
    outcome: { result: 'SUCCESS', reason: null },
    target: (Array.isArray(target) ? target : target === undefined ? [] : [target]).map((t) => (typeof t === 'string' ? actorOf(t, byLogin) : t)),
    transaction: { type: 'WEB', id: `tx${i}` },
    debugContext: { debugData: {} },
    authenticationContext: { authenticationStep: 0, externalSessionId: 'trs-sandbox' },
    securityContext: {},
    request: { ipChain: [] },
    ...rest,
  };
}

function actorOf(login: string, byLogin: Map<string, OktaUser>): Record<string, unknown> {
  const u = byLogin.get(login);
  return {
    id: u?.id ?? '0oa-system',
    type: 'User',
    alternateId: login,
    displayName: u ? `${u.profile.firstName} ${u.profile.lastName}` : login,
    detailEntry: null,
  };
}
