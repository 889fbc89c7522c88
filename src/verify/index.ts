// The verify stage's face: what a loaded database holds, recomputed from the database alone —
// rows, orphans, checksums, distributions — as one verifyDatabase(), and the table checksum
// stream on-disk snapshots write.
export { checkDistributions, type DistributionCheck } from "./distribution-check.js";
export { countOrphans, type ForeignKeyCheck, orphansAfterLoad } from "./orphans.js";
export { copyTableOut, type TableCheck, tableChecksum } from "./table-checksum.js";
export {
  type Verification,
  type VerifyError,
  type VerifyOptions,
  verifyDatabase,
} from "./verify-database.js";
