// Choosing a distribution family by goodness of fit: every candidate family is fitted by maximum
// likelihood to the same histogram, and the one with the lowest Akaike criterion wins (a family
// with more shape parameters must earn them). The others are reported with their distance in AIC,
// so a reader sees whether the choice was clear (a gap of 10 or more) or a near tie.
import type { Bin } from "./bins.js";
import { type DiscreteFit, type Family, type FitOptions, fitDiscrete } from "./discrete-fit.js";

export interface BestFit {
  chosen: DiscreteFit;
  /** The other families that could produce the data, best first, with ΔAIC against the chosen one. */
  alternatives: { family: Family; deltaAic: number; ks: number }[];
}

/**
 * @example bestFit(bins, ["powerLaw", "logNormal", "exponential"])?.chosen.family // "powerLaw"
 */
export function bestFit(
  bins: readonly Bin[],
  families: readonly Family[],
  options: FitOptions = {},
): BestFit | undefined {
  // Ties (a bernoulli and an exponential clamped to [0, 1] are the same model) go to the family
  // listed first: the simpler name for the same distribution.
  const fits = families
    .map((f) => fitDiscrete(f, bins, options))
    .filter((f): f is DiscreteFit => f !== undefined)
    .sort((a, b) => (Math.abs(a.aic - b.aic) < 1e-6 * (1 + Math.abs(a.aic)) ? 0 : a.aic - b.aic));
  const chosen = fits[0];
  if (!chosen) return undefined;
  return {
    chosen,
    alternatives: fits.slice(1).map((f) => ({
      family: f.family,
      deltaAic: Math.round((f.aic - chosen.aic) * 10) / 10,
      ks: Math.round(f.ks * 10_000) / 10_000,
    })),
  };
}
