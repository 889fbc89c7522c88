export { canonicalJson, fingerprint } from "./fingerprint.js";
export { jsonPath, parseSpec } from "./parse-spec.js";
export type { FanOutSpec, FieldSpec, HeavySpec, ModelSpec, NumberOrVar, Spec } from "./spec-schema.js";
