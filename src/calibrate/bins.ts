// Histogram bins as metrics.json writes them: `[lo, hi, count]`, inclusive integer bounds, and a
// count of null where the bucket held fewer than k entities and was suppressed.

export type Bin = [lo: number, hi: number, count: number | null];

/** The number of entities in visible bins. */
export function visibleCount(bins: readonly Bin[]): number {
  return bins.reduce((s, b) => s + (b[2] ?? 0), 0);
}
