// The generation stage's face: a band's identity, its plan from a recipe, COPY-ready rows of any
// table for any set of blocks (text, CSV or binary), and the threads that make them in parallel.
// The planning half is pure of I/O; the loader decides where the bytes go.
export {
  BandGenerator,
  type BandGeneratorOptions,
  type CopyChunk,
  type CopyFormat,
  type NondeterministicTable,
  type TableOutput,
} from "./band-generator.js";
export {
  type BandFingerprints,
  type BandIdentityInputs,
  bandFingerprints,
  databaseNameFor,
  OUTPUT_FORMAT,
} from "./band-identity.js";
export { type BandRecipe, type PlannedBand, planRecipe } from "./band-recipe.js";
export { blocksOf, type Shard, shardOf } from "./blocks-of.js";
export { escapeCopyText } from "./copy-encoder.js";
export { GeneratorPool } from "./generator-pool.js";
export { type BandPlan, bandVariables, normaliseTotal, type PlannedModel } from "./plan.js";
export { type PlanReport, planReport } from "./plan-report.js";
export type { TableName, TenantHop, TenantPromise } from "./tenants.js";
export type { TimeColumn, TimeOrderPromise } from "./time-order-promises.js";
export { volatileDefault } from "./volatile-default.js";
