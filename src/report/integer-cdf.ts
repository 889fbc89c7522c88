// The cumulative distribution P(X ≤ x) of the integers a spec distribution makes, exactly as the
// generator draws them (src/random/distribution.ts: log-normal and exponential draws rounded and
// clamped, the discrete power law with its exact head and continuous tail): what the report
// draws as "spec" beside the measured data, and what its KS distances are taken against. Pure.
import { normalCdf } from "../calibrate/index.js";
import { type Distribution, powerLawMass } from "../random/distribution.js";

export type Cdf = (x: number) => number;

/** P(X ≤ x) for integer x of the distribution's integer draws. */
export function integerCdf(dist: Distribution): Cdf {
  if ("fixed" in dist) {
    const value = Math.round(dist.fixed);
    return (x) => (x >= value ? 1 : 0);
  }
  if ("uniform" in dist) {
    const { min, max } = dist.uniform;
    return (x) => clamp01((Math.floor(x) - min + 1) / (max - min + 1));
  }
  if ("powerLaw" in dist) return powerLawCdf(dist.powerLaw.alpha, dist.powerLaw.min, dist.powerLaw.max);
  if ("logNormal" in dist) {
    const { mu, sigma, min = 0, max = Number.MAX_SAFE_INTEGER } = dist.logNormal;
    // round(Y) ≤ x ⇔ Y < x + ½ for Y = exp(μ + σZ); the clamp piles the rest on min and max.
    return (x) => (x < min ? 0 : x >= max ? 1 : normalCdf((Math.log(x + 0.5) - mu) / sigma));
  }
  if ("exponential" in dist) {
    const { mean, min = 0, max = Number.MAX_SAFE_INTEGER } = dist.exponential;
    return (x) => (x < min ? 0 : x >= max ? 1 : 1 - Math.exp(-(x + 0.5) / mean));
  }
  const p = dist.bernoulli;
  return (x) => (x < 0 ? 0 : x < 1 ? 1 - p : 1);
}

/** A mixture: `parts` weighted by their shares (which sum to 1). */
export function mixtureCdf(parts: ReadonlyArray<{ share: number; cdf: Cdf }>): Cdf {
  return (x) => parts.reduce((s, p) => s + p.share * p.cdf(x), 0);
}

/** The discrete power law on [min, max] from the very sums `discretePowerLaw` samples with. */
function powerLawCdf(alpha: number, min: number, max: number): Cdf {
  const { head, last, acc, a, tailLo, total } = powerLawMass(alpha, min, max);
  return (x) => {
    if (x < min) return 0;
    if (x >= max) return 1;
    if (x <= last) return head[Math.floor(x) - min]! / total;
    return (acc + ((Math.floor(x) + 0.5) ** a - tailLo) / a) / total;
  };
}

/**
 * The Kolmogorov–Smirnov distance between a measured integer histogram (value → count) and a CDF:
 * exact for integer distributions, since between two measured values the empirical CDF is flat and
 * the largest gap sits at one end of the stretch.
 */
export function ksDistance(counts: ReadonlyArray<[value: number, count: number]>, cdf: Cdf): number {
  const sorted = [...counts].filter((c) => c[1] > 0).sort((p, q) => p[0] - q[0]);
  const n = sorted.reduce((s, c) => s + c[1], 0);
  if (n === 0) return 0;
  let below = 0;
  let d = 0;
  for (const [value, count] of sorted) {
    // Just before `value`: the empirical CDF is still `below / n`.
    d = Math.max(d, Math.abs(cdf(value - 1) - below / n));
    below += count;
    d = Math.max(d, Math.abs(cdf(value) - below / n));
  }
  return d;
}

/** The KS distance under which a sample of n is not rejected at 1% (1.63 / √n). */
export function ksCritical(n: number): number {
  return 1.63 / Math.sqrt(Math.max(1, n));
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
