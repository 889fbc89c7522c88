// The schema stage's face: Prisma schema text → model graph, foreign-key order, the schema's
// fingerprint. Pure: reading the files and everything that needs a server (migrations, the
// schema engine, drift) is src/migrate. Other folders import from here, never from the files
// behind it.

export type { DmmfDatamodel, ImplicitManyToMany } from "./dmmf.js";
export { foreignKeyOrder } from "./fk-order.js";
export { implicitManyToMany } from "./implicit-join-models.js";
export * from "./model-graph.js";
export { normaliseSchemaFiles } from "./normalise-schema-files.js";
export { type PrismaDiagnostic, parsePrismaDiagnostics } from "./prisma-diagnostics.js";
export { defaultForeignKeyName } from "./prisma-names.js";
export { readDmmf, readSchema } from "./read-schema.js";
export { hasPreviewFeature, readSchemaConfig, type SchemaConfig } from "./schema-config-blocks.js";
export type { SchemaFile } from "./schema-file.js";
export { schemaFilesFingerprint } from "./schema-fingerprint.js";
