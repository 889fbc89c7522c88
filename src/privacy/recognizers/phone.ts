// Phone numbers outside the ranges reserved for fiction. Recognised: international numbers
// (`+<cc> …` or `00<cc> …`, E.164: at most 15 digits), North American numbers written with
// separators (`(415) 555-2671`, `415-555-2671`, `1 415 555 2671`), and national numbers with a
// trunk 0: grouped with 10–13 digits (`020 7946 0958`, `(0566) 503168081`, `01 23 45 67 89`) or
// bare with 10–11 (`07911123456`, `0758507822`). Other bare digit runs are not phones: ids, epochs
// and amounts look the same (zero-padded ids start `00`). Seven-digit local numbers (`555-0142`)
// are not matched either.
//
// Fictional ranges: North America NXX-555-0100..0199 in any geographic area code (not in toll-free
// 8YY codes, where 555-01XX can be a real line), and Ofcom's drama ranges for the UK. Australia's
// ACMA list is a set of single numbers we could not confirm, so it is not included.
import type { Finding } from "../finding.js";
import { digitsOf, isDigitCode, isWordCode, type Recognizer, Trait } from "./recognizer.js";

/**
 * Ofcom's numbers for TV and radio drama, as the first 7 digits of a 10-digit national significant
 * number (the number after +44 or the trunk 0); each range holds the 1,000 numbers after it.
 */
const UK_DRAMA_RANGES = [
  "1134960", // Leeds 0113 496 0xxx
  "1144960", // Sheffield
  "1154960", // Nottingham
  "1164960", // Leicester
  "1174960", // Bristol
  "1184960", // Reading
  "1214960", // Birmingham
  "1314960", // Edinburgh
  "1414960", // Glasgow
  "1514960", // Liverpool
  "1614960", // Manchester
  "2079460", // London 020 7946 0xxx
  "1914980", // Tyneside, Durham, Sunderland 0191 498 0xxx
  "2896496", // Northern Ireland 028 9649 6xxx (the old 028 9018 0xxx list is no longer reserved)
  "2920180", // Cardiff 029 2018 0xxx
  "1632960", // no area 01632 960xxx
  "7700900", // mobile 07700 900xxx
  "8081570", // freephone 0808 157 0xxx
  "9098790", // premium rate 0909 879 0xxx
  "3069990", // UK-wide 03069 990xxx
];

type Verdict = "real" | "fictional";

/** A North American number: 10 digits, area and exchange codes starting 2–9. */
function nanpValid(nsn: string): boolean {
  return /^[2-9]\d\d[2-9]\d{6}$/.test(nsn);
}

function nanpFictional(nsn: string): boolean {
  return nanpValid(nsn) && nsn.slice(3, 8) === "55501" && !/^8(\d)\1/.test(nsn);
}

function ukFictional(nsn: string): boolean {
  return nsn.length === 10 && UK_DRAMA_RANGES.some((prefix) => nsn.startsWith(prefix));
}

/**
 * True when `phone` is in a range reserved for fiction: `+1 NXX 555 01XX` (or written nationally,
 * `(NXX) 555-01XX`), or one of Ofcom's UK drama ranges (`+44 7700 900XXX`, `020 7946 0XXX`, …).
 *
 * @example isFictionalPhone("+1-202-555-0142") // true
 * @example isFictionalPhone("+44 7700 900123") // true
 * @example isFictionalPhone("+1 415 555 2671") // false
 */
export function isFictionalPhone(phone: string): boolean {
  const trimmed = phone.trim();
  let d = digitsOf(trimmed.replace(/\(0\)/g, ""));
  if (trimmed.startsWith("+") || trimmed.startsWith("00")) {
    if (!trimmed.startsWith("+")) d = d.slice(2);
    if (d.startsWith("1")) return nanpFictional(d.slice(1));
    if (d.startsWith("44")) return ukFictional(d.slice(d[2] === "0" ? 3 : 2));
    return false;
  }
  if (d.startsWith("0")) return ukFictional(d.slice(1));
  if (d.length === 11 && d.startsWith("1")) return nanpFictional(d.slice(1));
  return nanpFictional(d);
}

/** Whether the digits after `+` are a phone number, and if so whether a fictional one. */
function internationalVerdict(d: string): Verdict | undefined {
  if (d.startsWith("1")) {
    const nsn = d.slice(1);
    if (!nanpValid(nsn)) return undefined;
    return nanpFictional(nsn) ? "fictional" : "real";
  }
  if (d.startsWith("44")) {
    const nsn = d.slice(d[2] === "0" ? 3 : 2); // "+44 020 …" drops the trunk 0 it should not have
    if (nsn.length < 9 || nsn.length > 10 || nsn[0] === "0") return undefined;
    return ukFictional(nsn) ? "fictional" : "real";
  }
  return d.length >= 8 && d.length <= 15 ? "real" : undefined;
}

/** `+44…58`, `41…71`: the first two digits (with the `+` of an international number) and the last two. */
export function maskPhone(digits: string, international: boolean): string {
  return `${international ? "+" : ""}${digits.slice(0, 2)}…${digits.slice(-2)}`;
}

interface Cut {
  /** Offset just past this group. */
  end: number;
  /** Digits from the country code to this group, without a `(0)` trunk prefix. */
  digits: string;
}

/**
 * Digit groups of an international number from `i` (just after `+` or `00`): groups joined by one
 * space, dash or dot, or by parentheses (`+44 (0)20 …`, `+1 (415) 555-2671`).
 */
