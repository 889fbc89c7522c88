// The verify stage's face: what a loaded database holds, recomputed from the database alone —
// rows, orphans, checksums, distributions — as one verifyDatabase(), and the table checksum
// stream on-disk snapshots write; and the pure checks of a measured distribution against the spec
// with their tolerances, which `seedband report` holds its charts to as well.
export { checkDistributions, type DistributionCheck } from "./distribution-check.js";
export { distributionCheck } from "./distribution-result.js";
export {
  binned,
  familyChecks,
  mixTolerance,
  sharesTolerance,
  TOLERANCE as DISTRIBUTION_TOLERANCE,
} from "./family-check.js";
export { countOrphans, type ForeignKeyCheck, orphansAfterLoad } from "./orphans.js";
export { type PowerLawFanOut, powerLawFanOutChecks } from "./power-law-fan-out.js";
export { checkRealism, type RealismCheck } from "./realism.js";
export { copyTableOut, type TableCheck, tableChecksum } from "./table-checksum.js";
export {
  type Verification,
  type VerifyError,
  type VerifyOptions,
  verifyDatabase,
} from "./verify-database.js";
