// The schema stage's face: Prisma schema → model graph, foreign-key order, Prisma migrations,
// DDL from Prisma's schema engine and the drift check. Other stages import from here, never
// from the files behind it.

export { applySchemaDdl } from "./apply-schema-ddl.js";
export { checkDrift, type DriftDifference, type DriftReport } from "./drift.js";
export { foreignKeyOrder } from "./fk-order.js";
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
export * from "./model-graph.js";
export { normaliseSchemaFiles } from "./normalise-schema-files.js";
export { type PrismaDiagnostic, parsePrismaDiagnostics } from "./prisma-diagnostics.js";
export {
  type DmmfDatamodel,
  defaultForeignKeyName,
  type ImplicitManyToMany,
  implicitManyToMany,
  readDmmf,
  readSchema,
  type SchemaFile,
} from "./read-schema.js";
export { type RequiredExtension, requiredExtensions } from "./required-extensions.js";
export { schemaDdl } from "./schema-engine.js";
export { schemaFilesFingerprint } from "./schema-fingerprint.js";
