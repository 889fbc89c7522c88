// Personal names: a given name from the dictionary followed by a capitalised surname (`Maria
// Garcia`, `John F. Kennedy`, `Anna-Lena` excepted), or written surname first (`Garcia, Maria`).
// Used by the `metrics` profile only: generated datasets may hold synthetic names by design.
import type { Finding } from "../finding.js";
import { FIRST_NAMES } from "./first-names.js";
import type { Recognizer } from "./recognizer.js";

const SURNAME = String.raw`(?:(?:Mc|Mac|O'|D'|De|Van|Von|Di|Da|Le|La)?[A-Z][a-z\u00DF-\u00FF]+(?:-[A-Z][a-z\u00DF-\u00FF]+)?)`;
const GIVEN = String.raw`[A-Z][a-z\u00DF-\u00FF]+`;
// Given name, optional middle initial or middle name, surname.
const FORWARD = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.])(${GIVEN})(?: [A-Z]\.| ${GIVEN})? (${SURNAME})(?![\p{L}\p{N}_])`,
  "gu",
);
// Surname, given name.
const REVERSED = new RegExp(String.raw`(?<![\p{L}\p{N}_.])(${SURNAME}), (${GIVEN})(?![\p{L}\p{N}_])`, "gu");

/** `M… G…`: initials only. */
export function maskName(given: string, surname: string): string {
  return `${given.slice(0, 1)}… ${surname.slice(0, 1)}…`;
}

export const nameRecognizer: Recognizer = {
  type: "name",
  needs: 0,
  minDigits: 0,
  find(text: string, out: Finding[]): void {
    FORWARD.lastIndex = 0;
    for (let m = FORWARD.exec(text); m !== null; m = FORWARD.exec(text)) {
      const [value, given = "", surname = ""] = m;
      if (!FIRST_NAMES.has(given)) {
        // `Dear Maria Garcia`: retry from the second word.
        FORWARD.lastIndex = m.index + given.length + 1;
        continue;
      }
      if (FIRST_NAMES.has(surname) && surname === given) continue;
      out.push({
        type: "name",
        start: m.index,
        end: m.index + value.length,
        preview: maskName(given, surname),
      });
    }
    REVERSED.lastIndex = 0;
    for (let m = REVERSED.exec(text); m !== null; m = REVERSED.exec(text)) {
      const [value, surname = "", given = ""] = m;
      if (!FIRST_NAMES.has(given)) continue;
      out.push({
        type: "name",
        start: m.index,
        end: m.index + value.length,
        preview: maskName(given, surname),
      });
    }
  },
};

/** A lone given name from the dictionary (`Maria`): in a metrics file, a category that names a person. */
export function isLoneGivenName(text: string): boolean {
  return FIRST_NAMES.has(text.trim());
}
