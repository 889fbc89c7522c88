// The shard rule, in one place: shard k of n takes the blocks whose index ≡ k−1 (mod n), so
// the shards of a band are disjoint and their union is the whole band (DESIGN.md). Generator
// threads split a table's blocks by the same rule (thread i of N is shard i+1 of N).

/** Shard k of n, 1-based. */
export interface Shard {
  k: number;
  n: number;
}

/** The blocks of a table with `blockCount` blocks that shard `shard` takes (all without one). */
export function blocksOf(blockCount: number, shard?: Shard): number[] {
  const all = Array.from({ length: blockCount }, (_, b) => b);
  return shard ? all.filter((b) => shardOf(b, shard.n) === shard.k) : all;
}

/** The shard (1-based) of n that takes block `block`. */
export function shardOf(block: number, n: number): number {
  return (block % n) + 1;
}
