// DDL for a Prisma schema from Prisma's schema engine: the script that creates the schema's
// tables, enums, indexes and foreign keys in an empty database. seedband applies it when a
// project has no prisma/migrations. The engine connects to a server even for a diff from
// nothing, so the caller names one.

import { SeedbandError } from "../errors.js";
import { normaliseSchemaFiles, readDmmf, readSchemaConfig, type SchemaFile } from "../schema/index.js";
import { type DiffTarget, withSchemaEngine } from "./schema-engine-session.js";

/** No table or enum is "external" (prisma.config.ts `tables.external`): the engine manages all. */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

const POSTGRES_PROVIDERS = new Set(["postgresql", "postgres"]);

/**
 * The SQL script that creates the schema in an empty database, as `prisma migrate diff
 * --from-empty --to-schema` prints it. Prisma 5/6 schemas (`url = env(...)` and the like) are
 * accepted as they are. `databaseUrl` is any database on a reachable server: the engine
 * connects, but writes nothing.
 *
 * Throws SeedbandError: SCHEMA_INVALID (Prisma rejects the schema, or it has no datasource),
 * SCHEMA_UNSUPPORTED (not PostgreSQL, or the engine fails on it), UNREACHABLE (the server).
 *
 * @example
 * const sql = await schemaDdl(await readSchemaFiles("prisma/schema.prisma"), "postgresql://postgres@127.0.0.1:5432/postgres");
 * // "-- CreateEnum\nCREATE TYPE \"ConversationKind\" AS ENUM (…);\n…"
 */
export async function schemaDdl(files: ReadonlyArray<SchemaFile>, databaseUrl: string): Promise<string> {
  const schema = prepareEngineSchema(files);
  return withSchemaEngine(schema, databaseUrl, async (engine) => {
    const result = await engine.diff({
      from: { tag: "empty" },
      to: datamodelTarget(schema),
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? "";
  });
}

/**
 * The files as the engine gets them: normalised (see normaliseSchemaFiles), checked by Prisma's
 * parser (so errors name file, line and column, as readSchema's do), and for PostgreSQL.
 */
export function prepareEngineSchema(files: ReadonlyArray<SchemaFile>): SchemaFile[] {
  const normalised = normaliseSchemaFiles(files);
  readDmmf(normalised);
  const config = readSchemaConfig(normalised);
  const names = files.map(([path]) => path).join(", ");
  if (config.provider === undefined) {
    throw new SeedbandError(
      "SCHEMA_INVALID",
      `The Prisma schema (${names}) has no datasource block with a provider, so Prisma's schema engine cannot ` +
        'tell which database it is for. Fix: add `datasource db {\n  provider = "postgresql"\n}` to the schema.',
    );
  }
  if (!POSTGRES_PROVIDERS.has(config.provider)) {
    throw new SeedbandError(
      "SCHEMA_UNSUPPORTED",
      `The datasource in ${config.datasourceFile} has provider = "${config.provider}"; seedband supports ` +
        'PostgreSQL only. Fix: use provider = "postgresql" (and a PostgreSQL database).',
    );
  }
  return normalised;
}

/** The engine's "to" or "from" for a schema's data model (no database involved). */
export function datamodelTarget(files: ReadonlyArray<SchemaFile>): DiffTarget {
  return { tag: "schemaDatamodel", files: files.map(([path, content]) => ({ path, content })) };
}
