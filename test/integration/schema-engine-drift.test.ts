// Prisma's schema engine (WASM, through adapter-pg) against real servers — PostgreSQL 15 on
// 127.0.0.1:5432 and the embedded PostgreSQL 18: the DDL it makes from the reference schema
// builds the five tables and two enums and records the schema's fingerprint; Prisma 6-style
// schemas work as they are; the drift check finds the reference migrations in sync apart from
// the hand-written INCLUDE index, and names real drift.

import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import {
  applyMigrations,
  applySchemaDdl,
  checkDrift,
  type Migration,
  readMigrations,
  schemaDdl,
} from "../../src/migrate/index.js";
import { withSchemaEngine } from "../../src/migrate/schema-engine-session.js";
import { type SchemaFile, schemaFilesFingerprint } from "../../src/schema/index.js";

const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const MIGRATIONS = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const INCLUDE_INDEX = "conversation_users_userId_isActive_idx";
const TABLES = ["attachments", "conversation_users", "conversations", "messages", "users"];

let reference: SchemaFile[];
let migrations: Migration[];

beforeAll(async () => {
  reference = [[SCHEMA_PATH, await readFile(SCHEMA_PATH, "utf8")]];
  migrations = await readMigrations(MIGRATIONS);
});

async function failure(promise: Promise<unknown>): Promise<SeedbandError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedbandError);
  return error as SeedbandError;
}

describe.each(inject("servers"))("schema engine on $name", ({ url: serverUrl }) => {
  const admin = new pg.Client({ connectionString: serverUrl });
  const databases: string[] = [];
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    await admin.connect();
  });

  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  /** A new empty database: its URL and a connected client. */
  async function freshDatabase(): Promise<{ url: string; client: pg.Client }> {
    const name = `sbtest_eng_${randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    databases.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    clients.push(client);
    return { url: url.toString(), client };
  }

  async function migrated(list: readonly Migration[]): Promise<{ url: string; client: pg.Client }> {
    const db = await freshDatabase();
    await applyMigrations(db.client, list);
    return db;
  }

  async function names(client: pg.Client, sql: string): Promise<string[]> {
    return (await client.query(sql)).rows.map((r) => String(r.name)).sort();
  }

  describe("schemaDdl and applySchemaDdl", () => {
    it("creates the reference schema's five tables, two enums and indexes in an empty database", async () => {
      const { client } = await freshDatabase();
      const sql = await schemaDdl(reference, serverUrl);
      const fingerprint = schemaFilesFingerprint(reference);

      expect(await applySchemaDdl(client, sql, fingerprint)).toBe("applied");

      expect(
        await names(client, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"),
      ).toEqual(TABLES);
      expect(await names(client, "SELECT typname AS name FROM pg_type WHERE typtype = 'e'")).toEqual([
        "ConversationKind",
        "Device",
      ]);
      const indexes = await names(
        client,
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'",
      );
      expect(indexes).toContain("messages_conversationId_createdAt_idx");
      expect(indexes).not.toContain(INCLUDE_INDEX); // the schema cannot say it, so the engine does not make it
      const recorded = await client.query("SELECT fingerprint, applied_at FROM _seedband.schema_applied");
      expect(recorded.rows).toEqual([{ fingerprint, applied_at: expect.any(Date) }]);
    });

    it("does nothing for a database that records the same fingerprint, and refuses another schema's", async () => {
      const { client } = await freshDatabase();
      const sql = await schemaDdl(reference, serverUrl);
      await applySchemaDdl(client, sql, "fp-1");

      expect(await applySchemaDdl(client, sql, "fp-1")).toBe("alreadyApplied");
      const error = await failure(applySchemaDdl(client, sql, "fp-2"));
      expect(error.code).toBe("BAD_INPUT");
      expect(error.message).toContain("another Prisma schema");
      expect((await client.query("SELECT count(*)::int AS n FROM _seedband.schema_applied")).rows[0].n).toBe(
        1,
      );
    });

    it("applies all or nothing: a failing statement leaves neither tables nor a record", async () => {
      const { client } = await freshDatabase();
      const sql = `${await schemaDdl(reference, serverUrl)}\nCREATE TABLE "users" (id int);\n`;

      const error = await failure(applySchemaDdl(client, sql, "fp"));

      expect(error.code).toBe("MIGRATION_FAILED");
      expect(error.message).toMatch(
        /at statement (\d+) of \1 \(Statement: CREATE TABLE "users" \(id int\)\)/,
      );
      expect(error.message).toContain("SQLSTATE 42P07");
      expect(
        (await client.query("SELECT to_regclass('users') AS t, to_regnamespace('_seedband') AS s")).rows,
      ).toEqual([{ t: null, s: null }]);
    });

    it("takes a Prisma 6 schema folder as it is: url/directUrl, old preview features, binaryTargets", async () => {
      const files: SchemaFile[] = [
        [
          "prisma/schema/schema.prisma",
          `generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["metrics", "multiSchema", "prismaSchemaFolder", "views", "driverAdapters"]
  binaryTargets   = ["native", "debian-openssl-3.0.x"]
  engineType      = "library"
}

datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL")
  directUrl         = env("DIRECT_URL")
  shadowDatabaseUrl = "postgresql://admin:hunter2@shadow.example.com/shadow"
}
`,
        ],
        [
          "prisma/schema/user.prisma",
          'model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  posts Post[]\n  @@map("users")\n}\n',
        ],
        [
          "prisma/schema/post.prisma",
          "model Post {\n  id       Int  @id @default(autoincrement())\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n",
        ],
      ];
      const { client } = await freshDatabase();

      const sql = await schemaDdl(files, serverUrl);
      await applySchemaDdl(client, sql, schemaFilesFingerprint(files));

      expect(sql).toContain('CREATE TABLE "users"');
      expect(sql).toContain(
        'ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id")',
      );
      expect(
        await names(client, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"),
      ).toEqual(["Post", "users"]);
    });
  });

  describe("checkDrift", () => {
    it("finds the reference migrations in sync with the schema, the INCLUDE index listed as intended", async () => {
      const { url } = await migrated(migrations);

      const report = await checkDrift(reference, migrations, url);

      expect(report.inSync).toBe(true);
      expect(report.differences).toEqual([
        {
          kind: "DropIndex",
          object: INCLUDE_INDEX,
          sql: `DROP INDEX "${INCLUDE_INDEX}";`,
          intended: true,
          why: expect.stringMatching(
            /INCLUDE columns.*cannot declare.*created by migration 20250102000000_hot_path_indexes/,
          ),
        },
      ]);
    });

    it("names a column the schema declares and the migrations never create", async () => {
      const { url } = await migrated(migrations);
      const text = (reference[0] as SchemaFile)[1].replace(
        "  phone       String?  @db.VarChar(20)\n",
        "  phone       String?  @db.VarChar(20)\n  nickname    String?\n",
      );
      expect(text).toContain("nickname");

      const report = await checkDrift([[SCHEMA_PATH, text]], migrations, url);

      expect(report.inSync).toBe(false);
      const drift = report.differences.filter((d) => !d.intended);
      expect(drift).toEqual([
        {
          kind: "AlterTable",
          object: "users.nickname",
          sql: 'ALTER TABLE "users" ADD COLUMN "nickname" TEXT;',
          intended: false,
          why: expect.stringContaining("the schema declares this column"),
        },
      ]);
      expect(report.differences.find((d) => d.intended)?.object).toBe(INCLUDE_INDEX);
    });

    it("names the indexes of a migration missing from the folder", async () => {
      const baselineOnly = migrations.slice(0, 1);
      const { url } = await migrated(baselineOnly);

      const report = await checkDrift(reference, baselineOnly, url);

      expect(report.inSync).toBe(false);
      expect(report.differences.map((d) => [d.kind, d.object, d.intended])).toEqual([
        ["CreateIndex", "conversations_updatedAt_idx", false],
        ["CreateIndex", "messages_conversationId_createdAt_idx", false],
      ]);
    });

    it("lists what only hand-written SQL can say as intended, and a plain index nobody declared as drift", async () => {
      const sql = `-- Objects Prisma's schema language cannot declare; semicolons; in comments are fine.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW."updatedAt" = now(); RETURN NEW; END;
