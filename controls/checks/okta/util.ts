import type { Finding, StoredRecord } from '../../../src/types.js';

/** Statuses whose accounts can still sign in (Okta user lifecycle). */
export const SIGN_IN_STATUSES = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'];

export function finding(status: 'pass' | 'fail', resource: string, reason: string, rec: StoredRecord): Finding {
  return { status, resource, reason, evidence: rec.ref, scope: rec.scope };
}

/** `okta:policy/<name>` or `okta:policy/<name>/<rule>`. */
export function policyResource(policy: { name?: string; id?: string }, rule?: { name?: string; id?: string }): string {
  const p = `okta:policy/${policy.name ?? policy.id}`;
  return rule ? `${p}/${rule.name ?? rule.id}` : p;
}

/** Active policies/rules only: inactive ones do not apply to anyone. */
export function active<T extends { status?: string }>(list: T[] | undefined): T[] {
  return (list ?? []).filter((x) => (x.status ?? 'ACTIVE') === 'ACTIVE');
}
