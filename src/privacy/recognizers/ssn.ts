// US Social Security numbers, written AAA-GG-SSSS, that could have been issued: area not 000, 666
// or 900–999, group not 00, serial not 0000, and not one of the numbers voided after they were
// printed in advertising. Unformatted nine-digit runs are not matched: too many ids look like them.
import type { Finding } from "../finding.js";
import { type Recognizer, Trait } from "./recognizer.js";

// Printed in a wallet insert (078-05-1120) and a Social Security Board pamphlet (219-09-9999), then
// voided by the SSA. (987-65-4320..4329, reserved for advertising, fall in the 9xx areas.)
const VOIDED = new Set(["078051120", "219099999"]);

const SSN = /(?<![\w.-])(\d{3})-(\d{2})-(\d{4})(?![\w]|[.-]\d)/g;

/**
 * True when area-group-serial is a number the SSA could have issued. Takes the parts as written, so
 * leading zeros count.
 *
 * @example ssnValid("536", "22", "8726") // true
 * @example ssnValid("666", "12", "3456") // false: area 666 is never issued
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (!/^\d{3}$/.test(area) || !/^\d{2}$/.test(group) || !/^\d{4}$/.test(serial)) return false;
  if (area === "000" || area === "666" || area[0] === "9") return false;
  if (group === "00" || serial === "0000") return false;
  return !VOIDED.has(area + group + serial);
}

/** `***-**-1234`: the last four digits only, as US forms print them. */
export function maskSsn(serial: string): string {
  return `***-**-${serial}`;
}

export const ssnRecognizer: Recognizer = {
  type: "ssn",
  needs: Trait.digit,
  minDigits: 9,
  find(text: string, out: Finding[]): void {
    SSN.lastIndex = 0;
    for (let m = SSN.exec(text); m !== null; m = SSN.exec(text)) {
      const [value, area = "", group = "", serial = ""] = m;
      if (!ssnValid(area, group, serial)) continue;
      out.push({ type: "ssn", start: m.index, end: m.index + value.length, preview: maskSsn(serial) });
    }
  },
};
