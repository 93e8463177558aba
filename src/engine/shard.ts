import { createHash } from 'node:crypto';

/** Stable shard assignment: 1-based shard index of a scope key. */
export function shardOf(key: string, count: number): number {
  return (createHash('sha256').update(key).digest().readUInt32BE(0) % count) + 1;
}

/** The `ctx.shard` a collector sees: whether this shard (1-based `index` of `count`) collects a scope key. */
export function shardView(shard: { index: number; count: number }): { index: number; count: number; owns(key: string): boolean } {
  return { index: shard.index, count: shard.count, owns: (key: string) => shard.count <= 1 || shardOf(key, shard.count) === shard.index };
}
