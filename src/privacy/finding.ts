// What the PII validator reports about one value: which kind of personal data it found, where it
// sits in the text, and a masked preview that lets a reader find it without repeating it.

export const FINDING_TYPES = ["email", "phone", "ssn", "card", "iban", "ip"] as const;

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
