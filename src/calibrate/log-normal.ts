// Log-normal fits: μ and σ are the mean and (population) deviation of ln x, which is the maximum-
// likelihood estimate; from a histogram alone, ln of each bin's geometric midpoint stands in.
import type { Bin } from "./bins.js";

export interface LogNormalFit {
  mu: number;
  sigma: number;
  n: number;
  /** Largest distance between the fitted and the observed CDF at the visible bins' upper edges. */
  ks: number;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/**
 * The log-normal of integers `clamp(round(exp(μ + σZ)), min, max)` (as the generator draws
 * lengths, sizes and fan-outs). With exact log moments (the sampler measured them and nothing is
 * clamped away) those are the MLE. Otherwise the fit maximises the likelihood of the histogram
 * conditional on its visible bins (suppressed bins carry no information, and leaving them out
 * biases nothing), with the clamped mass in the end bins; KS at bin edges, over the visible bins.
 *
 * @example logNormalFit([[1, 1, 5], [2, 2, 9]], { mean: 0.4, sd: 0.3, n: 14 }).mu // 0.4
 */
export function logNormalFit(
  bins: readonly Bin[],
  moments?: { mean: number; sd: number; n: number },
  clamp: { min?: number; max?: number } = {},
): LogNormalFit {
  const visible = bins.filter((b): b is [number, number, number] => b[2] !== null && b[2] > 0 && b[1] > 0);
  const count = visible.reduce((s, b) => s + b[2], 0);
  const lower = clamp.min ?? 0;
  const upper = clamp.max ?? Number.POSITIVE_INFINITY;
  const mass = (mu: number, sigma: number) => {
    const cdf = (x: number) => (x >= upper ? 1 : x < lower ? 0 : normalCdf((Math.log(x + 0.5) - mu) / sigma));
    return visible.map(([lo, hi]) => Math.max(1e-300, cdf(hi) - (lo <= lower ? 0 : cdf(lo - 1))));
  };
  let mu: number;
  let sigma: number;
  let n: number;
  if (moments && moments.n > 0) {
    ({ mean: mu, sd: sigma, n } = moments);
  } else {
    n = count;
    const mid = (b: Bin) => Math.log(Math.sqrt(Math.max(1, b[0]) * b[1]));
    mu = visible.reduce((s, b) => s + b[2] * mid(b), 0) / n;
    sigma = Math.max(0.05, Math.sqrt(visible.reduce((s, b) => s + b[2] * (mid(b) - mu) ** 2, 0) / n));
    const ll = (m: number, sd: number) => {
      const p = mass(m, sd);
      const total = p.reduce((s, x) => s + x, 0);
      return visible.reduce((s, b, i) => s + b[2] * Math.log(p[i]! / total), 0);
    };
    // Coordinate ascent from the midpoint estimate: the likelihood is smooth and unimodal here.
    for (let round = 0; round < 8; round++) {
      const s0 = sigma;
      mu = goldenSection((m) => ll(m, s0), mu - 3 * s0, mu + 3 * s0);
      const m0 = mu;
      sigma = goldenSection((sd) => ll(m0, sd), Math.max(0.01, s0 / 3), s0 * 3);
    }
  }
  const p = mass(mu, sigma);
  const total = p.reduce((s, x) => s + x, 0);
  let model = 0;
  let observed = 0;
  let ks = 0;
  for (let i = 0; i < visible.length; i++) {
    model += p[i]! / total;
    observed += visible[i]![2] / count;
    ks = Math.max(ks, Math.abs(model - observed));
  }
  return { mu, sigma, n, ks };
}

function goldenSection(f: (x: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 50; i++) {
    const m1 = b - (b - a) / 1.618;
    const m2 = a + (b - a) / 1.618;
    if (f(m1) < f(m2)) a = m1;
    else b = m2;
  }
  return (a + b) / 2;
}
