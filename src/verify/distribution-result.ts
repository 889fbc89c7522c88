// One check of `verify --distributions`: a measured value against the spec's, and the tolerance
// it is held to. Its own file: distribution-check.ts, family-check.ts and power-law-fan-out.ts
// make them.
export interface DistributionCheck {
  check: string; // e.g. "Message.conversation fan-out alpha"
  expected: number;
  measured: number;
  tolerance: number; // |measured − expected| ≤ tolerance passes
  pass: boolean;
  detail?: string;
}

/** A check, its numbers rounded to 4 decimals for the record; pass or fail is judged before rounding. */
export function distributionCheck(
  check: string,
  expected: number,
  measured: number,
  tolerance: number,
  detail?: string,
): DistributionCheck {
  return {
    check,
    expected: round(expected),
    measured: round(measured),
    tolerance: round(tolerance),
    pass: Math.abs(measured - expected) <= tolerance,
    ...(detail ? { detail } : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
