import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, walk, type Ctx } from './common.js';
import { plain } from './plain.js';

/** Policy types collected, and the evidence type each becomes. */
export const POLICY_TYPES: Record<string, string> = {
  OKTA_SIGN_ON: 'okta.policy.sign-on',
  PASSWORD: 'okta.policy.password',
  MFA_ENROLL: 'okta.policy.mfa-enroll',
  ACCESS_POLICY: 'okta.policy.access',
};

/** One record per policy of `policyType`, with its rules embedded (`rules`). */
export function collectPolicies(ctx: Ctx, h: OktaHandle, policyType: string): AsyncGenerator<CollectorEvent> {
  const type = POLICY_TYPES[policyType]!;
  return enumeration(type, h.scope, `GET /api/v1/policies?type=${policyType}`, async function* () {
    const coll = await h.client.policyApi.listPolicies({ type: policyType as never });
    const policies: any[] = [];
    for await (const p of walk(ctx, h.scope, `ListPolicies.${policyType}`, coll as AsyncIterable<any>)) policies.push(p);
    for (const p of policies) {
      const rules: unknown[] = [];
      const rc = await h.client.policyApi.listPolicyRules({ policyId: p.id });
      for await (const r of walk(ctx, h.scope, `ListPolicyRules.${p.id}`, rc as AsyncIterable<any>)) rules.push(plain(r));
      yield record(type, h.scope, 'GET /api/v1/policies/{id}/rules', { ...plain<Record<string, unknown>>(p), rules });
    }
  });
}

/** `okta.group`: groups with id, name and type, to resolve the groups policy conditions name. */
export function collectGroups(ctx: Ctx, h: OktaHandle): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.group', h.scope, 'GET /api/v1/groups', async function* () {
    const coll = await h.client.groupApi.listGroups({ limit: 1000 });
    for await (const g of walk(ctx, h.scope, 'ListGroups', coll as AsyncIterable<any>, 1000)) {
      yield record('okta.group', h.scope, 'GET /api/v1/groups', {
        id: g.id,
        name: g.profile?.name ?? null,
        description: g.profile?.description ?? null,
        type: String(g.type),
      });
    }
  });
}
