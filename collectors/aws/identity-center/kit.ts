/** What the Identity Center collector's parts share: the two SDKs and clients, page size, bounded parallel calls. */
import type { CollectContext, EvidenceData, EvidenceRecord, EvidenceType } from '../../../src/types.js';
import { record } from '../call.js';
import type { AwsConfig } from '../config.js';

type Admin = typeof import('@aws-sdk/client-sso-admin');
type Store = typeof import('@aws-sdk/client-identitystore');
export interface Sdk {
  admin: Admin;
  store: Store;
}
export interface Clients {
  admin: InstanceType<Admin['SSOAdminClient']>;
  store: InstanceType<Store['IdentitystoreClient']>;
}
export type Ctx = CollectContext<AwsConfig>;
export function icRecord<K extends EvidenceType>(type: K, scope: string, operation: string, data: EvidenceData<K>): EvidenceRecord<EvidenceData<K>> {
  return record(type, scope, operation, {}, data);
}
export function concurrency(ctx: Ctx): number {
  return ctx.config.concurrency ?? ctx.limits.concurrency;
}

/** Runs `fn` over `items` with at most `n` at once; the first failure rejects (the others stop taking items). */
export async function mapLimit<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}

/** Every list is read with the largest page the API allows (100 for every Identity Center list). */
export const MAX = 100;