function groupsFrom(text: string, i: number): Cut[] {
  const cuts: Cut[] = [];
  let digits = "";
  while (cuts.length < 12) {
    let j = i;
    if (text[i] === "(") {
      j = i + 1;
      while (isDigitCode(text.charCodeAt(j))) j++;
      if (j === i + 1 || j - i > 6 || text[j] !== ")") break;
      const inner = text.slice(i + 1, j);
      if (!(inner === "0" && cuts.length === 1)) digits += inner; // "(0)" is the trunk prefix
      j++;
    } else {
      while (isDigitCode(text.charCodeAt(j))) j++;
      if (j === i) break;
      digits += text.slice(i, j);
    }
    cuts.push({ end: j, digits });
    const c = text[j];
    const next = text[j + 1];
    if ((c === " " || c === "-" || c === ".") && (isDigitCode(text.charCodeAt(j + 1)) || next === "("))
      i = j + 1;
    else if (c === "(" || (text[j - 1] === ")" && isDigitCode(text.charCodeAt(j)))) i = j;
    else break;
  }
  // Glued to a word, or hyphenated into one (`00717197-4008-4aba-…`, a UUID): a token, not a number.
  const last = cuts[cuts.length - 1];
  if (!last) return cuts;
  const after = text[last.end];
  if (isWordCode(text.charCodeAt(last.end))) return [];
  if ((after === "-" || after === "_") && isWordCode(text.charCodeAt(last.end + 1))) return [];
  return cuts;
}

// `+` is a strong sign; `00` (the international prefix dialled in Europe) only when not inside a
// run of numbers.
const INTERNATIONAL = /(?<![\w+])\+(?=[1-9])|(?<![\w.+\-/]|\d[ .-])00(?=[1-9])/g;
// Not inside a longer number or token: no word character, dot, dash, slash or plus before, and no
// "digit space" (a space-separated run of numbers); mirrored after, where a dash and a letter
// (`…-4798-b083`, a UUID) also continue a token.
const BEFORE = String.raw`(?<![\w.+\-/]|\d )`;
const AFTER = String.raw`(?![\w]|[.\-/]\d|[-_][A-Za-z]| \d)`;
const NANP = new RegExp(
  `${BEFORE}(?:1[ .-]?)?(?:\\(([2-9]\\d\\d)\\) ?|([2-9]\\d\\d)([ .-]))([2-9]\\d\\d)([ .-])(\\d{4})${AFTER}`,
  "g",
);
// A trunk 0 and an area code of 1–5 more digits, then groups: the first separator may be a slash
// (German `030/1234567`), the rest are one kind, so `01/02/2025 10` is not a number. Or bare.
const AREA = String.raw`(?:\(0[1-9]\d{0,4}\) ?|0[1-9]\d{0,4}[ \-/])`;
const GROUPS = String.raw`\d{2,9}(?:([ -])\d{2,8}(?:\1\d{2,8}){0,2})?`;
const TRUNK = new RegExp(`${BEFORE}${AREA}${GROUPS}${AFTER}|${BEFORE}0[1-9]\\d{8,9}${AFTER}`, "g");

export const phoneRecognizer: Recognizer = {
  type: "phone",
  needs: Trait.digit,
  minDigits: 8,
  find(text: string, out: Finding[]): void {
    const report = (start: number, end: number, digits: string, international: boolean) => {
      out.push({ type: "phone", start, end, preview: maskPhone(digits, international) });
    };

    if (text.includes("+") || text.includes("00")) {
      INTERNATIONAL.lastIndex = 0;
      for (let m = INTERNATIONAL.exec(text); m !== null; m = INTERNATIONAL.exec(text)) {
        const cuts = groupsFrom(text, m.index + m[0].length);
        // The longest run of groups that is a number (a number may be followed by other numbers);
        // a `00` prefix needs at least one separator, else it is a zero-padded integer.
        for (let k = cuts.length - 1; k >= (m[0] === "00" ? 1 : 0); k--) {
          const cut = cuts[k]!;
          const verdict = internationalVerdict(cut.digits);
          if (verdict === undefined) continue;
          if (verdict === "real") report(m.index, cut.end, cut.digits, true);
          INTERNATIONAL.lastIndex = cut.end;
          break;
        }
      }
    }

    NANP.lastIndex = 0;
    for (let m = NANP.exec(text); m !== null; m = NANP.exec(text)) {
      const [value, parenArea, area, sep1, exchange = "", sep2, line = ""] = m;
      // One kind of separator (`415-555-2671`, not `415 555-2671`), and a country code 1 set apart
      // (`1-415-…`, `1 (415) …`): in `1358 533 6775` the 1 belongs to a four-digit number.
      if ((area !== undefined && sep1 !== sep2) || /^1\d/.test(value)) continue;
      const nsn = (parenArea ?? area ?? "") + exchange + line;
      if (!nanpFictional(nsn)) report(m.index, m.index + value.length, nsn, false);
    }

    TRUNK.lastIndex = 0;
    for (let m = TRUNK.exec(text); m !== null; m = TRUNK.exec(text)) {
      const digits = digitsOf(m[0]);
      if (digits.length < 10 || digits.length > 13 || ukFictional(digits.slice(1))) continue;
      report(m.index, m.index + m[0].length, digits, false);
    }
  },
};
