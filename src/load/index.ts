// The load stage's face, one file per step, each returning what it did: the band's database
// (reuse, claim, create, clear), the schema (migrations or the engine's DDL) and the keys dropped
// before the rows, the one load loop over a set of blocks, the finish (keys, indexes, foreign
// keys, sequences, ANALYZE), the `_seedband` meta store, shards meeting under a lock, and the
// COPY folder format.
export { DRIFT_NOTE, type SchemaSource } from "./apply-schema.js";
export { type BandKey, freshDatabase, markComplete, reuseDatabase } from "./band-database.js";
export {
  type CopyFiles,
  checkCopyFolder,
  type ManifestHeader,
  writeCopyFolder,
} from "./copy-folder.js";
export { type DeferredObject, dropDeferred, readDeferrable, rebuildPlan } from "./deferred-constraints.js";
export { elapsedSeconds, roundSeconds } from "./elapsed.js";
export { finishLoad } from "./finish-load.js";
export { type LoadBlocksOptions, type LoadedBlocks, loadBlocks } from "./load-blocks.js";
export type { Emit, LoadEvent } from "./load-event.js";
export {
  checkManifestFiles,
  checkManifestTables,
  type LoadManifest,
  type ManifestFiles,
  readLoadManifest,
} from "./manifest.js";
export { readStoredRecord, type ShardState, shardLoaded, storeRunRecord } from "./meta-store.js";
export { type PreparedLoad, prepareLoad } from "./prepare-load.js";
export { ShardedLoad } from "./sharded-load.js";
