// The database layer: sessions, ownership marks, database administration, and the providers that
// give seedband a server, with the one strategy list that picks among them. The only folder of
// seedband that imports `pg`.

export {
  type CreateDatabaseOptions,
  claimDatabase,
  createOwnedDatabase,
  dropOwnedDatabase,
  publishDatabase,
  updateMark,
} from "./admin.js";
export {
  acquireBuildLock,
  type BuildLock,
  type BuildLockOptions,
  buildLockKey,
  DEFAULT_LOCK_WAIT_SECONDS,
  lockWaitSeconds,
} from "./build-lock.js";
export { type EmbeddedBinaries, embeddedBinaries } from "./embedded-binaries.js";
export { restoreDataDirectory, saveDataDirectory } from "./embedded-data-copy.js";
export { EmbeddedProvider, type EmbeddedServerConfig, type EmbeddedStatus } from "./embedded-provider.js";
export {
  type DatabaseInspection,
  type DatabaseObjects,
  formatMark,
  inspectDatabase,
  listOwnedDatabases,
  MAINTENANCE_DATABASES,
  MARK_PREFIX,
  markProject,
  type OwnerMark,
  parseMark,
  type RunOwner,
  SEEDBAND_NAME,
} from "./ownership.js";
export { canPadRelations, type PadTarget, padRelations } from "./pad-relation.js";
export {
  embeddedStrategy,
  type ProviderStrategy,
  type Provisioned,
  type ProvisionResult,
  provision,
  testcontainersStrategy,
  urlStrategy,
} from "./provider-strategies.js";
export {
  RAM_OWNER_FILE,
  RAM_TABLESPACE,
  ramPlace,
  ramTablespace,
  removeOrphanedRamFolders,
} from "./ram-tablespace.js";
export { redactSecrets, redactUrl, shownUrl, urlSecrets } from "./redact-url.js";
export { connect, databaseUrl, quoteIdent, quoteLiteral, type Session, translatePgError } from "./session.js";
export { type StartedServer, serverMajorVersion } from "./started-server.js";
export { PAUSE_PHASES, type PausePhase, pauseAt } from "./test-pause.js";
export {
  DEFAULT_IMAGE,
  dockerReachable,
  type TestcontainersConfig,
  TestcontainersProvider,
} from "./testcontainers-provider.js";
export { UrlProvider, type UrlProviderConfig } from "./url-provider.js";
