// k distinct integers from [0, n): Floyd's algorithm, exactly k draws and no retries, so values
// that must be unique per parent (composite keys) are unique by construction.
import type { Rng } from "./stream.js";

export function sampleDistinct(rng: Rng, n: number, k: number): number[] {
  if (k > n) throw new RangeError(`cannot draw ${k} distinct values from ${n}`);
  const chosen = new Set<number>();
  const order: number[] = [];
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(rng.next() * (j + 1));
    const value = chosen.has(t) ? j : t;
    chosen.add(value);
    order.push(value);
  }
  return order;
}
