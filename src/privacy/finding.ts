// What the PII validator reports about one value: which kind of personal data it found, where it
// sits in the text, and a masked preview that lets a reader find it without repeating it.

export const FINDING_TYPES = [
  "email",
  "phone",
  "ssn",
  "card",
  "iban",
  "ip",
  "name",
  // In a metrics file: prose where only numbers, enum values and tokens belong.
  "free-text",
  // A value under a `token`/`…Token` key that is not 16 lower-case hex characters.
  "token",
  // A raw identifier (under an `id`/`…Id`/`…Ids` key) where only a token belongs.
  "identifier",
] as const;

export type FindingType = (typeof FINDING_TYPES)[number];

export interface Finding {
  type: FindingType;
  /** UTF-16 offsets into the scanned text: the value is `text.slice(start, end)`. */
  start: number;
  end: number;
  /**
   * A masked preview (`ma…@g…`, `Visa …1111`, `***-**-1234`): never the whole value, and at most
   * four digits of a card number, SSN or IBAN. Safe to print in reports and CI logs.
   */
  preview: string;
}

/** One finding of `pii check`: where it is and a masked preview (DESIGN.md's --json shape). */
export interface LocatedFinding {
  file: string;
  /**
   * Where in the file: a JSON path (`$.a.b[2].c`; a key that holds personal data is masked as
   * `[<key 3: email>]`, the third key of its object), `row 12, column email`, `line 3`, or a
   * table, column and row. Never the value.
   */
  path: string;
  type: FindingType;
  preview: string;
}
