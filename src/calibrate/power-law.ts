// Discrete power-law fits: the maximum-likelihood alpha from exact values (what `verify
// --distributions` measures) and from a k-suppressed histogram (what calibrate reads), with x_min
// chosen as Clauset, Shalizi & Newman (2009) do, by the Kolmogorov–Smirnov distance.
import type { Bin } from "./bins.js";

/** Discrete power-law MLE on [min, max]: maximises −α Σ ln x − n ln Σ_k k^−α (golden section). */
export function discreteAlphaMle(xs: readonly number[], min: number, max: number): number {
  if (xs.length === 0) return Number.NaN;
  const sumLog = xs.reduce((s, x) => s + Math.log(x), 0);
  const exact = Math.min(max, min + 100_000);
  const logZ = (alpha: number) => {
    let z = 0;
    for (let k = min; k <= exact; k++) z += k ** -alpha;
    if (max > exact) z += ((max + 0.5) ** (1 - alpha) - (exact + 0.5) ** (1 - alpha)) / (1 - alpha);
    return Math.log(z);
  };
  return goldenMax((alpha) => -alpha * sumLog - xs.length * logZ(alpha), 1.01, 5);
}

export interface PowerLawFit {
  alpha: number;
  xMin: number;
  /** Parents the fit used (in visible bins at or above x_min). */
  n: number;
  /** Largest distance between the fitted and the observed CDF at the visible bins' upper edges. */
  ks: number;
  /** The KS distance under which a power law is not rejected at 5% (1.36 / √n). */
  ksCritical: number;
}

/**
 * Fits P(k) ∝ k^−α to a histogram whose suppressed bins are unknown: the likelihood is conditional
 * on the visible bins (each bin's mass Σ_{k∈bin} k^−α over the visible bins' total), which is
 * unbiased whatever was suppressed, since suppression depends on the bin, not on α. x_min is the
 * smallest candidate whose KS distance is under the 5% critical value (else the one with the least
 * distance): the lower cut-off at which the data stop contradicting a power law.
 *
 * @example binnedPowerLaw([[1, 1, 600], [2, 2, 170], [3, 3, 80], [4, 5, 70]], [1, 2]).alpha // ≈ 1.8
 */
export function binnedPowerLaw(bins: readonly Bin[], candidates: readonly number[] = [1]): PowerLawFit {
  let best: PowerLawFit | undefined;
  let firstAccepted: PowerLawFit | undefined;
  for (const xMin of candidates) {
    const fit = fitAt(bins, xMin);
    if (!fit) continue;
    if (!best || fit.ks < best.ks) best = fit;
    if (!firstAccepted && fit.ks <= fit.ksCritical) firstAccepted = fit;
  }
  const chosen = firstAccepted ?? best;
  if (!chosen)
    return { alpha: Number.NaN, xMin: candidates[0] ?? 1, n: 0, ks: Number.NaN, ksCritical: Number.NaN };
  return chosen;
}

function fitAt(bins: readonly Bin[], xMin: number): PowerLawFit | undefined {
  const visible = bins.filter(
    (b): b is [number, number, number] => b[2] !== null && b[0] >= xMin && b[2] > 0,
  );
  const n = visible.reduce((s, b) => s + b[2], 0);
  if (visible.length < 2 || n === 0) return undefined;
  const mass = (alpha: number) => visible.map(([lo, hi]) => binMass(lo, hi, alpha));
  const ll = (alpha: number) => {
    const m = mass(alpha);
    const total = m.reduce((s, x) => s + x, 0);
    return visible.reduce((s, b, i) => s + b[2] * Math.log(m[i]! / total), 0);
  };
  const alpha = goldenMax(ll, 1.01, 5);
  const m = mass(alpha);
  const total = m.reduce((s, x) => s + x, 0);
  let model = 0;
  let observed = 0;
  let ks = 0;
  for (let i = 0; i < visible.length; i++) {
    model += m[i]! / total;
    observed += visible[i]![2] / n;
    ks = Math.max(ks, Math.abs(model - observed));
  }
  return { alpha, xMin, n, ks, ksCritical: 1.36 / Math.sqrt(n) };
}

/** Σ_{k=lo}^{hi} k^−α, exact for the first 20,000 terms, then by the integral with a half-step correction. */
function binMass(lo: number, hi: number, alpha: number): number {
  const exactTo = Math.min(hi, lo + 20_000);
  let s = 0;
  for (let k = lo; k <= exactTo; k++) s += k ** -alpha;
  if (hi > exactTo) s += ((hi + 0.5) ** (1 - alpha) - (exactTo + 0.5) ** (1 - alpha)) / (1 - alpha);
  return s;
}

/** The argument of the maximum of a unimodal function on [lo, hi]. */
export function goldenMax(f: (x: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 60; i++) {
    const m1 = b - (b - a) / 1.618;
    const m2 = a + (b - a) / 1.618;
    if (f(m1) < f(m2)) a = m1;
    else b = m2;
  }
  return (a + b) / 2;
}
