// The drift check: do the migrations build what the Prisma schema says? Prisma's schema engine
// compares the database the migrations were applied to with the schema; every statement of the
// script it would run to make the database match is a difference, unless it only removes an
// object that a hand-written migration alone can express (an INCLUDE index, a trigger, …):
// those are intended, and so are such objects the engine does not even look at.

import { dirname } from "node:path";
import { redactUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { hasPreviewFeature, readSchemaConfig, type SchemaFile } from "../schema/index.js";
import { type HandWrittenObject, listHandWrittenObjects } from "./hand-written-objects.js";
import { parseMigrationScript, type ScriptStep } from "./migration-script.js";
import type { Migration, SqlClient } from "./migrations.js";
import { datamodelTarget, NO_FILTERS, prepareEngineSchema } from "./schema-engine.js";
import { withSchemaEngine } from "./schema-engine-session.js";

export interface DriftDifference {
  /** The engine's step (CreateTable, AlterTable, DropIndex, …), or the kind of a hand-written object (Trigger, …). */
  kind: string;
  /** The table, index, enum or constraint; `table.column` for a column; `table.name` for triggers and policies. */
  object: string;
  /**
   * For a difference the engine found: the statement that would make the database match the
   * schema. For a hand-written object the engine does not model: its definition.
   */
  sql: string;
  /** True for objects only hand-written migrations can express: listed, not failed on. */
  intended: boolean;
  why?: string;
}

export interface DriftReport {
  /** True when every difference is intended. */
  inSync: boolean;
  differences: DriftDifference[];
}

/**
 * Compares what the migrations built with what the schema declares. `databaseUrl` names a
 * database to which exactly `migrations` have been applied (as seedband just did to the database
 * it seeds); it is only read. Throws BAD_INPUT when the database's `_prisma_migrations` does not
 * match `migrations`, and the schema engine's errors otherwise (see schemaDdl).
 *
 * @example
 * const report = await checkDrift(files, await readMigrations("prisma/migrations"), url);
 * // { inSync: true, differences: [{ kind: "DropIndex", object: "conversation_users_userId_isActive_idx", intended: true, … }] }
 */
export async function checkDrift(
  files: ReadonlyArray<SchemaFile>,
  migrations: readonly Migration[],
  databaseUrl: string,
): Promise<DriftReport> {
  const schema = prepareEngineSchema(files);
  const config = readSchemaConfig(schema);
  const namespaces = config.schemas.length > 0 ? config.schemas : ["public"];
  const expressible = {
    partialIndexes: hasPreviewFeature(config, "partialIndexes"),
    extensions: hasPreviewFeature(config, "postgresqlExtensions"),
  };

  let handWritten: HandWrittenObject[];
  const { connectSqlClient } = await import("./engine-adapter.js"); // loads pg only when needed
  const client = await connectSqlClient(databaseUrl);
  try {
    await requireMigrationsApplied(client, migrations, databaseUrl);
    handWritten = await listHandWrittenObjects(client, namespaces, expressible);
  } catch (error) {
    throw databaseError(error, databaseUrl);
  } finally {
    await client.close();
  }

  const script = await withSchemaEngine(schema, databaseUrl, async (engine) => {
    const result = await engine.diff({
      // The database, introspected through the adapter (the engine no longer takes a URL here).
      from: {
        tag: "schemaDatasource",
        files: schema.map(([path, content]) => ({ path, content })),
        configDir: dirname(schema[0]?.[0] ?? "."),
      },
      to: datamodelTarget(schema),
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? "";
  });
  return classifyDrift(parseMigrationScript(script), handWritten, migrations);
}

/**
 * The report from the engine's steps and the database's hand-written objects: a step that drops
 * a hand-written object is intended; hand-written objects no step mentions are listed as
 * intended too; every other step is drift. `migrations` only serve to name, in `why`, the
 * migration that created an object.
 */
export function classifyDrift(
  steps: readonly ScriptStep[],
  handWritten: readonly HandWrittenObject[],
  migrations: readonly Migration[],
): DriftReport {
  const differences: DriftDifference[] = [];
  const mentioned = new Set<HandWrittenObject>();
  // An object dropped and created again (a foreign key with other actions, an index with other
  // columns) is one that both sides define, differently.
  const dropped = new Set(steps.filter((s) => /^Drop/.test(s.kind)).map((s) => s.object));
  const redefined = new Set(
    steps.filter((s) => /^(?:Create|Add)/.test(s.kind) && dropped.has(s.object)).map((s) => s.object),
  );
  for (const step of steps) {
    const object = handWritten.find(
      (o) => o.name === step.object && (step.schema === undefined || step.schema === o.schema),
    );
    if (object && /^\s*(?:DROP\b|ALTER\s+TABLE\b[\s\S]*\bDROP\s+CONSTRAINT\b)/i.test(step.sql)) {
      mentioned.add(object);
      differences.push({
        kind: step.kind,
        object: step.object,
        sql: step.sql,
        intended: true,
        why: withOrigin(object, migrations),
      });
    } else {
      const why = redefined.has(step.object)
        ? "the migrations and the schema define it differently"
        : driftWhy(step);
      differences.push({ kind: step.kind, object: step.object, sql: step.sql, intended: false, why });
    }
  }
  for (const object of handWritten) {
    if (mentioned.has(object)) continue;
    differences.push({
      kind: object.kind,
      object: object.schema === "public" ? object.name : `${object.schema}.${object.name}`,
      sql: object.definition,
      intended: true,
      why: withOrigin(object, migrations),
    });
  }
  return { inSync: differences.every((d) => d.intended), differences };
}

function withOrigin(object: HandWrittenObject, migrations: readonly Migration[]): string {
  // The bare name: `table.trigger` → `trigger`, `f(integer)` → `f`.
  const bare = object.name.replace(/\(.*$/, "").split(".").at(-1) ?? object.name;
  const origin = migrations.find((m) => m.sql.includes(bare));
  return origin ? `${object.why}; created by migration ${origin.name}` : object.why;
}

function driftWhy(step: ScriptStep): string {
  if (/^Create|^Add/.test(step.kind)) return "the schema declares it, but the migrations do not create it";
  if (/^Drop/.test(step.kind)) return "the migrations create it, but the schema does not declare it";
  if (/\bDROP\s+COLUMN\b/i.test(step.sql))
    return "the migrations create this column, but the schema does not declare it";
  if (/\bADD\s+COLUMN\b/i.test(step.sql))
    return "the schema declares this column, but the migrations do not create it";
  return "the migrations and the schema disagree on it";
}

/** The database must hold exactly `migrations`, applied and unchanged since, or the comparison means nothing. */
async function requireMigrationsApplied(
  client: SqlClient,
  migrations: readonly Migration[],
  databaseUrl: string,
): Promise<void> {
  const { rows: present } = await client.query(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present",
  );
  const recorded = new Map<string, string>();
  if (present[0]?.present === true) {
    const { rows } = await client.query(
      "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    for (const row of rows) recorded.set(String(row.migration_name), String(row.checksum));
  }
  const names = new Set(migrations.map((m) => m.name));
  const missing = migrations.filter((m) => !recorded.has(m.name)).map((m) => m.name);
  const edited = migrations
    .filter((m) => recorded.has(m.name) && recorded.get(m.name) !== m.checksum)
    .map((m) => m.name);
  const extra = [...recorded.keys()].filter((name) => !names.has(name));
  if (missing.length + edited.length + extra.length === 0) return;
  const problems = [
    missing.length > 0 && `has not applied ${missing.join(", ")}`,
    edited.length > 0 && `applied ${edited.join(", ")} before its migration.sql changed`,
    extra.length > 0 && `records ${extra.join(", ")}, which the migrations folder lacks`,
  ].filter(Boolean);
  throw new SeedbandError(
    "BAD_INPUT",
    `The drift check compares the schema with a database built by the migrations, but the database at ` +
      `${redactUrl(databaseUrl)} ${problems.join("; ")}. Fix: check a database to which exactly these migrations ` +
      "were applied (a fresh `seedband seed` builds one).",
  );
}

function databaseError(error: unknown, databaseUrl: string): unknown {
  if (error instanceof SeedbandError) return error;
  const e = (error ?? {}) as { code?: string; message?: string };
  const unreachable =
    ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "28P01", "28000", "3D000"].includes(
      e.code ?? "",
    ) || /connect|terminat/i.test(e.message ?? "");
  return new SeedbandError(
    unreachable ? "UNREACHABLE" : "DB_ERROR",
    `Cannot read the database at ${redactUrl(databaseUrl)} for the drift check: ${e.message ?? String(error)}` +
      `${e.code ? ` (${e.code})` : ""}. Fix: check that the server is running and the URL is right, then run again.`,
    { cause: error },
  );
}
