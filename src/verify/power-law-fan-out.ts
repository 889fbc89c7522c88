// A power-law fan-out against its spec, from the children of every parent: the discrete MLE of
// alpha on the body (the heavy parents — the round(share × parents) largest — left out), and the
// share of heavy parents. Pure: `verify --distributions` counts the children in SQL, `seedband
// report` takes them from its histogram, and both hold them to these checks.
import { discreteAlphaMle } from "../calibrate/index.js";
import { type DistributionCheck, distributionCheck } from "./distribution-result.js";
import { TOLERANCE } from "./family-check.js";

/** The fan-out with its band variables replaced by numbers. */
export interface PowerLawFanOut {
  alpha: number;
  min: number;
  max: number;
  heavy?: { share: number; min: number } | undefined;
}

/**
 * @param name   e.g. "Message.conversation fan-out"
 * @param counts children per parent, every parent (none: 0), largest first
 */
export function powerLawFanOutChecks(
  name: string,
  counts: readonly number[],
  fanOut: PowerLawFanOut,
): DistributionCheck[] {
  const { alpha, min, max, heavy } = fanOut;
  const heavyCount = heavy ? Math.round(heavy.share * counts.length) : 0;
  const body = counts.slice(heavyCount).filter((n) => n >= min);
  const sorted = [...body].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const out = [
    distributionCheck(
      `${name}: power-law alpha (body, MLE)`,
      alpha,
      discreteAlphaMle(body, min, Math.max(max, sorted.at(-1) ?? max)),
      TOLERANCE.alpha,
      `p50 ${q(0.5)}, p95 ${q(0.95)}, max ${counts[0] ?? 0}`,
    ),
  ];
  if (heavy) {
    // Heavy parents: at least 3/4 of the heavy minimum (scaling to the band's total may lower
    // them a little); a spec keeps its body's max below that, as the chat preset does.
    const threshold = Math.floor(heavy.min * 0.75);
    const measured = counts.filter((n) => n >= threshold).length / Math.max(1, counts.length);
    out.push(
      distributionCheck(
        `${name}: heavy-parent share (≥ ${threshold} children)`,
        heavy.share,
        measured,
        TOLERANCE.heavyShare,
      ),
    );
  }
  return out;
}
