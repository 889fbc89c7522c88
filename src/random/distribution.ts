// Numeric distributions of the spec, compiled once into samplers. Pure: a sampler draws only from
// the Rng it is given, so its values depend on the stream's path and nothing else.
import { type Rng, standardNormal } from "./stream.js";

export type Distribution =
  | { fixed: number }
  | { uniform: { min: number; max: number } }
  | { powerLaw: { alpha: number; min: number; max: number } }
  | { logNormal: { mu: number; sigma: number; min?: number; max?: number } }
  | { exponential: { mean: number; min?: number; max?: number } }
  | { bernoulli: number };

export type Sampler = (rng: Rng) => number;

/** Compiles a distribution into a sampler of integers (counts, lengths, sizes). */
export function integerSampler(dist: Distribution): Sampler {
  if ("fixed" in dist) {
    const value = Math.round(dist.fixed);
    return () => value;
  }
  if ("uniform" in dist) {
    const { min, max } = dist.uniform;
    const span = max - min + 1;
    return (rng) => min + Math.floor(rng.next() * span);
  }
  if ("powerLaw" in dist) return discretePowerLaw(dist.powerLaw.alpha, dist.powerLaw.min, dist.powerLaw.max);
  if ("logNormal" in dist) {
    const { mu, sigma, min = 0, max = Number.MAX_SAFE_INTEGER } = dist.logNormal;
    return (rng) => clamp(Math.round(Math.exp(mu + sigma * standardNormal(rng))), min, max);
  }
  if ("exponential" in dist) {
    const { mean, min = 0, max = Number.MAX_SAFE_INTEGER } = dist.exponential;
    return (rng) => clamp(Math.round(-mean * Math.log(1 - rng.next())), min, max);
  }
  const p = dist.bernoulli;
  return (rng) => (rng.next() < p ? 1 : 0);
}

/**
 * Compiles a distribution into a sampler of real numbers (amounts, durations, ratings): the same
 * parameterisation as integerSampler without the rounding. A power law stays discrete.
 */
export function realSampler(dist: Distribution): Sampler {
  if ("uniform" in dist) {
    const { min, max } = dist.uniform;
    return (rng) => min + rng.next() * (max - min);
  }
  if ("logNormal" in dist) {
    const { mu, sigma, min = 0, max = Number.MAX_VALUE } = dist.logNormal;
    return (rng) => clamp(Math.exp(mu + sigma * standardNormal(rng)), min, max);
  }
  if ("exponential" in dist) {
    const { mean, min = 0, max = Number.MAX_VALUE } = dist.exponential;
    return (rng) => clamp(-mean * Math.log(1 - rng.next()), min, max);
  }
  return integerSampler(dist);
}

/**
 * Discrete power law P(k) ∝ k^-alpha on [min, max], exact: the CDF is tabulated for the first
 * TABLE values (where the continuous approximation is poor: at k = 1 it is off by ~10%), and
 * the tail beyond uses the continuous inverse CDF with the half-integer correction (Clauset,
 * Shalizi & Newman 2009, D.6), which is accurate there. One uniform per draw, no rejection.
 */
export function discretePowerLaw(alpha: number, min: number, max: number): Sampler {
  const { head, last, acc, a, tailLo, tailHi, tailMass, total } = powerLawMass(alpha, min, max);
  return (rng) => {
    const u = rng.next() * total;
    if (u >= acc) {
      const v = (u - acc) / tailMass;
      const x = (tailLo + v * (tailHi - tailLo)) ** (1 / a);
      return clamp(Math.floor(x + 0.5), last + 1, max);
    }
    let lo = 0;
    let hi = head.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (head[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return min + lo;
  };
}

/**
 * The unnormalised mass of the discrete power law on [min, max] as `discretePowerLaw` draws it:
 * cumulative sums of k^-alpha for the first 10,000 values (`head`, up to `last`), and beyond them
 * the continuous integral over (last + ½, max + ½). The report's CDF of the spec uses the same.
 */
export function powerLawMass(alpha: number, min: number, max: number) {
  const TABLE = 10_000;
  const last = Math.min(max, min + TABLE - 1);
  const head = new Float64Array(last - min + 1);
  let acc = 0;
  for (let k = min; k <= last; k++) {
    acc += k ** -alpha;
    head[k - min] = acc;
  }
  const a = 1 - alpha; // alpha > 1, so a < 0
  const tailLo = (last + 0.5) ** a;
  const tailHi = (max + 0.5) ** a;
  const tailMass = last < max ? (tailHi - tailLo) / a : 0; // ∫ x^-alpha over (last + ½, max + ½)
  return { head, last, acc, a, tailLo, tailHi, tailMass, total: acc + tailMass };
}

/** Cumulative weights for a categorical choice; `pick` returns an index. */
export function categoricalSampler(weights: readonly number[]): Sampler {
  const total = weights.reduce((s, w) => s + w, 0);
  const cumulative = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += (weights[i] ?? 0) / total;
    cumulative[i] = acc;
  }
  const last = weights.length - 1;
  return (rng) => {
    const u = rng.next();
    for (let i = 0; i < last; i++) if (u < (cumulative[i] ?? 1)) return i;
    return last;
  };
}

function clamp(x: number, min: number, max: number): number {
  return x < min ? min : Math.min(x, max);
}
