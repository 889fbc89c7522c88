// Maximum-likelihood fits of one distribution family to a histogram of integers, exactly as the
// generator draws them (src/random/distribution.ts: rounded, then clamped to [min, max]), so a fit
// of generated data recovers the parameters that generated it. Histograms may have suppressed
// bins (count null): with the total known, they form one cell of known mass; without it, the
// likelihood is conditional on landing outside them. Used by calibrate (choosing a family) and by
// `verify --distributions` (measuring generated data with the same estimator).
import type { Distribution } from "../random/index.js";
import type { Bin } from "./bins.js";
import { normalCdf } from "./log-normal.js";
import { goldenMax } from "./power-law.js";

export type Family = "fixed" | "bernoulli" | "uniform" | "powerLaw" | "logNormal" | "exponential";

export const FAMILIES: readonly Family[] = [
  "fixed",
  "bernoulli",
  "uniform",
  "powerLaw",
  "logNormal",
  "exponential",
];

export interface DiscreteFit {
  family: Family;
  /** The fitted distribution as the spec writes it (numbers only). */
  distribution: Distribution;
  /** Free shape parameters (the range comes from the data for every family alike). */
  parameters: number;
  logLikelihood: number;
  /** Akaike's criterion: 2 × parameters − 2 × log-likelihood; lower is better. */
  aic: number;
  /** Largest distance between fitted and observed CDF at the visible bins' upper edges. */
  ks: number;
  /** 1.36 / √n: a KS distance above it rejects the family at 5%. */
  ksCritical: number;
  /** Entities in visible bins. */
  n: number;
  /** Standard errors of the shape parameters, from the observed information. */
  standardErrors: Record<string, number>;
}

export interface FitOptions {
  /** Entities in all bins (visible and suppressed), when known: suppressed bins become one cell. */
  total?: number;
  /** Hold the clamp range (the spec's `min`/`max`) instead of taking it from the data. */
  min?: number;
  max?: number;
}

/** P(value ≤ k) for integer k, as the generator draws the distribution. */
export function cumulative(dist: Distribution): (k: number) => number {
  if ("fixed" in dist) return (k) => (k >= dist.fixed ? 1 : 0);
  if ("bernoulli" in dist) return (k) => (k < 0 ? 0 : k < 1 ? 1 - dist.bernoulli : 1);
  if ("uniform" in dist) {
    const { min, max } = dist.uniform;
    return (k) => Math.min(1, Math.max(0, (Math.floor(k) - min + 1) / (max - min + 1)));
  }
  if ("powerLaw" in dist) {
    const { alpha, min, max } = dist.powerLaw;
    // Prefix sums of k^−α over the first 20,000 values; beyond, the integral with a half-step correction.
    const last = Math.min(max, min + 20_000);
    const prefix = new Float64Array(last - min + 1);
    let acc = 0;
    for (let k = min; k <= last; k++) prefix[k - min] = acc += k ** -alpha;
    const tail = (k: number) => ((k + 0.5) ** (1 - alpha) - (last + 0.5) ** (1 - alpha)) / (1 - alpha);
    const upTo = (k: number) => (k <= last ? prefix[Math.floor(k) - min]! : acc + tail(k));
    const z = upTo(max);
    return (k) => (k < min ? 0 : k >= max ? 1 : upTo(k) / z);
  }
  if ("logNormal" in dist) {
    const { mu, sigma, min = 0, max = Number.POSITIVE_INFINITY } = dist.logNormal;
    // round(x) ≤ k ⟺ x < k + ½ (Math.round rounds halves up).
    return (k) => (k < min ? 0 : k >= max ? 1 : normalCdf((Math.log(k + 0.5) - mu) / sigma));
  }
  const { mean, min = 0, max = Number.POSITIVE_INFINITY } = dist.exponential;
  return (k) => (k < min ? 0 : k >= max ? 1 : 1 - Math.exp(-(k + 0.5) / mean));
}

