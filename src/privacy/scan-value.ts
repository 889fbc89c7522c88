// Scans one value for personal data under a profile: the pure core of `seedband pii check`, which
// walks files and tables around it and adds where each finding was (file, JSON path, row, column).
import type { Finding } from "./finding.js";
import { type PiiProfile, PROFILES } from "./profiles.js";
import { Trait } from "./recognizers/recognizer.js";

// Every recognizer needs a digit, an `@` or a `:`; most generated text (names, lorem) has none.
const MAY_MATCH = /[\d@:]/;

/**
 * The findings in `text` under `profile`, in text order, without overlaps (when two recognizers
 * claim the same characters, the profile's earlier one wins).
 *
 * @example
 * scanText("write to maria@gmail.com", "data")
 * // [{ type: "email", start: 9, end: 24, preview: "ma…@g…" }]
 * scanText("quiet_otter.12@example.com, +1-202-555-0142", "data") // []
 */
export function scanText(text: string, profile: PiiProfile): Finding[] {
  const recognizers = PROFILES[profile];
  // A recognizer that needs no trait (names) runs on every text.
  const always = recognizers.some((r) => r.needs === 0);
  if (!always && !MAY_MATCH.test(text)) return [];
  const digits = countDigits(text, MOST_DIGITS_NEEDED);
  const traits =
    (digits > 0 ? Trait.digit : 0) |
    (text.includes("@") ? Trait.at : 0) |
    (text.includes(":") ? Trait.colon : 0);
  const found: Finding[] = [];
  for (const r of recognizers)
    if ((r.needs === 0 || r.needs & traits) && digits >= r.minDigits) r.find(text, found);
  if (found.length < 2) return found;
  const rank = (f: Finding) => recognizers.findIndex((r) => r.type === f.type);
  found.sort((a, b) => rank(a) - rank(b) || a.start - b.start);
  const kept: Finding[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

// No recognizer needs more digits than this (a card has 12): counting stops there.
const MOST_DIGITS_NEEDED = 12;

/** The digits in `text`, counted up to `enough`. */
function countDigits(text: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < enough; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * `scanText` for a scalar as a database or CSV holds it: strings as they are, numbers and bigints
 * in their decimal form (a card number in a bigint column is still a card number). Anything else
 * (null, booleans, bytes, dates, objects) has no findings here; structured values are walked by
 * the caller, which knows their paths.
 */
export function scanValue(value: unknown, profile: PiiProfile): Finding[] {
  if (typeof value === "string") return scanText(value, profile);
  if (typeof value === "bigint" || (typeof value === "number" && Number.isFinite(value)))
    return scanText(String(value), profile);
  return [];
}
