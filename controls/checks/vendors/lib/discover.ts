import type { AwsIamAuthorizationDetails } from '../../../../src/evidence/types.generated.js';
import type { EvidenceView, StoredRecord } from '../../../../src/types.js';
import type { VendorData } from '../../../../collectors/vendors/types.js';

/** The evidence types third parties are discovered in (any of them may be out of scope). */
export const DISCOVERY_TYPES = ['okta.app', 'github.org.app-installation', 'aws.iam.authorization-details'];

/** A third party found connected to one of our systems. */
export interface Discovered {
  source: 'okta' | 'github' | 'aws';
  /** The name the system knows it by: Okta app label, GitHub App slug, AWS account id. */
  name: string;
  /** Other names, hosts or account ids it can be matched by. */
  keys: string[];
  /** Where it was found, in words: `Okta app integration "Lucidchart" (lucid.app) in acme.okta.com`. */
  where: string;
  resource: string;
  scope: string;
  evidence: string;
}

/**
 * Every third party connected to our systems: Okta apps with users assigned, GitHub Apps installed on the
 * organisation, and AWS accounts outside ours that a role's trust policy lets assume it. "Ours" is every
 * account the run collected IAM from (the organisation's, when accounts are discovered through Organizations).
 */
export function discover(view: EvidenceView): Discovered[] {
  const out: Discovered[] = [];
  for (const r of view.records('okta.app')) {
    // Why only assigned apps: an app nobody can sign in to shares no data yet (a catalogue entry, a trial).
    if (!r.data.usersAssigned) continue;
    const hosts = r.data.hosts.length ? ` (${r.data.hosts.join(', ')})` : '';
    out.push({
      source: 'okta',
      name: r.data.label,
      keys: [r.data.label, ...(r.data.name ? [r.data.name] : []), ...r.data.hosts],
      where: `Okta app integration "${r.data.label}"${hosts} in ${r.scope}`,
      resource: `okta:${r.scope}/apps/${r.data.id}`,
      scope: r.scope,
      evidence: r.ref,
    });
  }
  for (const r of view.records('github.org.app-installation')) {
    out.push({
      source: 'github',
      name: r.data.appSlug,
      keys: [r.data.appSlug],
      where: `GitHub App "${r.data.appSlug}" installed on ${r.scope}`,
      resource: `github:${r.scope}/apps/${r.data.appSlug}`,
      scope: r.scope,
      evidence: r.ref,
    });
  }
  const ours = new Set(view.states('aws.iam.authorization-details').map((s) => s.scope.split('/')[0]!));
  const seen = new Set<string>();
  for (const r of view.records('aws.iam.authorization-details')) {
    if (r.data.kind !== 'role') continue;
    for (const account of trustedAccounts(r.data.assumeRolePolicy)) {
      if (ours.has(account) || seen.has(`${account}|${r.data.arn}`)) continue;
      seen.add(`${account}|${r.data.arn}`);
      out.push({
        source: 'aws',
        name: account,
        keys: [account],
        where: `AWS account ${account}, trusted by role ${r.data.arn}`,
        resource: r.data.arn,
        scope: r.scope,
        evidence: r.ref,
      });
    }
  }
  return out;
}

/** Account ids named as AWS principals in Allow statements of a trust policy (`arn:aws:iam::123…:root`, bare ids). */
export function trustedAccounts(policy: AwsIamAuthorizationDetails['assumeRolePolicy']): string[] {
  const statements = Array.isArray(policy?.Statement) ? policy.Statement : policy?.Statement ? [policy.Statement] : [];
  const ids = new Set<string>();
  for (const s of statements as Array<{ Effect?: string; Principal?: unknown }>) {
    if (s.Effect !== 'Allow' || !s.Principal || typeof s.Principal !== 'object') continue;
    const aws = (s.Principal as { AWS?: unknown }).AWS;
    for (const p of Array.isArray(aws) ? aws : aws ? [aws] : []) {
      const m = /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::|$)/.exec(String(p));
      if (m) ids.add(m[1]!);
    }
  }
  return [...ids];
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The register's vendor a discovered third party is, by the mapping file, name or alias, domain or account id. */
export function matchVendor(d: Discovered, vendors: Array<StoredRecord<VendorData>>): { vendor: StoredRecord<VendorData>; by: string } | undefined {
  const key = `${d.source}:${d.name}`.toLowerCase();
  for (const v of vendors) if (v.data.mapped.some((m) => m.toLowerCase() === key)) return { vendor: v, by: 'the mapping file' };
  const keys = new Set(d.keys.map(norm).filter(Boolean));
  for (const v of vendors) if ([v.data.name, ...v.data.aliases].some((n) => keys.has(norm(n)))) return { vendor: v, by: 'name' };
  const hosts = d.keys.map((k) => k.toLowerCase());
  for (const v of vendors)
    if (v.data.domains.some((dom) => hosts.some((h) => h === dom.toLowerCase() || h.endsWith(`.${dom.toLowerCase()}`)))) return { vendor: v, by: 'domain' };
  for (const v of vendors) if (d.source === 'aws' && v.data.accountIds.includes(d.name)) return { vendor: v, by: 'account id' };
  return undefined;
}

/** `date` plus `months` calendar months (YYYY-MM-DD), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export const day = (asOf: Date) => asOf.toISOString().slice(0, 10);
