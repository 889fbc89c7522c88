// Prisma migrations (`prisma/migrations/<name>/migration.sql`): reading them from disk and
// applying them the way `prisma migrate deploy` does, recorded in `_prisma_migrations` with
// the same table, checksums and bookkeeping, so `prisma migrate status` agrees afterwards.

import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SeedbandError } from "../errors.js";

/** The one thing of a Postgres client this module uses. A pg `Client` (or `PoolClient`) fits. */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

export interface Migration {
  /** The folder name, e.g. "20250101000000_baseline". */
  name: string;
  /** Where migration.sql was read from (for messages). */
  path: string;
  sql: string;
  /** SHA-256 hex of migration.sql's bytes: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

export interface ApplyResult {
  /** Migrations run now, in order. */
  applied: string[];
  /** Migrations the database had already recorded as applied. */
  alreadyApplied: string[];
  /** Already applied, but migration.sql changed since (its checksum differs from the record). */
  modified: string[];
}

/**
 * The DDL Prisma's schema engine runs to create its history table (sql-schema-connector,
 * PostgresFlavour::create_migrations_table), verbatim, so the table is indistinguishable
 * from one `prisma migrate deploy` made.
 */
export const PRISMA_MIGRATIONS_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

/** The advisory lock key Prisma Migrate takes; sharing it keeps seedband and Prisma from racing. */
const PRISMA_MIGRATE_LOCK = 72707369;

/**
 * Reads the migrations under `migrationsDir`, sorted by name as Prisma sorts them. Files
 * beside the folders (`migration_lock.toml`) are ignored; a missing directory yields [].
 * With `upTo`, stops after that migration (inclusive).
 *
 * @example
 * const migrations = await readMigrations("prisma/migrations", { upTo: "20250101000000_baseline" });
 */
export async function readMigrations(
  migrationsDir: string,
  options: { upTo?: string } = {},
): Promise<Migration[]> {
  let names: string[];
  try {
    const entries = await readdir(migrationsDir, { withFileTypes: true });
    // Code-unit order (Rust's str ordering), not locale order: Prisma's order exactly.
    names = entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    names = [];
  }

  if (options.upTo !== undefined) {
    const stop = names.indexOf(options.upTo);
    if (stop < 0) {
      throw new SeedbandError(
        "BAD_INPUT",
        `--to-migration ${options.upTo}: no such migration in ${migrationsDir}. ` +
          `Available: ${names.length > 0 ? names.join(", ") : "none"}. Fix: pass one of those names.`,
      );
    }
    names = names.slice(0, stop + 1);
  }

  return Promise.all(
    names.map(async (name): Promise<Migration> => {
      const file = join(migrationsDir, name, "migration.sql");
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new SeedbandError(
          "BAD_INPUT",
          `Migration folder ${join(migrationsDir, name)} has no readable migration.sql. ` +
            "Fix: add the migration's SQL as migration.sql, or remove the folder.",
          { cause: error },
        );
      }
      return { name, path: file, sql: bytes.toString("utf8"), checksum: sha256(bytes) };
    }),
  );
}

/**
 * Applies the migrations the database has not recorded yet, as `prisma migrate deploy` does:
 * under Prisma's advisory lock; creating `_prisma_migrations` when missing; for each one a
 * row (started), the SQL as one multi-statement simple query (so Postgres runs it in one
 * implicit transaction), then `finished_at` and `applied_steps_count = 1`. A failure leaves
 * the row with its logs and `finished_at` NULL and throws MIGRATION_FAILED.
 *
 * `client` must be one session (a pg `Client` or a checked-out `PoolClient`, not a Pool):
 * the advisory lock belongs to the session.
 */
export async function applyMigrations(
  client: SqlClient,
  migrations: readonly Migration[],
): Promise<ApplyResult> {
  await client.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK})`);
  try {
    await ensureMigrationsTable(client);
    const { rows } = await client.query(
      "SELECT migration_name, checksum, finished_at, rolled_back_at, logs, started_at FROM _prisma_migrations ORDER BY started_at",
    );
    refuseFailedMigrations(rows);

    // A row rolled back (`prisma migrate resolve --rolled-back`) does not count as applied.
    const recorded = new Map<string, string>();
    for (const row of rows) {
      if (row.rolled_back_at === null) recorded.set(String(row.migration_name), String(row.checksum));
    }

    const result: ApplyResult = { applied: [], alreadyApplied: [], modified: [] };
    for (const migration of migrations) {
      const checksum = recorded.get(migration.name);
      if (checksum !== undefined) {
        result.alreadyApplied.push(migration.name);
        if (checksum !== migration.checksum) result.modified.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK})`);
  }
}

