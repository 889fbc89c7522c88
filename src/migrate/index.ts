// The migrate stage's face: the Prisma schema's files on disk, Prisma migrations (read, and
// applied as `prisma migrate deploy` does), DDL from Prisma's schema engine (WASM) and the drift
// check. Needs the file system and, for the engine and the migrations, a server.

export { applySchemaDdl } from "./apply-schema-ddl.js";
export { checkDrift, type DriftDifference, type DriftReport } from "./drift.js";
export { loadSchemaFile, readSchemaFiles } from "./load-schema-file.js";
export {
  type ApplyResult,
  applyMigrations,
  type Migration,
  migrationsFingerprint,
  PRISMA_MIGRATIONS_DDL,
  readMigrations,
  type SqlClient,
} from "./migrations.js";
export { prepareEngineSchema, schemaDdl } from "./schema-engine.js";
