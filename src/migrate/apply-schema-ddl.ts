// Applying the schema engine's DDL to a database, recorded in `_seedband.schema_applied` with
// the schema's fingerprint: the counterpart of `_prisma_migrations` for projects without
// migrations. The `_seedband` schema is seedband's own; the emptiness check ignores it.

import { SeedbandError } from "../errors.js";
import { statements } from "./migration-script.js";
import type { SqlClient } from "./migrations.js";

/** Prisma Migrate's advisory lock key (as in migrations.ts): seedband and Prisma never race. */
const PRISMA_MIGRATE_LOCK = 72707369;

export const SCHEMA_APPLIED_DDL = `CREATE SCHEMA IF NOT EXISTS _seedband;
CREATE TABLE IF NOT EXISTS _seedband.schema_applied (
    fingerprint text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);`;

/**
 * Runs `sql` (the script of schemaDdl) and records `schemaFingerprint` (schemaFilesFingerprint)
 * in one transaction under Prisma Migrate's advisory lock: the database ends with both or with
 * neither. Returns "alreadyApplied", running nothing, when the database records the same
 * fingerprint; refuses (BAD_INPUT) one that records another; a failing statement throws
 * MIGRATION_FAILED with its line in the script and the SQLSTATE.
 *
 * `client` must be one session (a pg `Client` or a checked-out `PoolClient`, not a Pool).
 *
 * @example
 * await applySchemaDdl(client, await schemaDdl(files, url), schemaFilesFingerprint(files));
 */
export async function applySchemaDdl(
  client: SqlClient,
  sql: string,
  schemaFingerprint: string,
): Promise<"applied" | "alreadyApplied"> {
  await client.query("BEGIN");
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${PRISMA_MIGRATE_LOCK})`);
    await client.query(SCHEMA_APPLIED_DDL);
    const { rows } = await client.query(
      "SELECT fingerprint FROM _seedband.schema_applied ORDER BY applied_at DESC LIMIT 1",
    );
    const recorded = rows[0]?.fingerprint;
    if (recorded === schemaFingerprint) {
      await client.query("COMMIT");
      return "alreadyApplied";
    }
    if (typeof recorded === "string") {
      throw new SeedbandError(
        "BAD_INPUT",
        `The database already holds another Prisma schema (fingerprint ${recorded.slice(0, 12)}…, not ` +
          `${schemaFingerprint.slice(0, 12)}…). Fix: seed a new database (seedband seed … --fresh) rather than ` +
          "applying a changed schema over an old one.",
      );
    }
    // One statement at a time, so a failure names its statement (Postgres gives no position for
    // most DDL errors, e.g. "relation already exists").
    const list = statements(sql);
    for (const [i, statement] of list.entries()) {
      try {
        await client.query(statement.sql);
      } catch (error) {
        throw ddlError(statement, i + 1, list.length, error);
      }
    }
    await client.query("INSERT INTO _seedband.schema_applied (fingerprint) VALUES ($1)", [schemaFingerprint]);
    await client.query("COMMIT");
    return "applied";
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

function ddlError(
  statement: { kind: string; sql: string },
  index: number,
  count: number,
  error: unknown,
): SeedbandError {
  const e = (error ?? {}) as { code?: string; detail?: string; hint?: string };
  const text = error instanceof Error ? error.message : String(error);
  const extra = [e.detail && `Detail: ${e.detail}`, e.hint && `Hint: ${e.hint}`].filter(Boolean).join(" ");
  const shown = statement.sql.length > 200 ? `${statement.sql.slice(0, 200)}…` : statement.sql;
  return new SeedbandError(
    "MIGRATION_FAILED",
    `The DDL Prisma's schema engine made from the schema failed at statement ${index} of ${count} ` +
      `(${statement.kind}: ${shown}): ${text}${e.code ? ` (SQLSTATE ${e.code})` : ""}.${extra ? ` ${extra}` : ""} ` +
      "Nothing was applied (one transaction). Fix: apply it to an empty database (one that already has these " +
      "tables needs migrations instead), or correct what the message names in the schema.",
    { cause: error },
  );
}