/**
 * A stable fingerprint of a migration history: SHA-256 over each migration's name and
 * checksum, in order. Two folders with the same migrations give the same fingerprint.
 */
export function migrationsFingerprint(migrations: readonly Migration[]): string {
  const hash = createHash("sha256");
  for (const m of migrations) hash.update(`${m.name}\u0000${m.checksum}\n`);
  return hash.digest("hex");
}

async function ensureMigrationsTable(client: SqlClient): Promise<void> {
  // Unqualified, like Prisma: the table lives in the first schema of the search_path.
  const { rows } = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  if (rows[0]?.present !== true) await client.query(PRISMA_MIGRATIONS_DDL);
}

function refuseFailedMigrations(rows: ReadonlyArray<Record<string, unknown>>): void {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length === 0) return;
  // Prisma refuses to go on (P3009) rather than guess what a half-applied migration left.
  const details = failed
    .map((r) => {
      const logs = typeof r.logs === "string" && r.logs.trim() !== "" ? `: ${firstLine(r.logs)}` : "";
      return `\`${String(r.migration_name)}\`${logs}`;
    })
    .join("; ");
  throw new SeedbandError(
    "MIGRATION_FAILED",
    `The database records failed migrations: ${details}. Fix: drop the database and run again (seedband ` +
      "recreates its own), or mark them with `prisma migrate resolve --rolled-back <name>` after repairing the schema.",
  );
}

async function applyOne(client: SqlClient, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())",
    [id, migration.checksum, migration.name],
  );
  try {
    // No params: pg then uses the simple query protocol, which accepts many statements.
    await client.query(migration.sql);
  } catch (error) {
    // A script with its own BEGIN leaves the session in an aborted transaction after an
    // error; end it so the bookkeeping below can run (a no-op warning otherwise).
    await client.query("ROLLBACK").catch(() => undefined);
    const failure = describeFailure(migration, error);
    await client.query("UPDATE _prisma_migrations SET logs = $2 WHERE id = $1", [id, failure.logs]);
    throw new SeedbandError("MIGRATION_FAILED", failure.message, { cause: error });
  }
  await client.query(
    "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = now() WHERE id = $1",
    [id],
  );
}

interface ServerError {
  message?: string;
  code?: string;
  position?: string;
  detail?: string;
  hint?: string;
}

function describeFailure(migration: Migration, error: unknown): { message: string; logs: string } {
  const e = (error ?? {}) as ServerError;
  const text = error instanceof Error ? error.message : String(error);
  const line = e.position === undefined ? undefined : lineAt(migration.sql, Number(e.position));
  const where = line === undefined ? "" : ` at line ${line} of migration.sql`;
  const code = e.code ? ` (SQLSTATE ${e.code})` : "";
  const extra = [e.detail && `Detail: ${e.detail}`, e.hint && `Hint: ${e.hint}`].filter(Boolean).join(" ");
  // The log text follows the shape of Prisma's own, so `prisma migrate status` reads naturally.
  const logs = [
    `Migration \`${migration.name}\` failed to apply cleanly to the database.`,
    e.code ? `Database error code: ${e.code}` : undefined,
    "",
    "Database error:",
    `ERROR: ${text}`,
    line === undefined ? undefined : `\nPosition: line ${line} of migration.sql`,
    extra || undefined,
  ]
    .filter((l) => l !== undefined)
    .join("\n");
  const message =
    `Migration ${migration.name} failed${where}: ${text}${code}.${extra ? ` ${extra}` : ""} ` +
    "Postgres rolled the migration's statements back; its row in _prisma_migrations keeps the logs. " +
    `Fix: correct ${migration.path} (or what it assumes of the database) and run again on a fresh database.`;
  return { message, logs };
}

/** 1-based line of a 1-based character position (Postgres reports positions in characters). */
function lineAt(sql: string, position: number): number | undefined {
  if (!Number.isFinite(position) || position < 1) return undefined;
  const before = [...sql].slice(0, position - 1).join("");
  return before.split("\n").length;
}

function firstLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines.find((l) => l.startsWith("ERROR:")) ?? lines[0] ?? "";
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
