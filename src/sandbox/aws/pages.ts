/** Token paging and region filtering shared by the sandbox's regional services. */
import type { AwsCall } from './index.js';
import { decodeToken, encodeToken } from './model.js';
import { regionOf } from './resources.js';

/** One page of `items` from an opaque token; `undefined` when the token is not one the sandbox issued. */
export function pageOf<T>(items: T[], token: unknown, max: number): { items: T[]; next?: string } | undefined {
  const start = decodeToken(typeof token === 'string' ? token : undefined);
  if (token !== undefined && token !== null && !start) return undefined;
  const offset = start?.offset ?? 0;
  const page = items.slice(offset, offset + max);
  return offset + max < items.length ? { items: page, next: encodeToken(offset + max, (start?.page ?? 1) + 1) } : { items: page };
}

/** The page size a request asked for, clamped to the service's documented range. */
export function limitOf(v: unknown, dflt: number, max: number): number {
  const n = Number(v ?? dflt);
  return Number.isInteger(n) ? Math.min(Math.max(n, 1), max) : dflt;
}

/** Items of a scenario list that live in the call's region (default us-east-1). */
export function inRegion<T extends { region?: string }>(call: AwsCall, items: T[] | undefined): T[] {
  return (items ?? []).filter((i) => regionOf(i) === call.region);
}
