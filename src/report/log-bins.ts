// Histogram bins of integers on a logarithmic scale (lengths from 1 to thousands, sizes to 10^8):
// equal widths of ln x, rounded to whole numbers, so that short values keep bins of their own and
// the long tail still fits in a few dozen bars. Pure.

export type IntegerBin = [lo: number, hi: number];

/** Bins covering [min, max] (inclusive), at most about `maxBins` of them. */
export function logBins(min: number, max: number, maxBins = 36): IntegerBin[] {
  const lo = Math.max(1, Math.floor(min));
  const hi = Math.max(lo, Math.ceil(max));
  const span = Math.log(hi + 1) - Math.log(lo);
  const width = Math.max(0.2, span / maxBins);
  const bins: IntegerBin[] = [];
  let start = lo;
  for (let k = 1; start <= hi; k++) {
    const end = Math.min(hi, Math.max(start, Math.round(lo * Math.exp(k * width)) - 1));
    if (end >= start) {
      bins.push([start, end]);
      start = end + 1;
    }
  }
  // Zero (empty text, size 0) gets a bin of its own in front.
  return min <= 0 ? [[0, 0], ...bins] : bins;
}

/** Label of a bin for a category axis: "7" or "8–10". */
export function binLabel([lo, hi]: IntegerBin): string {
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

/** Counts of an integer histogram (value → count) gathered into the bins. */
export function binCounts(
  counts: ReadonlyArray<[value: number, count: number]>,
  bins: readonly IntegerBin[],
): number[] {
  const out = new Array<number>(bins.length).fill(0);
  for (const [value, count] of counts) {
    const i = bins.findIndex(([lo, hi]) => value >= lo && value <= hi);
    if (i >= 0) out[i]! += count;
  }
  return out;
}
