export { canonicalJson, fingerprint } from "./fingerprint.js";
export { jsonPath, parseSpec } from "./parse-spec.js";
export type {
  FanOutSpec,
  FieldSpec,
  HeavySpec,
  ModelSpec,
  NumberOrVar,
  Spec,
  ValueFormat,
} from "./spec-schema.js";
export { VALUE_FORMATS } from "./spec-schema.js";
