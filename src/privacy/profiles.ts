// The recognizers each profile of `seedband pii check` runs. `data` (generated datasets, CSV files,
// databases) allows synthetic names but no contact, payment or identity data outside reserved
// ranges. `metrics` (sampler output) adds personal names; its structural rules (free text, tokens,
// raw identifiers) are in json-scanner.ts. The order is the precedence when two findings overlap: an IBAN's digits are not also a
// card, an email's local part is not also a phone.
import { cardRecognizer } from "./recognizers/card.js";
import { emailRecognizer } from "./recognizers/email.js";
import { ibanRecognizer } from "./recognizers/iban.js";
import { ipRecognizer } from "./recognizers/ip.js";
import { nameRecognizer } from "./recognizers/name.js";
import { phoneRecognizer } from "./recognizers/phone.js";
import type { Recognizer } from "./recognizers/recognizer.js";
import { ssnRecognizer } from "./recognizers/ssn.js";

export type PiiProfile = "data" | "metrics";

export const PROFILES: Readonly<Record<PiiProfile, readonly Recognizer[]>> = {
  data: [emailRecognizer, ibanRecognizer, cardRecognizer, ssnRecognizer, phoneRecognizer, ipRecognizer],
  metrics: [
    emailRecognizer,
    ibanRecognizer,
    cardRecognizer,
    ssnRecognizer,
    phoneRecognizer,
    ipRecognizer,
    nameRecognizer,
  ],
};
