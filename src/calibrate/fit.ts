// One fitted distribution as calibrate reports it: where it went in the spec, its parameters and
// how well it fits. Its own file: calibrate-spec.ts and measured-model.ts both make fits.
import type { Family } from "./discrete-fit.js";

/** One fitted distribution and how well it fits. */
export interface Fit {
  /** Where the result went in the spec, e.g. `$.models.Message.fanOut.powerLaw`. */
  path: string;
  distribution: string;
  params: Record<string, number | string | Record<string, number>>;
  /** Entities the fit used. */
  n: number;
  /** Goodness of fit: Kolmogorov–Smirnov distance (fan-outs, lengths), L1 (profiles, weights). */
  statistic?: { name: "ks" | "l1"; value: number; critical?: number };
  /** Of the fitted shape parameters, from the observed information. */
  standardErrors?: Record<string, number>;
  /** Families that also fit, with their distance in AIC from the chosen one (a family chosen by fit). */
  alternatives?: { family: Family; deltaAic: number; ks: number }[];
  note?: string;
}
