// `seedband/vitest`: the plugin (global setup, and the plan matchers on expect), and the pieces
// for projects that write their own setup.

export type { BandDatabase, CloneStatistics, PrismaClientClass, SeedBandOptions } from "./band-database.js";
export type {
  BandRequest,
  PreparedStatistics,
  SeedbandContext,
  SeedbandPluginOptions,
  TemplateInfo,
} from "./options.js";
export {
  type PlanBaselineOptions,
  type PlanCatalogQuery,
  type PlanMatchers,
  type PlanStatement,
  type PlanSubject,
  planMatchers,
} from "./plan-matchers.js";
export { type SeedbandVitestPlugin, seedband } from "./plugin.js";
export { seedBand, useSeedbandContext } from "./seed-band.js";
export { type ProvidingProject, type SeedbandRun, startSeedbandRun } from "./setup-run.js";
