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
 * The log-normal of integers `round(exp(μ + σZ))` (as the generator draws lengths and sizes):
 * from exact log moments when the sampler measured them, else from the bins; KS at bin edges,
 * conditional on the visible bins.
 *
 * @example logNormalFit([[1, 1, 5], [2, 2, 9]], { mean: 0.4, sd: 0.3, n: 14 }).mu // 0.4
 */
export function logNormalFit(
  bins: readonly Bin[],
  moments?: { mean: number; sd: number; n: number },
): LogNormalFit {
  const visible = bins.filter((b): b is [number, number, number] => b[2] !== null && b[0] > 0);
  let mu: number;
  let sigma: number;
  let n: number;
  if (moments && moments.n > 0) {
    ({ mean: mu, sd: sigma, n } = moments);
  } else {
    n = visible.reduce((s, b) => s + b[2], 0);
    const mid = (b: Bin) => Math.log(Math.sqrt(b[0] * b[1]));
    mu = visible.reduce((s, b) => s + b[2] * mid(b), 0) / n;
    sigma = Math.sqrt(visible.reduce((s, b) => s + b[2] * (mid(b) - mu) ** 2, 0) / n);
  }
  const cdf = (x: number) => normalCdf((Math.log(x + 0.5) - mu) / sigma);
  const total = visible.reduce((s, [lo, hi]) => s + cdf(hi) - cdf(lo - 1), 0);
  const count = visible.reduce((s, b) => s + b[2], 0);
  let model = 0;
  let observed = 0;
  let ks = 0;
  for (const [lo, hi, c] of visible) {
    model += (cdf(hi) - cdf(lo - 1)) / total;
    observed += c / count;
    ks = Math.max(ks, Math.abs(model - observed));
  }
  return { mu, sigma, n, ks };
}