/**
 * Fits `family` to `bins` ([lo, hi, count | null], inclusive, sorted or not). Undefined when the
 * family cannot produce the data (a power law and zeros, a bernoulli and values above 1, …).
 *
 * @example fitDiscrete("logNormal", [[1, 1, 40], [2, 2, 31], [3, 4, 29]])?.distribution
 */
export function fitDiscrete(
  family: Family,
  bins: readonly Bin[],
  options: FitOptions = {},
): DiscreteFit | undefined {
  const all = [...bins].filter((b) => b[2] !== 0).sort((a, b) => a[0] - b[0]);
  const visible = all.filter((b): b is [number, number, number] => b[2] !== null);
  const n = visible.reduce((s, b) => s + b[2], 0);
  if (n === 0) return undefined;
  const hidden = all.filter((b) => b[2] === null);
  const suppressed = options.total === undefined ? undefined : Math.max(0, options.total - n);
  const lo = options.min ?? all[0]![0];
  const hi = options.max ?? all.at(-1)![1];

  const logLikelihood = (dist: Distribution): number => {
    const cdf = cumulative(dist);
    const mass = ([a, b]: readonly [number, number, unknown]) => Math.max(0, cdf(b) - cdf(a - 1));
    let ll = 0;
    for (const b of visible) ll += b[2] * Math.log(Math.max(1e-300, mass(b)));
    const hiddenMass = hidden.reduce((s, b) => s + mass(b), 0);
    if (suppressed !== undefined) {
      if (suppressed > 0) ll += suppressed * Math.log(Math.max(1e-300, hiddenMass));
    } else ll -= n * Math.log(Math.max(1e-300, 1 - hiddenMass));
    return ll;
  };

  let dist: Distribution;
  let parameters: number;
  let names: string[] = [];
  let fromVector: (x: number[]) => Distribution = () => dist;
  switch (family) {
    case "fixed": {
      if (all.length !== 1 || all[0]![0] !== all[0]![1]) return undefined;
      dist = { fixed: all[0]![0] };
      parameters = 0;
      break;
    }
    case "bernoulli": {
      if (lo < 0 || hi > 1) return undefined;
      // With the total known, a suppressed side holds what the visible one does not.
      const ones = visible.find((b) => b[0] === 1)?.[2];
      const zeros = visible.find((b) => b[0] === 0)?.[2];
      const total = options.total ?? n;
      dist = { bernoulli: ones !== undefined ? ones / total : 1 - (zeros ?? 0) / total };
      parameters = 1;
      names = ["p"];
      fromVector = ([p]) => ({ bernoulli: p! });
      break;
    }
    case "uniform": {
      dist = { uniform: { min: lo, max: hi } };
      parameters = 0;
      break;
    }
    case "powerLaw": {
      if (lo < 1) return undefined;
      const at = (alpha: number): Distribution => ({ powerLaw: { alpha, min: lo, max: hi } });
      dist = at(goldenMax((a) => logLikelihood(at(a)), 1.01, 6));
      parameters = 1;
      names = ["alpha"];
      fromVector = ([a]) => at(a!);
      break;
    }
    case "logNormal": {
      if (lo < 0) return undefined;
      const clamp = { ...(lo > 0 ? { min: lo } : {}), ...(Number.isFinite(hi) ? { max: hi } : {}) };
      const at = (mu: number, sigma: number): Distribution => ({ logNormal: { mu, sigma, ...clamp } });
      // Start from the moments of ln(bin midpoint), then coordinate ascent (smooth, unimodal here).
      const mid = (b: Bin) => Math.log(Math.max(0.5, Math.sqrt(Math.max(0.25, b[0]) * (b[1] + 0.5))));
      let mu = visible.reduce((s, b) => s + b[2] * mid(b), 0) / n;
      let sigma = Math.max(0.05, Math.sqrt(visible.reduce((s, b) => s + b[2] * (mid(b) - mu) ** 2, 0) / n));
      for (let round = 0; round < 10; round++) {
        const s0 = sigma;
        mu = goldenMax((m) => logLikelihood(at(m, s0)), mu - 3 * s0 - 1, mu + 3 * s0 + 1);
        const m0 = mu;
        sigma = goldenMax((s) => logLikelihood(at(m0, s)), Math.max(0.005, s0 / 4), s0 * 4 + 0.1);
      }
      dist = at(mu, sigma);
      parameters = 2;
      names = ["mu", "sigma"];
      fromVector = ([m, s]) => at(m!, s!);
      break;
    }
    case "exponential": {
      if (lo < 0) return undefined;
      const clamp = { ...(lo > 0 ? { min: lo } : {}), ...(Number.isFinite(hi) ? { max: hi } : {}) };
      const at = (mean: number): Distribution => ({ exponential: { mean, ...clamp } });
      const top = all.at(-1)![1];
      const logMean = goldenMax((l) => logLikelihood(at(Math.exp(l))), Math.log(0.01), Math.log(top + 10));
      dist = at(Math.exp(logMean));
      parameters = 1;
      names = ["mean"];
      fromVector = ([m]) => at(m!);
      break;
    }
  }
  const ll = logLikelihood(dist);
  if (!Number.isFinite(ll) || ll < -1e250) return undefined;

  const cdf = cumulative(dist);
  const masses = visible.map(([a, b]) => Math.max(0, cdf(b) - cdf(a - 1)));
  const totalMass = masses.reduce((s, x) => s + x, 0);
  let model = 0;
  let observed = 0;
  let ks = 0;
  for (let i = 0; i < visible.length; i++) {
    model += totalMass > 0 ? masses[i]! / totalMass : 0;
    observed += visible[i]![2] / n;
    ks = Math.max(ks, Math.abs(model - observed));
  }
  return {
    family,
    distribution: dist,
    parameters,
    logLikelihood: ll,
    aic: 2 * parameters - 2 * ll,
    ks,
    ksCritical: 1.36 / Math.sqrt(n),
    n,
    standardErrors: standardErrors(names, vectorOf(dist), (x) => logLikelihood(fromVector(x))),
  };
}

