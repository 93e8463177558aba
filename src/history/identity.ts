import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { recordsPath } from '../bundle/layout.js';

type Data = Record<string, any>;

/** How the principals (or resources) of one evidence type are named, for joiners and leavers. */
export interface ResourceKeys {
  /** True for identity types: what appears/disappears there are people and machine principals. */
  identity: boolean;
  keys(data: Data, scope: string): string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Evidence types whose records name principals, and the field that names them (resource naming as in
 * findings: AWS = ARN, GitHub = github:<org>/@<login>, Okta = okta:<login>). Other types fall back to
 * {@link fallbackKeys}.
 */
export const IDENTITY_TYPES: Record<string, ResourceKeys> = {
  // One record per account; each CSV row is an IAM user (or the root user).
  'aws.iam.credential-report': { identity: true, keys: (d) => (Array.isArray(d.rows) ? d.rows.map((r: Data) => str(r.arn)).filter(isKey) : []) },
  'github.org.member': { identity: true, keys: (d, scope) => (str(d.login) ? [`github:${scope}/@${d.login}`] : []) },
  'github.org.outside-collaborator': { identity: true, keys: (d, scope) => (str(d.login) ? [`github:${scope}/@${d.login}`] : []) },
  // A deprovisioned user is still listed by Okta: for joiners and leavers it has left (audit judgement).
  'okta.user': { identity: true, keys: (d) => (str(d.login) && d.status !== 'DEPROVISIONED' ? [`okta:${d.login}`] : []) },
  'okta.admin-role': { identity: true, keys: (d) => (str(d.login) && str(d.roleType) ? [`okta:${d.login} ${d.roleType}`] : []) },
};

function isKey(k: string | undefined): k is string {
  return k !== undefined;
}

/** Keys of a record of a type not in the table: `data.arn ?? data.login ?? data.id ?? data.name`. */
export function fallbackKeys(data: Data): string[] {
  const k = str(data?.arn) ?? str(data?.login) ?? str(data?.id) ?? str(data?.name);
  return k ? [k] : [];
}

export function keysOf(type: string, data: unknown, scope: string): string[] {
  const d = (data ?? {}) as Data;
  const t = IDENTITY_TYPES[type];
  return t ? t.keys(d, scope) : fallbackKeys(d);
}

export interface KeySet {
  keys: Set<string>;
  /** Records that named no key (not compared). */
  unkeyed: number;
}

/**
 * Streams `data/records/<type>.jsonl` line by line and collects the keys of records in `scopes`
 * (a key is `<scope>\u0000<key>` so equal names in two accounts stay apart).
 */
export async function collectKeys(bundleDir: string, type: string, scopes: Set<string>): Promise<KeySet> {
  const out: KeySet = { keys: new Set(), unkeyed: 0 };
  const path = join(bundleDir, recordsPath(type));
  if (!existsSync(path)) return out;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const rec = JSON.parse(line) as { scope: string; data: unknown };
    if (!scopes.has(rec.scope)) continue;
    const keys = keysOf(type, rec.data, rec.scope);
    if (!keys.length) out.unkeyed++;
    for (const k of keys) out.keys.add(`${rec.scope}\u0000${k}`);
  }
  return out;
}
