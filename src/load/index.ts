// The load stage: COPY loading, deferred keys and indexes, verification and run records.

export { discreteAlphaMle } from "../calibrate/index.js";
export { checkDistributions, type DistributionCheck } from "./distribution-check.js";
export {
  checkManifestFiles,
  checkManifestTables,
  type LoadManifest,
  type ManifestFiles,
  readLoadManifest,
} from "./manifest.js";
export { emptyRecord, type RunRecord } from "./run-record.js";
export {
  DRIFT_NOTE,
  databaseNameFor,
  readStoredRecord,
  type SeedEvent,
  type SeedOptions,
  seedDatabase,
  seedFingerprints,
  verifyInto,
} from "./seed-database.js";
export { copyTableOut, countOrphans, tableChecksum } from "./verify.js";