/** The shape parameters of a fitted distribution, in the order `standardErrors` names them. */
function vectorOf(dist: Distribution): number[] {
  if ("bernoulli" in dist) return [dist.bernoulli];
  if ("powerLaw" in dist) return [dist.powerLaw.alpha];
  if ("logNormal" in dist) return [dist.logNormal.mu, dist.logNormal.sigma];
  if ("exponential" in dist) return [dist.exponential.mean];
  return [];
}

/** √diag of the inverse observed information (the negated Hessian of the log-likelihood). */
function standardErrors(names: string[], x: number[], ll: (x: number[]) => number): Record<string, number> {
  if (names.length === 0) return {};
  const h = x.map((v) => Math.max(1e-4, Math.abs(v) * 1e-3));
  const at = (d: number[]) => ll(x.map((v, i) => v + (d[i] ?? 0)));
  const f0 = at([]);
  const hess = names.map((_, i) =>
    names.map((_, j) => {
      const e = (si: number, sj: number) => {
        const d = x.map(() => 0);
        d[i]! += si * h[i]!;
        d[j]! += sj * h[j]!;
        return d;
      };
      if (i === j) return (at(e(1, 0)) - 2 * f0 + at(e(-1, 0))) / (h[i]! * h[i]!);
      return (at(e(1, 1)) - at(e(1, -1)) - at(e(-1, 1)) + at(e(-1, -1))) / (4 * h[i]! * h[j]!);
    }),
  );
  const out: Record<string, number> = {};
  if (names.length === 1) {
    out[names[0]!] = Math.sqrt(Math.max(0, -1 / hess[0]![0]!));
    return out;
  }
  const [[a, b], [c, d]] = hess as [[number, number], [number, number]];
  const det = a * d - b * c;
  out[names[0]!] = Math.sqrt(Math.max(0, -d / det));
  out[names[1]!] = Math.sqrt(Math.max(0, -a / det));
  return out;
}
