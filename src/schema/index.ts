// The schema stage's face: Prisma schema text → model graph, foreign-key order, the schema's
// fingerprint. Pure: reading the files and everything that needs a server (migrations, the
// schema engine, drift) is src/migrate. Other folders import from here, never from the files
// behind it.

export { foreignKeyOrder } from "./fk-order.js";
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
export { hasPreviewFeature, readSchemaConfig, type SchemaConfig } from "./schema-config-blocks.js";
export { schemaFilesFingerprint } from "./schema-fingerprint.js";
