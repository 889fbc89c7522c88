// The schema stage's face: Prisma schema → model graph, foreign-key order, and Prisma
// migrations. Other stages import from here, never from the files behind it.

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
