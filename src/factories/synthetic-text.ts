// Small builders of synthetic strings shared by the field factory and the value formats: picks from
// word lists, hex and base-62 runs, handles, fictional phone numbers, and cutting a value to a
// column's length while keeping the suffix that makes it unique. Every draw comes from the Rng given.
import type { Rng } from "../random/index.js";
import type { Column } from "../schema/index.js";
import { lengthLimit } from "./position-key.js";
import { ADJECTIVES, LOREM, NOUNS } from "./word-lists.js";

export function pickWord(rng: Rng, list: readonly string[]): string {
  return list[Math.floor(rng.next() * list.length)]!;
}

export function hex(rng: Rng, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += Math.floor(rng.next() * 16).toString(16);
  return out;
}

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** n characters drawn uniformly from `alphabet`. */
export function charsFrom(rng: Rng, alphabet: string, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
  return out;
}

export function handle(rng: Rng): string {
  return `${pickWord(rng, ADJECTIVES)}_${pickWord(rng, NOUNS)}`;
}

export function words(rng: Rng, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(pickWord(rng, LOREM));
  return out.join(" ");
}

export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** A random version-4 UUID from the field's stream (for columns that need not be unique). */
export function randomUuid(rng: Rng): string {
  const h = hex(rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Math.floor(rng.next() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Phone numbers reserved for fiction: the North American 555-0100..0199 block and the UK's Ofcom
 * drama range 07700 900000..900999. No real subscriber can have one.
 */
export function fictionalPhone(rng: Rng): string {
  if (rng.next() < 0.5)
    return `+1-${pickWord(rng, ["202", "312", "415", "617", "718"])}-555-01${twoDigits(rng)}`;
  return `+44 7700 900${twoDigits(rng)}${Math.floor(rng.next() * 10)}`;
}

function twoDigits(rng: Rng): string {
  return String(Math.floor(rng.next() * 100)).padStart(2, "0");
}

/** Cuts a value to the column's length, keeping the suffix that makes it unique. */
export function fitUnique(base: string, suffix: string, max: number): string {
  if (max <= 0 || base.length + suffix.length <= max) return base + suffix;
  if (suffix.length >= max) return suffix.slice(suffix.length - max);
  return base.slice(0, max - suffix.length) + suffix;
}

/** Respects @db.VarChar(n) / @db.Char(n): a value never exceeds the column's length. */
export function fitLength(value: string, column: Column): string {
  const limit = lengthLimit(column);
  return limit > 0 && value.length > limit ? value.slice(0, limit) : value;
}
