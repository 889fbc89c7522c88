// The cumulative distribution P(X ≤ x) of the integers a spec distribution makes, as the generator
// draws them: what the report draws as "spec" beside the measured data. Every family as
// calibrate's fits take it (`cumulative`: draws rounded, then clamped), but the power law, whose
// drawn line comes from the very sums the sampler draws with (random's `powerLawMass`: an exact
// head of 10,000 values and a continuous tail), so the line is the generator's to the last digit.
// Pure.
import { cumulative } from "../calibrate/index.js";
import { type Distribution, powerLawMass } from "../random/index.js";

export type Cdf = (x: number) => number;

/** P(X ≤ x) for integer x of the distribution's integer draws. */
export function integerCdf(dist: Distribution): Cdf {
  if ("powerLaw" in dist) return powerLawCdf(dist.powerLaw.alpha, dist.powerLaw.min, dist.powerLaw.max);
  return cumulative(dist);
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
