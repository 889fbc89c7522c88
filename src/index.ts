// seedband's public API: seedBand() for test suites (with the `seedband/vitest` plugin), defineConfig, types.
export {
  defineConfig,
  type GeneratorContext,
  type GeneratorFunction,
  type ModelConfig,
  type SeedbandConfig,
} from "./config/define-config.js";
export { type ErrorCode, SeedbandError } from "./errors.js";
export { definePrismaQueries, type PrismaQuery, type PrismaQueryCatalog } from "./explain/index.js";
export type { RunRecord } from "./pipeline/index.js";
export type { Spec } from "./spec/index.js";
export type {
  BandDatabase,
  CloneStatistics,
  PrismaClientClass,
  SeedBandOptions,
} from "./vitest/band-database.js";
export { seedBand } from "./vitest/seed-band.js";
