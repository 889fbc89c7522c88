// applyMigrations against the PostgreSQL 15 server: the reference migrations create the tables
// and the three hot-path indexes, `_prisma_migrations` matches what `prisma migrate deploy`
// leaves, re-applying is a no-op, and a broken migration is reported and recorded as Prisma does.

import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/db/index.js";
import { SeedbandError } from "../../src/errors.js";
import { applyMigrations, type Migration, readMigrations, type SqlClient } from "../../src/migrate/index.js";

const SYSTEM_URL = process.env.SEEDBAND_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REFERENCE = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const BASELINE = "20250101000000_baseline";
const HOT_PATH = "20250102000000_hot_path_indexes";

// The db/ session must be usable wherever a SqlClient is expected (checked by tsc).
const sessionIsSqlClient: Session extends SqlClient ? true : never = true;

const admin = new pg.Client({ connectionString: SYSTEM_URL });
const databases: string[] = [];
const clients: pg.Client[] = [];

async function freshDatabase(): Promise<pg.Client> {
  const name = `sbtest_mig_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  databases.push(name);
  const url = new URL(SYSTEM_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<SeedbandError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedbandError);
  return error as SeedbandError;
}

function broken(name: string, sql: string): Migration {
  return {
    name,
    path: `prisma/migrations/${name}/migration.sql`,
    sql,
    checksum: createHash("sha256").update(sql).digest("hex"),
  };
}

async function history(client: pg.Client) {
  const { rows } = await client.query(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count, started_at
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
  return rows as Array<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    logs: string | null;
    applied_steps_count: number;
    started_at: Date;
  }>;
}

async function tableExists(client: pg.Client, name: string): Promise<boolean> {
  const { rows } = await client.query("SELECT to_regclass($1) IS NOT NULL AS present", [`public."${name}"`]);
  return rows[0].present === true;
}

beforeAll(async () => {
  await admin.connect();
});

afterAll(async () => {
  for (const client of clients) await client.end().catch(() => undefined);
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("applyMigrations on the reference migrations", () => {
  let client: pg.Client;
  let migrations: Migration[];

  beforeAll(async () => {
    expect(sessionIsSqlClient).toBe(true);
    client = await freshDatabase();
    migrations = await readMigrations(REFERENCE);
  });

  it("applies both migrations in order", async () => {
    const result = await applyMigrations(client, migrations);
    expect(result).toEqual({ applied: [BASELINE, HOT_PATH], alreadyApplied: [], modified: [] });
  });

  it("creates the five tables", async () => {
    const { rows } = await client.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(rows.map((r) => r.tablename)).toEqual([
      "_prisma_migrations",
      "attachments",
      "conversation_users",
      "conversations",
      "messages",
      "users",
    ]);
  });

  it("creates the three hot-path indexes, the INCLUDE one included", async () => {
    const { rows } = await client.query(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%_idx' ORDER BY indexname",
    );
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(Object.keys(defs)).toEqual([
      "conversation_users_userId_isActive_idx",
      "conversations_updatedAt_idx",
      "messages_conversationId_createdAt_idx",
    ]);
    expect(defs["conversation_users_userId_isActive_idx"]).toContain(
      'ON public.conversation_users USING btree ("userId", "isActive") INCLUDE ("conversationId")',
    );
    expect(defs["messages_conversationId_createdAt_idx"]).toContain('("conversationId", "createdAt" DESC)');
    expect(defs["conversations_updatedAt_idx"]).toContain('("updatedAt" DESC)');
  });

  it("records two finished rows whose checksums are the SHA-256 of the files", async () => {
    const rows = await history(client);
    expect(rows.map((r) => r.migration_name)).toEqual([BASELINE, HOT_PATH]);
    for (const row of rows) {
      const bytes = await readFile(join(REFERENCE, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it("creates _prisma_migrations exactly as Prisma's schema engine does", async () => {
    const { rows } = await client.query(
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(rows).toEqual([
      { column_name: "id", data_type: "character varying", len: 36, is_nullable: "NO", column_default: null },
      {
        column_name: "checksum",
        data_type: "character varying",
        len: 64,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "finished_at",
        data_type: "timestamp with time zone",
        len: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "migration_name",
        data_type: "character varying",
        len: 255,
        is_nullable: "NO",
        column_default: null,
      },
      { column_name: "logs", data_type: "text", len: null, is_nullable: "YES", column_default: null },
      {
        column_name: "rolled_back_at",
        data_type: "timestamp with time zone",
        len: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "started_at",
        data_type: "timestamp with time zone",
        len: null,
        is_nullable: "NO",
        column_default: "now()",
      },
      {
        column_name: "applied_steps_count",
        data_type: "integer",
        len: null,
        is_nullable: "NO",
        column_default: "0",
      },
    ]);
    const pk = await client.query(
      "SELECT conname FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'",
    );
    expect(pk.rows).toEqual([{ conname: "_prisma_migrations_pkey" }]);
  });

  it("does nothing when applied again", async () => {
    const before = await history(client);
    const result = await applyMigrations(client, migrations);
    expect(result).toEqual({ applied: [], alreadyApplied: [BASELINE, HOT_PATH], modified: [] });
    expect(await history(client)).toEqual(before);
  });

  it("reports an applied migration whose file changed since, without running it", async () => {
    const [baseline, hotPath] = migrations as [Migration, Migration];
    const changed = { ...baseline, sql: "SELECT 1/0;", checksum: "0".repeat(64) };
    const result = await applyMigrations(client, [changed, hotPath]);
    expect(result).toEqual({ applied: [], alreadyApplied: [BASELINE, HOT_PATH], modified: [BASELINE] });
  });
});

describe("applyMigrations step by step and on failure", () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = await freshDatabase();
  });

  it("applies up to a named migration, then the rest", async () => {
    const first = await applyMigrations(client, await readMigrations(REFERENCE, { upTo: BASELINE }));
    expect(first.applied).toEqual([BASELINE]);
    expect(await tableExists(client, "messages")).toBe(true);
    const indexes = await client.query(
      "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname LIKE '%_idx'",
    );
    expect(indexes.rows[0].n).toBe(0);
    const second = await applyMigrations(client, await readMigrations(REFERENCE));
    expect(second).toEqual({ applied: [HOT_PATH], alreadyApplied: [BASELINE], modified: [] });
  });

  it("fails with MIGRATION_FAILED naming the migration, line and SQLSTATE, and rolls its statements back", async () => {
    const bad = broken(
      "20250103000000_broken",
      "CREATE TABLE made_before_the_error (id int);\nSELECT * FROM no_such_table;\n",
    );
    const error = await failure(applyMigrations(client, [...(await readMigrations(REFERENCE)), bad]));
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.message).toContain("Migration 20250103000000_broken failed at line 2 of migration.sql");
    expect(error.message).toContain('relation "no_such_table" does not exist');
    expect(error.message).toContain("SQLSTATE 42P01");
    expect(error.message).toMatch(/Fix: correct prisma\/migrations\/20250103000000_broken\/migration\.sql/);
    expect(await tableExists(client, "made_before_the_error")).toBe(false);

    const row = (await history(client)).find((r) => r.migration_name === bad.name);
    expect(row).toMatchObject({
      finished_at: null,
      rolled_back_at: null,
      applied_steps_count: 0,
      checksum: bad.checksum,
    });
    expect(row?.logs).toContain("Database error code: 42P01");
    expect(row?.logs).toContain('ERROR: relation "no_such_table" does not exist');
  });

  it("refuses to go on while a failed migration is recorded, as migrate deploy does", async () => {
    const error = await failure(applyMigrations(client, await readMigrations(REFERENCE)));
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.message).toContain("records failed migrations: `20250103000000_broken`");
    expect(error.message).toContain("prisma migrate resolve --rolled-back");
  });

  it("retries a migration marked rolled back, and records a failure inside the script's own transaction", async () => {
    // What `prisma migrate resolve --rolled-back 20250103000000_broken` does.
    await client.query("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [
      "20250103000000_broken",
    ]);
    const bad = broken(
      "20250103000000_broken",
      "BEGIN;\nCREATE TABLE t_in_txn (id int);\nSELECT 1/0;\nCOMMIT;\n",
    );
    const error = await failure(applyMigrations(client, [bad]));
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.message).toContain("division by zero");
    expect(error.message).toContain("SQLSTATE 22012");
    expect(await tableExists(client, "t_in_txn")).toBe(false);
    const rows = (await history(client)).filter((r) => r.migration_name === bad.name);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(rows[1]?.logs).toContain("division by zero");
  });
});
