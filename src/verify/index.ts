// The verify stage's face: what a loaded database holds, recomputed from the database alone.
export { checkDistributions, type DistributionCheck } from "./distribution-check.js";
export {
  copyTableOut,
  countOrphans,
  type ForeignKeyCheck,
  orphansAfterLoad,
  type TableCheck,
  tableChecksum,
} from "./table-checksum.js";
