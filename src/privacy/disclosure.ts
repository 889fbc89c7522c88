// What makes a count safe to write: optional Laplace noise (ε-differential privacy for counts,
// sensitivity 1, scale 1/ε), then k-suppression (a bucket with fewer than k entities becomes
// null). Noise comes from the operating system's CSPRNG: it must not be reproducible.
import { randomBytes } from "node:crypto";
import type { MetricsBin } from "./metrics-format.js";

export class Disclosure {
  readonly k: number;
  readonly epsilon: number | null;
  suppressed = 0;

  constructor(k: number, epsilon: number | null) {
    this.k = k;
    this.epsilon = epsilon;
  }

  /** A count as written: noised when ε is set, null when 0 < count < k. */
  count(n: number): number | null {
    const noisy = this.noisy(n);
    if (noisy > 0 && noisy < this.k) {
      this.suppressed++;
      return null;
    }
    return noisy;
  }

  /** A total that is not a bucket (rows of a table): noised, never suppressed. */
  noisy(n: number): number {
    if (this.epsilon === null) return n;
    return Math.max(0, Math.round(n + laplace(1 / this.epsilon)));
  }

  /** Exact value → count pairs, grouped into `bins(…)` and disclosed. Empty bins are left out. */
  bins(exact: ReadonlyMap<number, number>): MetricsBin[] {
    const grouped = new Map<number, number>();
    for (const [value, n] of exact) {
      const lo = binStart(value);
      grouped.set(lo, (grouped.get(lo) ?? 0) + n);
    }
    return [...grouped.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([lo, n]): MetricsBin => [lo, binEnd(lo), this.count(n)])
      .filter((b) => b[2] !== 0);
  }
}

/**
 * Bins of integer values: one per value up to 16 (fan-outs and short lengths keep their exact
 * shape), then each bin 1.25 times as wide as the last, so a heavy tail keeps enough entities per
 * bin to survive suppression. Negative values (rare: counts and lengths have none) keep exact bins.
 */
export function binStart(value: number): number {
  const v = Math.floor(value);
  if (v <= 16) return v;
  let lo = 17;
  for (;;) {
    const hi = binEnd(lo);
    if (v <= hi) return lo;
    lo = hi + 1;
  }
}

export function binEnd(lo: number): number {
  if (lo <= 16) return lo;
  return Math.max(lo, Math.floor(lo * 1.25) - 1);
}

/** One draw of Laplace(0, scale), from the CSPRNG. */
function laplace(scale: number): number {
  const u = randomBytes(6).readUIntBE(0, 6) / 2 ** 48 - 0.5; // [-0.5, 0.5)
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}
