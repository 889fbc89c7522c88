// The load stage: COPY loading, deferred keys and indexes, the seed run.

export type { LoadManifest } from "./manifest.js";
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
