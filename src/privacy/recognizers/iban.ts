// International bank account numbers: a country that uses IBANs, two check digits and a BBAN of
// that country's length (and, for the common countries, shape), printed compact or in groups of
// four, whose ISO 7064 mod-97 checksum holds. A wrong checksum, length or shape is a typo or a
// made-up string, not an account. In text the country code must be upper case, as IBANs are
// printed; lower-case hex ids never start one.
import type { Finding } from "../finding.js";
import { isDigitCode, type Recognizer, Trait } from "./recognizer.js";

/**
 * IBAN length per country: the SWIFT IBAN registry (as IbanNet lists it, plus DJ, FK, MN, NI, OM,
 * RU, SO added since), then the countries Wikipedia lists as using IBANs outside the registry (AO …
 * TG, e.g. Iran's IR). A country missing here is never reported.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.fromEntries(
  (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 " +
    "EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 " +
    "JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 " +
    "PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SD18 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 " +
    "UA29 VA22 VG24 XK20 DJ27 FK18 MN20 NI28 OM23 RU33 SO23 " +
    "AO25 BF28 BJ28 CF27 CG27 CI28 CM27 CV25 DZ26 GA27 GQ27 GW25 HN28 IR26 KM27 MA28 MG27 ML28 MZ25 " +
    "NE28 SN28 TD27 TG28"
  )
    .split(" ")
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
);

// The BBAN's shape where it is simple and the country common: all digits, or a 4-letter bank code
// then digits. Elsewhere any letters and digits (Italy's CIN letter, France's account letters, …).
const NUMERIC_BBAN = new Set(
  (
    "AE AT BA BE BI CZ DE DK EE EG ES FI FO GL HR HU IL " +
    "IS LT LY ME NO PL PT RS SD SE SI SK ST TL TN VA XK"
  ).split(" "),
);
const BANK_CODE_BBAN = new Set(["GB", "IE", "NL"]);

function bbanShaped(country: string, bban: string): boolean {
  if (NUMERIC_BBAN.has(country)) return /^\d+$/.test(bban);
  if (BANK_CODE_BBAN.has(country)) return /^[A-Z]{4}\d+$/.test(bban);
  return /^[A-Z0-9]+$/.test(bban);
}

/** ISO 7064 MOD 97-10 of an upper-case alphanumeric string (letters count as 10..35). */
function mod97(s: string): number {
  let rem = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigitCode(c)) rem = (rem * 10 + (c - 48)) % 97;
    else rem = (rem * 100 + (c - 55)) % 97;
  }
  return rem;
}

/**
 * True when `text` (spaces allowed, any case) is an IBAN: a registry country, that country's
 * length and BBAN shape, and a mod-97 checksum of 1.
 *
 * @example ibanValid("GB82 WEST 1234 5698 7654 32") // true
 * @example ibanValid("GB82 WEST 1234 5698 7654 33") // false
 */
export function ibanValid(text: string): boolean {
  const iban = text.replace(/ /g, "").toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined || iban.length !== length) return false;
  if (!/^[A-Z]{2}\d{2}/.test(iban) || !bbanShaped(iban.slice(0, 2), iban.slice(4))) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** `GB… …5432`: the country and the last four characters (at most four digits). */
export function maskIban(iban: string): string {
  return `${iban.slice(0, 2)}… …${iban.slice(-4)}`;
}

// Where an IBAN may start: an upper-case country code and two check digits, not inside a word.
const START = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}/g;

const isAlnum = (c: number) => isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export const ibanRecognizer: Recognizer = {
  type: "iban",
  needs: Trait.digit,
  minDigits: 2,
  find(text: string, out: Finding[]): void {
    START.lastIndex = 0;
    for (let m = START.exec(text); m !== null; m = START.exec(text)) {
      const length = IBAN_LENGTHS[m[0].slice(0, 2)];
      if (length === undefined) continue;
      // Take exactly the country's length of characters, allowing single spaces between them.
      let compact = m[0];
      let i = m.index + 4;
      while (compact.length < length && i < text.length) {
        const c = text.charCodeAt(i);
        if (isAlnum(c)) compact += text[i];
        else if (c !== 32 || !isAlnum(text.charCodeAt(i + 1))) break;
        i++;
      }
      if (compact.length !== length || isAlnum(text.charCodeAt(i))) continue;
      if (!ibanValid(compact)) continue;
      out.push({ type: "iban", start: m.index, end: i, preview: maskIban(compact) });
      START.lastIndex = i;
    }
  },
};
