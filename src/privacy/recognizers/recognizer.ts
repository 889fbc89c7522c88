// The shape every recognizer of the PII validator has, and the cheap character test that lets the
// scanner skip a recognizer (or the whole text) when no match is possible.
import type { Finding, FindingType } from "../finding.js";

/** Characters a text contains, as a bit set: a recognizer runs only when the text has what it needs. */
export const Trait = { digit: 1, at: 2, colon: 4 } as const;

export interface Recognizer {
  readonly type: FindingType;
  /** Bits of `Trait`, any of which every match contains. */
  readonly needs: number;
  /** The fewest digits a match contains: texts with fewer are skipped. */
  readonly minDigits: number;
  /** Appends the findings of this kind in `text` to `out`. Pure; keeps no state between calls. */
  find(text: string, out: Finding[]): void;
}

/** The digits of a string, in order. */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, "");
}

/** `0`–`9` (NaN, past the end of a string, is not). */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** An ASCII word character `[A-Za-z0-9_]`, as `\w` in a regular expression. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
