// One check of `verify --distributions`: a measured value against the spec's, and the tolerance
// it is held to. Its own file: distribution-check.ts and family-check.ts both make them.
export interface DistributionCheck {
  check: string; // e.g. "Message.conversation fan-out alpha"
  expected: number;
  measured: number;
  tolerance: number; // |measured − expected| ≤ tolerance passes
  pass: boolean;
  detail?: string;
}
