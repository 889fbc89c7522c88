// The privacy stage's public face: the sampler (aggregates and HMAC tokens only), the metrics.json
// format, the PII validator (recognizers, document, file and database scans), and the approval
// records of metrics files.
export {
  APPROVAL_SUFFIX,
  type ApprovalRecord,
  type ApprovalState,
  approvalPath,
  approvalRecord,
  approvalState,
  DEFAULT_APPROVAL_DAYS,
  fileSha256,
} from "./approval.js";
export { coarseFloat8, coarseValue } from "./coarse-value.js";
export { CsvScanner, CsvSyntaxError } from "./csv-scanner.js";
export { binEnd, binStart, Disclosure } from "./disclosure.js";
export { FINDING_TYPES, type Finding, type FindingType, type LocatedFinding } from "./finding.js";
export { FindingSink, LISTED_PER_FILE } from "./finding-sink.js";
export { JsonScanner, maskText, scanJson, scanJsonText } from "./json-scanner.js";
export { type JsonEvents, JsonSyntaxError, JsonTokenizer } from "./json-tokenizer.js";
export { LineScanner } from "./line-scanner.js";
export {
  type FanOutMetrics,
  type FieldMetrics,
  METRICS_FORMAT,
  METRICS_VERSION,
  type Metrics,
  type MetricsBin,
  type ModelMetrics,
  metricsSchema,
} from "./metrics-format.js";
export { type PiiProfile, PROFILES } from "./profiles.js";
export { cardIssuer, luhnValid } from "./recognizers/card.js";
export { isReservedEmailDomain } from "./recognizers/email.js";
export { FIRST_NAMES } from "./recognizers/first-names.js";
export { IBAN_LENGTHS, ibanValid } from "./recognizers/iban.js";
export { classifyIp, type IpRange, REPORTED_IP_RANGES } from "./recognizers/ip.js";
export { isFictionalPhone } from "./recognizers/phone.js";
export type { Recognizer } from "./recognizers/recognizer.js";
export { ssnValid } from "./recognizers/ssn.js";
export { type SampleOptions, sampleDatabase } from "./sampler.js";
export { type DatabaseScan, type DatabaseScanOptions, scanDatabase } from "./scan-database.js";
export { type FileScan, scanFile, scanFiles } from "./scan-files.js";
export { scanText, scanValue } from "./scan-value.js";
export { hmacToken, MIN_SALT_LENGTH, TOKEN_PATTERN } from "./token.js";
