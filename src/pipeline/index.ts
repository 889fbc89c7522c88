// The pipeline's face: one band, end to end, below every face — the project's inputs, the band
// prepared (planned, fingerprinted once), seeded into its database, and the run record. The CLI,
// the Vitest plugin and snapshots call it; it prints nothing.
export {
  checkLogicalSnapshot,
  findBandSnapshot,
  restoreLogicalSnapshot,
  restorePhysicalSnapshot,
  type SnapshotOptions,
  saveBandSnapshot,
} from "./band-snapshot.js";
export { type BandStatsOptions, bandStats, DEFAULT_GENERATE_BUDGET, parseCopyLine } from "./band-stats.js";
export { DriftCache } from "./drift-cache.js";
export { type PreparedBand, prepareBand, prepareProjectBand } from "./prepared-band.js";
export { type ProjectInputs, type ProjectOptions, readProjectInputs } from "./project-inputs.js";
export { type ReportBand, type ReportBandOptions, reportBand } from "./report-band.js";
export { emptyRecord, type InjectedStatistics, type RunRecord } from "./run-record.js";
export { type RunSeedOptions, runSeed } from "./run-seed.js";
export { seedDatabase } from "./seed-database.js";
export type { SeedEvent, SeedOptions, SeedServer } from "./seed-run.js";
export { applyStatsAs, checkStatsServer, resolveStatsAs, type StatsAsSource, statsText } from "./stats-as.js";
export { type VerifiedBand, type VerifyBandOptions, verifyBand } from "./verify-band.js";
export { writeRunRecord } from "./write-run-record.js";
