// Where the scanners of one file put their findings: the first ones are kept to be listed, the
// rest only counted, so a file full of personal data cannot fill the memory or the terminal.
// Pure.
import type { LocatedFinding } from "./finding.js";

/** Findings listed per file; the others are counted (`pii check` says how many it left out). */
export const LISTED_PER_FILE = 1000;

export class FindingSink {
  readonly listed: LocatedFinding[] = [];
  total = 0;

  constructor(private readonly limit = LISTED_PER_FILE) {}

  add(finding: LocatedFinding): void {
    this.total++;
    if (this.listed.length < this.limit) this.listed.push(finding);
  }

  get omitted(): number {
    return this.total - this.listed.length;
  }
}
