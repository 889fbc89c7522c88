// The snapshot stage: template databases keyed by everything that decides their content, clones
// of them, and the cleanup of what dead runs left.

export {
  CLAIM_WAIT_MS,
  ClonePool,
  type ClonePoolOptions,
  type ClonePoolStats,
  claimPooledClone,
  discardClone,
  discardPrefix,
  MAX_DISCARDED,
  type PoolTemplate,
  poolPrefix,
} from "./clone-pool.js";
export {
  type CloneStrategy,
  cloneChoice,
  strategyForSize,
  WAL_LOG_MAX_BYTES,
} from "./clone-strategy.js";
export { type Clone, cloneTemplate } from "./clone-template.js";
export {
  type DiskSnapshotInfo,
  diskSnapshotName,
  listDiskSnapshots,
  logicalSchemaSql,
  notFoundOnDisk,
  readInfo,
  removeStaleTemporaries,
  type SnapshotTable,
  saveLogicalSnapshot,
  savePhysicalSnapshot,
  temporaryFolder,
  writePhysicalInfo,
} from "./disk-snapshot.js";
export { dropLeftovers, dropRunDatabases, isOwnerAlive, runOwner } from "./leftovers.js";
export { type SnapshotInputs, safeBand, snapshotKey, snapshotName } from "./snapshot-key.js";
export {
  type EnsureTemplateOptions,
  ensureTemplate,
  type TemplateSnapshot,
} from "./template-snapshot.js";
