// `verify --distributions` for one integer distribution of the spec (a fan-out, a text length, a
// number): the loaded data's histogram is fitted with the same maximum-likelihood estimator that
// calibrate uses, with the spec's own clamps, and each shape parameter is compared with the spec.
// A tolerance is the fixed one (α ± 0.1, μ and σ ± 0.05, …) or three standard errors of the
// estimate when the sample is too small for it, so a small table is not failed for its noise.
import { type Bin, fitDiscrete } from "../calibrate/index.js";
import { binEnd, binStart } from "../privacy/index.js";
import type { Distribution } from "../random/index.js";
import { type DistributionCheck, distributionCheck } from "./distribution-result.js";

export const TOLERANCE = {
  alpha: 0.1,
  mu: 0.05,
  sigma: 0.05,
  l1: 0.05,
  heavyShare: 0.005,
  share: 0.01,
} as const;

type Check = (what: string, expected: number, measured: number, tolerance: number, detail?: string) => void;
type MleFamily = Extract<
  Distribution,
  { logNormal: unknown } | { exponential: unknown } | { powerLaw: unknown }
>;

/**
 * @param name  what is measured, e.g. "Comment.task fan-out"
 * @param bins  the loaded data's histogram, `[lo, hi, count]` (no suppression)
 */
export function familyChecks(name: string, dist: Distribution, bins: readonly Bin[]): DistributionCheck[] {
  const n = bins.reduce((s, b) => s + (b[2] ?? 0), 0);
  if (n === 0) return [];
  const out: DistributionCheck[] = [];
  const check: Check = (what, expected, measured, tolerance, detail) =>
    out.push(distributionCheck(`${name}: ${what}`, expected, measured, tolerance, detail));
  if ("fixed" in dist || "bernoulli" in dist || "uniform" in dist) shareChecks(dist, bins, n, check);
  else mleChecks(dist, bins, n, check);
  return out;
}

/** Families checked by the shares of their values: fixed, bernoulli, uniform. */
function shareChecks(
  dist: Exclude<Distribution, MleFamily>,
  bins: readonly Bin[],
  n: number,
  check: Check,
): void {
  const share = (pick: (lo: number, hi: number) => boolean) =>
    bins.reduce((s, b) => s + (pick(b[0], b[1]) ? (b[2] ?? 0) : 0), 0) / n;
  if ("fixed" in dist) {
    // Bins are exact up to 16; above, the bin holding the value stands for it.
    check(
      `share of ${dist.fixed}`,
      1,
      share((lo, hi) => lo <= dist.fixed && dist.fixed <= hi),
      0,
    );
  } else if ("bernoulli" in dist) {
    const p = dist.bernoulli;
    check(
      "bernoulli p (share with one)",
      p,
      share((lo) => lo >= 1),
      sharesTolerance(p, n),
    );
  } else {
    const { min, max } = dist.uniform;
    check(
      `share outside [${min}, ${max}]`,
      0,
      share((lo, hi) => hi < min || lo > max),
      0,
    );
    const mean = bins.reduce((s, b) => s + ((b[0] + b[1]) / 2) * (b[2] ?? 0), 0) / n;
    const sd = Math.sqrt(((max - min + 1) ** 2 - 1) / 12);
    check("uniform mean", (min + max) / 2, mean, Math.max(0.05, (3 * sd) / Math.sqrt(n)));
  }
}

/** Families fitted by maximum likelihood with the spec's clamps: log-normal, exponential, power law. */
function mleChecks(dist: MleFamily, bins: readonly Bin[], n: number, check: Check): void {
  const clamp =
    "logNormal" in dist
      ? { min: dist.logNormal.min ?? 0, max: dist.logNormal.max ?? Number.POSITIVE_INFINITY }
      : "exponential" in dist
        ? { min: dist.exponential.min ?? 0, max: dist.exponential.max ?? Number.POSITIVE_INFINITY }
        : { min: dist.powerLaw.min, max: dist.powerLaw.max };
  const family = "logNormal" in dist ? "logNormal" : "exponential" in dist ? "exponential" : "powerLaw";
  const fit = fitDiscrete(family, bins, { ...clamp, total: n });
  const se = (key: string) => fit?.standardErrors[key] ?? 0;
  const detail = fit ? `MLE over ${n} values, KS ${round(fit.ks)}` : "the family cannot produce these values";
  const fitted = fit?.distribution;
  if ("logNormal" in dist) {
    const got = fitted && "logNormal" in fitted ? fitted.logNormal : { mu: Number.NaN, sigma: Number.NaN };
    check("log-normal mu (MLE)", dist.logNormal.mu, got.mu, Math.max(TOLERANCE.mu, 3 * se("mu")), detail);
    check(
      "log-normal sigma (MLE)",
      dist.logNormal.sigma,
      got.sigma,
      Math.max(TOLERANCE.sigma, 3 * se("sigma")),
    );
  } else if ("exponential" in dist) {
    const got = fitted && "exponential" in fitted ? fitted.exponential.mean : Number.NaN;
    const m = dist.exponential.mean;
    check("exponential mean (MLE)", m, got, Math.max(0.05 * m, 3 * se("mean")), detail);
  } else {
    const got = fitted && "powerLaw" in fitted ? fitted.powerLaw.alpha : Number.NaN;
    check(
      "power-law alpha (MLE)",
      dist.powerLaw.alpha,
      got,
      Math.max(TOLERANCE.alpha, 3 * se("alpha")),
      detail,
    );
  }
}

/** |share − p| allowed: 0.01, or three standard errors of a share of n. */
export function sharesTolerance(p: number, n: number): number {
  return Math.max(TOLERANCE.share, 3 * Math.sqrt((p * (1 - p)) / Math.max(1, n)));
}

/** L1 between observed shares and weights allowed: 0.02, or three times what sampling alone gives. */
export function mixTolerance(weights: readonly number[], n: number): number {
  const noise = weights.reduce((s, p) => s + Math.sqrt((2 * p * (1 - p)) / (Math.PI * Math.max(1, n))), 0);
  return Math.max(0.02, 3 * noise);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Value → count pairs in the sampler's bins (exact up to 16, then 1.25 times wider each). */
export function binned(pairs: ReadonlyArray<readonly [number, number]>): Bin[] {
  const grouped = new Map<number, number>();
  for (const [v, n] of pairs) grouped.set(binStart(v), (grouped.get(binStart(v)) ?? 0) + n);
  return [...grouped].sort((a, b) => a[0] - b[0]).map(([lo, n]): Bin => [lo, binEnd(lo), n]);
}
