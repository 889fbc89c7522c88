// The privacy stage's public face. Today: the PII validator's recognizers (pure; no I/O).
export { FINDING_TYPES, type Finding, type FindingType } from "./finding.js";
export { type PiiProfile, PROFILES } from "./profiles.js";
export { cardIssuer, luhnValid } from "./recognizers/card.js";
export { isReservedEmailDomain } from "./recognizers/email.js";
export { IBAN_LENGTHS, ibanValid } from "./recognizers/iban.js";
export { classifyIp, type IpRange, REPORTED_IP_RANGES } from "./recognizers/ip.js";
export { isFictionalPhone } from "./recognizers/phone.js";
export type { Recognizer } from "./recognizers/recognizer.js";
export { ssnValid } from "./recognizers/ssn.js";
export { scanText, scanValue } from "./scan-value.js";
