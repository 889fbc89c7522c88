// Payment card numbers: 12–19 digits, unformatted or printed in groups (4-4-4-4, 4-4-4-1,
// 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4), that pass the Luhn check AND start with an issuer's prefix
// at a length that issuer uses. A Luhn-valid run without a card prefix (epoch millis, row ids) is
// not a card; an unformatted run with one is, since databases store card numbers that way: about 5%
// of uniformly random 16-digit ids qualify, so generated ids should derive from row positions.
import type { Finding } from "../finding.js";
import { isDigitCode, isWordCode, type Recognizer, Trait } from "./recognizer.js";

interface Issuer {
  name: string;
  /** Inclusive prefix ranges, compared on the first `from.length` digits. */
  prefixes: readonly (readonly [from: string, to: string])[];
  lengths: readonly number[];
}

/** `"51-55 2221-2720"` → [["51", "55"], ["2221", "2720"]]; `"16-19"` → [16, 17, 18, 19]. */
const ranges = (spec: string) =>
  spec.split(" ").map((r) => [r.split("-")[0]!, r.split("-").at(-1)!] as const);
const numbers = (spec: string) =>
  ranges(spec).flatMap(([a, b]) =>
    Array.from({ length: Number(b) - Number(a) + 1 }, (_, i) => Number(a) + i),
  );

// Order matters where ranges nest (Maestro's 56–69 holds Discover's and UnionPay's prefixes): the
// first issuer that claims a number names it.
const ISSUERS: readonly Issuer[] = [
  ["Amex", "34 37", "15"],
  ["Visa", "4", "13 16 19"],
  ["Mastercard", "51-55 2221-2720", "16"],
  ["Mir", "2200-2204", "16-19"],
  ["Discover", "6011 644-649 65 622126-622925", "16-19"],
  ["JCB", "3528-3589", "16-19"],
  ["Diners", "300-305 3095 36 38-39", "14-19"],
  ["UnionPay", "62 81", "16-19"],
  ["Maestro", "50 56-69", "12-19"],
].map(([name, prefixes, lengths]) => ({
  name: name!,
  prefixes: ranges(prefixes!),
  lengths: numbers(lengths!),
}));

/**
 * The Luhn (mod 10) check of a digit string; spaces and dashes are ignored.
 *
 * @example luhnValid("4111 1111 1111 1111") // true
 * @example luhnValid("4111 1111 1111 1112") // false
 */
export function luhnValid(digits: string): boolean {
  const d = digits.replace(/[ -]/g, "");
  if (d.length < 2 || !/^\d+$/.test(d)) return false;
  let sum = 0;
  let double = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let v = d.charCodeAt(i) - 48;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The issuer whose prefix and length fit `digits`, if any (the Luhn check is separate). */
export function cardIssuer(digits: string): string | undefined {
  for (const issuer of ISSUERS) {
    if (!issuer.lengths.includes(digits.length)) continue;
    for (const [from, to] of issuer.prefixes) {
      const head = digits.slice(0, from.length);
      if (head >= from && head <= to) return issuer.name;
    }
  }
  return undefined;
}

/** A card number if `digits` is one: Luhn-valid with an issuer's prefix and length. */
function cardBrand(digits: string): string | undefined {
  if (digits.length < 12 || digits.length > 19) return undefined;
  const brand = cardIssuer(digits);
  return brand !== undefined && luhnValid(digits) ? brand : undefined;
}

/** `Visa …1111`: the issuer and the last four digits, as receipts print them. */
export function maskCard(brand: string, digits: string): string {
  return `${brand} …${digits.slice(-4)}`;
}

// A maximal run of at least 12 digits joined by single spaces or dashes, not glued to a word, a
// decimal point, a preceding dash (UUID groups, negative numbers) or a `+` (a phone number).
const RUN = /(?<![\w.+-])\d(?:[ -]?\d){11,}/g;

/** Group lengths a printed card number uses: 4-4-4-(1..4)[-(1..4)], or 4-6-5 (Amex) / 4-6-4 (Diners). */
function printedShape(lengths: readonly number[], from: number, n: number): boolean {
  if (n === 3)
    return (
      lengths[from] === 4 && lengths[from + 1] === 6 && (lengths[from + 2] === 5 || lengths[from + 2] === 4)
    );
  if (n < 4 || n > 5) return false;
  for (let k = from; k < from + n - 1; k++) if (lengths[k] !== 4) return false;
  const last = lengths[from + n - 1] ?? 0;
  return last >= 1 && last <= 4;
}

export const cardRecognizer: Recognizer = {
  type: "card",
  needs: Trait.digit,
  minDigits: 12,
  find(text: string, out: Finding[]): void {
    RUN.lastIndex = 0;
    for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
      const run = m[0];
      const end = m.index + run.length;
      const dashed = run.includes("-");
      // Part of a hyphenated token (`49177403-6476-4384-8037-f713e412db53`): not a number.
      if ((text[end] === "-" || text[end] === "_") && isWordCode(text.charCodeAt(end + 1))) continue;
      const groups = run.split(/[ -]/);
      // Glued to a word or a decimal part on its right (`…1111abc`, `1234.5`): a dashed run is a
      // token; a spaced one loses its last group.
      if (isWordCode(text.charCodeAt(end)) || (text[end] === "." && isDigitCode(text.charCodeAt(end + 1)))) {
        if (dashed) continue;
        groups.pop();
      }
      findInGroups(run, m.index, groups, out);
    }
  },
};

/**
 * Cards among consecutive digit groups of a run: one unformatted group of 12–19 digits, or 3–5
 * groups in a printed shape with one kind of separator and no 4-digit group beside them.
 */
function findInGroups(run: string, offset: number, groups: readonly string[], out: Finding[]): void {
  const lengths = groups.map((g) => g.length);
  const starts: number[] = [];
  for (let k = 0, at = 0; k < groups.length; k++) {
    starts.push(at);
    at += lengths[k]! + 1;
  }
  let i = 0;
  while (i < groups.length) {
    let taken = 0;
    const first = lengths[i]!;
    if (first >= 12) {
      if (first <= 19) taken = tryCard(offset, starts[i]!, starts[i]! + first, groups[i]!, out) ? 1 : 0;
    } else if (first === 4) {
      for (let n = Math.min(5, groups.length - i); n >= 3 && taken === 0; n--) {
        if (!printedShape(lengths, i, n)) continue;
        const from = starts[i]!;
        const to = starts[i + n - 1]! + lengths[i + n - 1]!;
        const sep = run[from + lengths[i]!];
        let oneSep = true;
        for (let k = i + 1; k < i + n - 1; k++) if (run[starts[k]! + lengths[k]!] !== sep) oneSep = false;
        if (!oneSep) continue;
        // Inside a longer list of 4-digit numbers (`4448 3835 5342 1896 5727 9854`): not a card.
        const listBefore = i > 0 && lengths[i - 1] === 4 && run[from - 1] === sep;
        const listAfter = i + n < groups.length && lengths[i + n] === 4 && run[to] === sep;
        if (listBefore || listAfter) continue;
        if (tryCard(offset, from, to, groups.slice(i, i + n).join(""), out)) taken = n;
      }
    }
    i += taken > 0 ? taken : 1;
  }
}

/** Reports `digits` (at `from`..`to` of the run) if it is a card number. */
function tryCard(offset: number, from: number, to: number, digits: string, out: Finding[]): boolean {
  const brand = cardBrand(digits);
  if (brand === undefined) return false;
  out.push({ type: "card", start: offset + from, end: offset + to, preview: maskCard(brand, digits) });
  return true;
}