$$;
CREATE TRIGGER conversations_touch BEFORE UPDATE ON "conversations" FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE INDEX "messages_edited_idx" ON "messages"("senderId") WHERE "editedAt" IS NOT NULL;
CREATE INDEX "users_email_lower_idx" ON "users"(lower("email"));
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_sizeBytes_check" CHECK ("sizeBytes" >= 0);
CREATE VIEW "active_members" AS SELECT * FROM "conversation_users" WHERE "isActive";
ALTER TABLE "messages" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "messages_owner" ON "messages" USING ("senderId" = 1);
CREATE INDEX "users_displayName_idx" ON "users"("displayName");
`;
      const name = "20250103000000_hand_written";
      const checksum = createHash("sha256").update(sql).digest("hex");
      const list = [...migrations, { name, path: `prisma/migrations/${name}/migration.sql`, sql, checksum }];
      const { url } = await migrated(list);

      const report = await checkDrift(reference, list, url);

      expect(report.inSync).toBe(false);
      expect(report.differences.filter((d) => !d.intended)).toEqual([
        {
          kind: "DropIndex",
          object: "users_displayName_idx",
          sql: 'DROP INDEX "users_displayName_idx";',
          intended: false,
          why: "the migrations create it, but the schema does not declare it",
        },
      ]);
      const intended = Object.fromEntries(
        report.differences.filter((d) => d.intended).map((d) => [`${d.kind} ${d.object}`, d.why]),
      );
      expect(Object.keys(intended).sort()).toEqual([
        "CheckConstraint attachments_sizeBytes_check",
        `DropIndex ${INCLUDE_INDEX}`,
        "Function touch_updated_at()",
        "Index messages_edited_idx",
        "Index users_email_lower_idx",
        "Policy messages.messages_owner",
        "RowLevelSecurity messages",
        "Trigger conversations.conversations_touch",
        "View active_members",
      ]);
      expect(intended["Index messages_edited_idx"]).toMatch(
        /WHERE clause.*created by migration 20250103000000_hand_written/,
      );
      expect(intended["Index users_email_lower_idx"]).toContain("expressions");
      const view = report.differences.find((d) => d.kind === "View");
      expect(view?.sql).toMatch(/^CREATE VIEW public\.active_members AS\s+SELECT/);
    });

    it("refuses a database that has not applied the migrations it is given", async () => {
      const { url } = await migrated(migrations.slice(0, 1));

      const error = await failure(checkDrift(reference, migrations, url));

      expect(error.code).toBe("BAD_INPUT");
      expect(error.message).toContain("has not applied 20250102000000_hot_path_indexes");
    });

    it("finds a database built from schemaDdl in sync with no differences at all", async () => {
      const { url, client } = await freshDatabase();
      await applySchemaDdl(client, await schemaDdl(reference, serverUrl), schemaFilesFingerprint(reference));

      expect(await checkDrift(reference, [], url)).toEqual({ inSync: true, differences: [] });
    });
  });
});

describe("schema engine errors", () => {
  const serverUrl = inject("servers")[0]?.url as string;

  it("reports an invalid schema with file, line and column, before starting the engine", async () => {
    const error = await failure(
      schemaDdl(
        [
          [
            "prisma/schema.prisma",
            'datasource db {\n  provider = "postgresql"\n}\nmodel A {\n  id Strin @id\n}\n',
          ],
        ],
        serverUrl,
      ),
    );
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toContain("prisma/schema.prisma:5:");
  });

  it("refuses a schema for another database, and one without a datasource", async () => {
    const mysql = await failure(
      schemaDdl(
        [["s.prisma", 'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id Int @id\n}\n']],
        serverUrl,
      ),
    );
    expect(mysql.code).toBe("SCHEMA_UNSUPPORTED");
    expect(mysql.message).toContain('provider = "sqlite"');
    const none = await failure(schemaDdl([["s.prisma", "model A {\n  id Int @id\n}\n"]], serverUrl));
    expect(none.code).toBe("SCHEMA_INVALID");
    expect(none.message).toContain("no datasource block");
  });

  it("says which server it cannot reach, without the password", async () => {
    const error = await failure(
      schemaDdl(
        [[SCHEMA_PATH, (reference[0] as SchemaFile)[1]]],
        "postgresql://postgres:s3cret@127.0.0.1:1/postgres",
      ),
    );
    expect(error.code).toBe("UNREACHABLE");
    expect(error.message).toContain("127.0.0.1:1");
    expect(error.message).not.toContain("s3cret");
  });

  it("turns an engine panic into SCHEMA_UNSUPPORTED and works again afterwards", async () => {
    const error = await failure(
      withSchemaEngine(reference, serverUrl, async (engine) => {
        engine.debugPanic();
      }),
    );
    expect(error.code).toBe("SCHEMA_UNSUPPORTED");
    expect(error.message).toContain("This is the debugPanic artificial panic");

    expect(await schemaDdl(reference, serverUrl)).toContain('CREATE TABLE "users"');
  });
});
