import { createHash } from 'node:crypto';

/** Stable shard assignment: 1-based shard index of a scope key. */
export function shardOf(key: string, count: number): number {
  return (createHash('sha256').update(key).digest().readUInt32BE(0) % count) + 1;
}
