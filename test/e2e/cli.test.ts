// The seedband CLI end to end, run as a user runs it: `node bin/seedband.js` in a temporary project
// (a package.json and a copy of prisma/), against the system PostgreSQL 15 through --database-url
// and against the embedded server it starts on its own. Asserts exit codes, stdout/stderr, run
// records on disk and, with `pg`, what is in the databases.
//
// Other test files seed on the same servers at the same time. So this file uses its own seeds
// (101-116), never runs a bare `teardown` on a shared server, and drops the databases it
// created by name afterwards.
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type CliResult,
  chatPreset,
  databaseComment,
  dropDatabase,
  hex,
  jsonOf,
  makeProject,
  PACKAGE_ROOT,
  query,
  quoteIdent,
  runCli,
  runRecords,
  runRecordTexts,
  STACK_TRACE,
  seedbandMarks,
  urlOf,
  withClient,
} from "./helpers.js";

interface SeedJson {
  status: string;
  band: string;
  seed: number;
  reused?: boolean;
  database: { name: string; url: string };
  tables: Record<string, { rows: number; checksum: string }>;
  foreignKeys: Array<{ name: string; orphans: number }>;
  orphans: number;
  durations: Record<"generate" | "load" | "index" | "verify" | "total", number>;
  errors: Array<{ code: string; message: string }>;
}

const servers = inject("servers");
const system = servers.find((s) => s.name.startsWith("system"))!;
const sharedEmbedded = servers.find((s) => s.name.startsWith("embedded"))!;

const TABLES = ["users", "conversations", "conversation_users", "messages", "attachments"];
const checksums = (record: SeedJson) =>
  Object.fromEntries(Object.entries(record.tables).map(([table, t]) => [table, t.checksum]));

/** Exit 2 with one paragraph on stderr that names what is wrong, and no stack trace anywhere. */
function expectRefusal(result: CliResult, ...mentions: Array<string | RegExp>): void {
  expect(result.code, result.stderr).toBe(2);
  const message = result.stderr.trim();
  expect(message).not.toBe("");
  expect(message).not.toMatch(/\n[ \t]*\n/);
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(STACK_TRACE);
  for (const mention of mentions) {
    if (typeof mention === "string") expect(message).toContain(mention);
    else expect(message).toMatch(mention);
  }
}

describe(`seedband on a server named by --database-url (${system.name})`, () => {
  // The system server trusts every local connection, so a password in the URL is accepted and
  // ignored: it lets the tests check that seedband never repeats it.
  const withPassword = new URL(system.url);
  if (!withPassword.password) withPassword.password = `e2e-pw-${hex()}`;
  const password = decodeURIComponent(withPassword.password);
  const serverUrl = withPassword.toString();
  const created = new Set<string>();
  const runUrl = (...args: string[]) => runCli([...args, "--database-url", serverUrl], { cwd: project });
  let project: string;
  let seed101: CliResult;
  let record101: SeedJson;

  beforeAll(async () => {
    project = await makeProject();
    seed101 = await runUrl("seed", "ci", "--seed", "101", "--json");
    record101 = jsonOf<SeedJson>(seed101);
    created.add(record101.database.name);
  });

  afterAll(async () => {
    for (const name of created) await dropDatabase(system.url, name);
    if (project) await rm(project, { recursive: true, force: true });
  });

  describe("seed ci --seed 101 --json", () => {
    it("exits 0 and prints one JSON run record of the ci band", () => {
      expect(seed101.code, seed101.stderr).toBe(0);
      expect(seed101.stderr).not.toMatch(STACK_TRACE);
      expect(record101).toMatchObject({ status: "ok", band: "ci", seed: 101, orphans: 0, errors: [] });
      expect(record101.database.name).toMatch(/^seedband_ci_[0-9a-f]+$/);
      // The server's URL for that database, its credentials (user and password) masked.
      const url = new URL(urlOf(system.url, record101.database.name));
      expect(record101.database.url).toBe(`postgresql://***:***@${url.host}${url.pathname}`);
    });

    it("reports rows and a sha256 checksum per table, foreign keys without orphans, and durations", () => {
      expect(Object.keys(record101.tables).sort()).toEqual([...TABLES].sort());
      expect(record101.tables.users?.rows).toBe(500);
      expect(record101.tables.conversations?.rows).toBe(800);
      expect(record101.tables.messages?.rows).toBe(50_000);
      for (const table of TABLES) {
        expect(record101.tables[table]?.rows, table).toBeGreaterThan(0);
        expect(record101.tables[table]?.checksum, table).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(record101.foreignKeys.map((f) => f.name)).toEqual(
        expect.arrayContaining(["messages_conversationId_fkey", "attachments_messageId_fkey"]),
      );
      for (const fk of record101.foreignKeys) expect(fk.orphans, fk.name).toBe(0);
      for (const step of ["generate", "load", "index", "verify"] as const) {
        expect(record101.durations[step], step).toBeGreaterThanOrEqual(0);
      }
      expect(record101.durations.total).toBeGreaterThan(0);
    });

    it("writes the same record to .seedband/runs/run_*.json in the project", async () => {
      const files = (await runRecords(project)).filter(
        (r) => r.record.command === "seed" && r.record.database?.name === record101.database.name,
      );
      expect(files.length).toBeGreaterThanOrEqual(1);
      const first = files[0]!.record;
      expect(first).toMatchObject({ status: "ok", band: "ci", seed: 101 });
      expect(checksums(first as SeedJson)).toEqual(checksums(record101));
      // Paths resolve from the temporary project, not from the seedband package the CLI lives in.
      const inPackage = await runRecordTexts(PACKAGE_ROOT);
      expect(inPackage.filter((r) => r.text.includes(record101.database.name))).toEqual([]);
    });

    it("never prints or stores the password of --database-url", async () => {
      expect(seed101.stdout).not.toContain(password);
      expect(seed101.stderr).not.toContain(password);
      for (const { file, text } of await runRecords(project)) expect(text, file).not.toContain(password);
    });

    it("loads the planned rows and applies both migrations, recorded as Prisma does", async () => {
      const url = urlOf(system.url, record101.database.name);
      for (const [table, rows] of [
        ["users", 500],
        ["conversations", 800],
        ["messages", 50_000],
      ] as const) {
        const [count] = await query<{ n: number }>(
          url,
          `SELECT count(*)::int AS n FROM ${quoteIdent(table)}`,
        );
        expect(count?.n, table).toBe(rows);
      }
      const migrations = await query<{ migration_name: string }>(
        url,
        `SELECT migration_name FROM _prisma_migrations
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      );
      expect(migrations.map((m) => m.migration_name)).toEqual([
        "20250101000000_baseline",
        "20250102000000_hot_path_indexes",
      ]);
    });

    it("advances the sequences, so the application's own inserts without ids succeed", async () => {
      // In a transaction rolled back at the end, so that the tables keep their seeded checksums.
      await withClient(urlOf(system.url, record101.database.name), async (client) => {
        const one = async (sql: string, params: unknown[] = []) => {
          const { rows } = await client.query(sql, params);
          return rows[0] as Record<string, string | number>;
        };
        const max = async (table: string) => Number((await one(`SELECT max(id) AS m FROM ${table}`)).m);
        await client.query("BEGIN");
        try {
          const before = {
            users: await max("users"),
            conversations: await max("conversations"),
            messages: await max("messages"),
            attachments: await max("attachments"),
          };
          const user = await one(
            `INSERT INTO users (handle, email, "displayName") VALUES ($1, $2, 'E2E') RETURNING id`,
            [`e2e_${hex()}`, `e2e_${hex()}@example.test`],
          );
          const conversation = await one(
            `INSERT INTO conversations (kind, "updatedAt") VALUES ('group', now()) RETURNING id`,
          );
          const message = await one(
            `INSERT INTO messages ("conversationId", "senderId", content, device)
             VALUES ($1, $2, 'hello', 'web') RETURNING id`,
            [conversation.id, user.id],
          );
          const attachment = await one(
            `INSERT INTO attachments ("messageId", "mimeType", "sizeBytes", "storageKey")
             VALUES ($1, 'text/plain', 5, $2) RETURNING id`,
            [message.id, `e2e/${hex()}`],
          );
          expect(Number(user.id)).toBeGreaterThan(before.users);
          expect(Number(conversation.id)).toBeGreaterThan(before.conversations);
          expect(Number(message.id)).toBeGreaterThan(before.messages);
          expect(Number(attachment.id)).toBeGreaterThan(before.attachments);
          // A seeded conversation and a seeded user that is not yet a member of it.
          const pair = await one(
            `SELECT c.id AS "conversationId", u.id AS "userId" FROM conversations c CROSS JOIN users u
              WHERE c.id <= $1 AND u.id <= $2 AND NOT EXISTS (
                SELECT 1 FROM conversation_users cu WHERE cu."conversationId" = c.id AND cu."userId" = u.id)
              LIMIT 1`,
            [before.conversations, before.users],
          );
          const member = await client.query(
            `INSERT INTO conversation_users ("conversationId", "userId") VALUES ($1, $2)`,
            [pair.conversationId, pair.userId],
          );
          expect(member.rowCount).toBe(1);
        } finally {
          await client.query("ROLLBACK");
        }
      });
    });
  });

  describe("verify", () => {
    // `verify` checks the latest complete seedband database on the server (of a band, when
    // given), and other test files seed `ci` databases on this server concurrently: a `verify ci`
    // might pick theirs. So this test seeds a band no one else has, from a project preset that
    // is the chat preset with the ci band's sizes under a random band name, and verifies that band.
    const band = `e2e${hex(3)}`;

    it("recomputes the seed's checksums, and exits 1 naming messages once a message changes", async () => {
      const chat = await chatPreset();
      await mkdir(join(project, "presets"), { recursive: true });
      await writeFile(
        join(project, "presets", "e2e-verify.json"),
        JSON.stringify({ ...chat, bands: { [band]: chat.bands.ci } }, null, 2),
      );
      const seeded = await runUrl("seed", band, "--preset", "e2e-verify", "--seed", "104", "--json");
      expect(seeded.code, seeded.stderr).toBe(0);
      const seedRecord = jsonOf<SeedJson>(seeded);
      created.add(seedRecord.database.name);
      expect(seedRecord.tables.messages?.rows).toBe(50_000);

      const verified = await runUrl("verify", band, "--json");
      expect(verified.code, verified.stderr).toBe(0);
      const verifyRecord = jsonOf<SeedJson>(verified);
      expect(verifyRecord).toMatchObject({ status: "ok", band, seed: 104, orphans: 0, errors: [] });
      expect(verifyRecord.database.name).toBe(seedRecord.database.name);
      expect(checksums(verifyRecord)).toEqual(checksums(seedRecord));

      const changed = await withClient(urlOf(system.url, seedRecord.database.name), (client) =>
        client.query("UPDATE messages SET content = 'x' WHERE id = (SELECT min(id) FROM messages)"),
      );
      expect(changed.rowCount).toBe(1);

      const broken = await runUrl("verify", band, "--json");
      expect(broken.code, broken.stderr).toBe(1);
      expect(broken.stderr).not.toMatch(STACK_TRACE);
      const brokenRecord = jsonOf<SeedJson>(broken);
      expect(brokenRecord.status).toBe("failed");
      expect(brokenRecord.database.name).toBe(seedRecord.database.name);
      expect(brokenRecord.tables.messages?.checksum).not.toBe(seedRecord.tables.messages?.checksum);
      expect(brokenRecord.tables.users?.checksum).toBe(seedRecord.tables.users?.checksum);
      expect(brokenRecord.errors.map((e) => e.message).join("\n")).toMatch(/\bmessages\b/);

      const human = await runUrl("verify", band);
      expect(human.code, human.stderr).toBe(1);
      expect(human.stderr).toMatch(/\bmessages\b.*changed/);
      expect(human.stdout).toBe("");
    });
  });

  describe("determinism", () => {
    it("reuses the complete database when the same band and seed are seeded again", async () => {
      const again = await runUrl("seed", "ci", "--seed", "101", "--json");
      expect(again.code, again.stderr).toBe(0);
      const record = jsonOf<SeedJson>(again);
      expect(record.reused).toBe(true);
      expect(record.database.name).toBe(record101.database.name);
    });

    it("rebuilds identical tables with --fresh (same checksums)", async () => {
      const fresh = await runUrl("seed", "ci", "--seed", "101", "--fresh", "--json");
      expect(fresh.code, fresh.stderr).toBe(0);
      const record = jsonOf<SeedJson>(fresh);
      expect(record.reused).toBeFalsy();
      expect(record.status).toBe("ok");
      expect(record.database.name).toBe(record101.database.name);
      expect(checksums(record)).toEqual(checksums(record101));
    });

    it("gives other tables for another seed", async () => {
      const other = await runUrl("seed", "ci", "--seed", "102", "--json");
      expect(other.code, other.stderr).toBe(0);
      const record = jsonOf<SeedJson>(other);
      created.add(record.database.name);
      expect(record.database.name).not.toBe(record101.database.name);
      expect(record.tables.users?.rows).toBe(500);
      for (const table of ["users", "conversations", "messages"]) {
        expect(record.tables[table]?.checksum, table).not.toBe(record101.tables[table]?.checksum);
      }
    });
  });

  describe("bad input: exit 2, a one-paragraph message without stack trace, nothing changed", () => {
    /** No database on the server carries this seed: the refused command created nothing. */
    const expectNoDatabaseOfSeed = async (seed: number) =>
      expect((await seedbandMarks(system.url)).filter((d) => d.mark.seed === seed)).toEqual([]);

    it("an unknown band names the preset's bands", async () => {
      const result = await runUrl("seed", "nope", "--seed", "111");
      expectRefusal(result, '"nope"', /\bci\b/, /\bdev\b/, /\bstaging\b/, /\bperf\b/);
      await expectNoDatabaseOfSeed(111);
    });

    it("a preset that is not valid JSON names its file", async () => {
      await mkdir(join(project, "presets"), { recursive: true });
      const file = join(project, "presets", "broken.json");
      await writeFile(file, '{ "version": 1,\n  "models": {,\n');
      const result = await runUrl("seed", "ci", "--preset", "broken", "--seed", "112");
      expectRefusal(result, file);
      await expectNoDatabaseOfSeed(112);
    });

    it("a preset with a wrong field names the file and the field's JSON path", async () => {
      const chat = await chatPreset();
      const models = chat.models as { Message: { fanOut: { powerLaw: { alpha: number } } } };
      models.Message.fanOut.powerLaw.alpha = 0.5;
      const file = join(project, "presets", "wrong-alpha.json");
      await mkdir(join(project, "presets"), { recursive: true });
      await writeFile(file, JSON.stringify(chat, null, 2));
      const result = await runUrl("seed", "ci", "--preset", "wrong-alpha", "--seed", "113");
      expectRefusal(result, file, "$.models.Message.fanOut.powerLaw.alpha");
      await expectNoDatabaseOfSeed(113);
    });

    it.each([
      { command: "seed", args: ["seed", "ci", "--seed", "114"] },
      { command: "verify", args: ["verify", "ci"] },
      { command: "teardown", args: ["teardown"] },
      { command: "db status", args: ["db", "status"] },
    ])("an unreachable server ($command) is named without its password", async ({ args }) => {
      const before = (await runRecords(project)).length;
      const unreachable = "postgresql://someone:s3cret@127.0.0.1:1/x";
      const result = await runCli([...args, "--json", "--database-url", unreachable], { cwd: project });
      expectRefusal(result, "127.0.0.1:1");
      expect(`${result.stdout}${result.stderr}`).not.toContain("s3cret");
      const records = await runRecords(project);
      for (const { file, text } of records) expect(text, file).not.toContain("s3cret");
      expect(records.length).toBe(before);
    });

    it("a seed that is not a number names the flag", async () => {
      expectRefusal(await runUrl("seed", "ci", "--seed", "abc"), "--seed", "abc");
    });

    it("an unknown flag names the flag", async () => {
      expectRefusal(await runUrl("seed", "ci", "--seed", "115", "--colour", "blue"), "--colour");
      await expectNoDatabaseOfSeed(115);
    });

    describe("a database seedband did not create", () => {
      const foreign = `sb_e2e_foreign_${hex()}`;
      const foreignUrl = urlOf(system.url, foreign);
      const rowsOf = async () =>
        (await query<{ n: number }>(foreignUrl, "SELECT count(*)::int AS n FROM keep"))[0]?.n;

      beforeAll(async () => {
        await query(system.url, `CREATE DATABASE ${quoteIdent(foreign)}`);
        created.add(foreign);
        await query(foreignUrl, "CREATE TABLE keep (x int); INSERT INTO keep VALUES (1), (2), (3)");
      });

      it("seed --into it refuses, says it is not seedband's, and leaves it as it was", async () => {
        const result = await runUrl("seed", "ci", "--seed", "116", "--into", foreign);
        expectRefusal(result, foreign, /not created by seedband/);
        expect(await rowsOf()).toBe(3);
        expect(await databaseComment(system.url, foreign)).toBeNull();
        await expectNoDatabaseOfSeed(116);
      });

      it("teardown with a URL naming it refuses, leaves it, and drops nothing else", async () => {
        const result = await runCli(["teardown", "--database-url", foreignUrl], { cwd: project });
        expectRefusal(result, foreign);
        expect(await rowsOf()).toBe(3);
        expect(await databaseComment(system.url, foreign)).toBeNull();
        // It refused before dropping anything: this file's own seedband database is still there.
        expect((await seedbandMarks(system.url)).map((d) => d.name)).toContain(record101.database.name);
      });
    });
  });
});

describe("help", () => {
  let project: string;
  beforeAll(async () => {
    project = await makeProject();
  });
  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it("seedband --help lists the commands and the common flags on stdout, exit 0", async () => {
    const result = await runCli(["--help"], { cwd: project });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const text = result.stdout;
    for (const word of [
      "seed",
      "verify",
      "db up|down|status|url",
      "teardown",
      "--database-url",
      "--json",
      "--help",
    ]) {
      expect(text).toContain(word);
    }
  });

  it("seedband seed --help lists seed's flags on stdout, exit 0", async () => {
    const result = await runCli(["seed", "--help"], { cwd: project });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const text = result.stdout;
    for (const flag of [
      "--preset",
      "--seed",
      "--schema",
      "--into",
      "--to-migration",
      "--fresh",
      "--database-url",
      "--json",
    ]) {
      expect(text).toContain(flag);
    }
  });

  it("seedband help <command> prints that command's help on stdout, exit 0; no command at all is exit 2", async () => {
    const help = await runCli(["help", "init"], { cwd: project });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: seedband init");
    const bare = await runCli([], { cwd: project });
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toContain("Usage: seedband <command>");
  });

  it("an unknown command exits 2 and lists the commands", async () => {
    expectRefusal(await runCli(["sede", "ci"], { cwd: project }), '"sede"', "seed", "verify", "teardown");
  });
});

describe("the embedded server by default (no --database-url, no DATABASE_URL)", () => {
  // A fresh project: its embedded server lives in its own .seedband/pg, apart from the one the
  // integration tests share, so it is this file's alone (teardown on it is safe) and is stopped
  // in afterAll even when a test fails.
  let project: string;
  let record: SeedJson;
  const run = (...args: string[]) => runCli(args, { cwd: project, env: { DATABASE_URL: undefined } });
  const status = async () => {
    const result = await run("db", "status", "--json");
    expect(result.code, result.stderr).toBe(0);
    return jsonOf<{
      embedded: { running: boolean; url?: string; port?: number };
      databases: Array<{ name: string; status: string }>;
    }>(result);
  };

  beforeAll(async () => {
    project = await makeProject();
  });

  afterAll(async () => {
    if (!project) return;
    const down = await run("db", "down");
    // A server that did not stop keeps its data directory, so that it can still be stopped by hand.
    if (down.code !== 0) throw new Error(`db down failed in ${project}: ${down.stderr}`);
    await rm(project, { recursive: true, force: true });
  });

  it("seed ci --seed 103 --json starts it and loads into it", async () => {
    const result = await run("seed", "ci", "--seed", "103", "--json");
    expect(result.code, result.stderr).toBe(0);
    record = jsonOf<SeedJson>(result);
    expect(record).toMatchObject({ status: "ok", band: "ci", seed: 103, orphans: 0 });
    const url = new URL(record.database.url);
    expect(url.protocol).toBe("postgresql:");
    expect(url.hostname).toBe("127.0.0.1");
    expect(url.port).not.toBe("");
    expect(url.port).not.toBe("5432");
    expect(url.port).not.toBe(new URL(sharedEmbedded.url).port);
    const [row] = await query<{ n: number; v: string }>(
      record.database.url,
      "SELECT count(*)::int AS n, current_setting('server_version_num') AS v FROM messages",
    );
    expect(row?.n).toBe(50_000);
    expect(existsSync(join(project, ".seedband", "pg", "data", "PG_VERSION"))).toBe(true);
    expect(Math.floor(Number(row?.v) / 10_000)).toBe(sharedEmbedded.major);
  });

  it("db status --json shows it running, with the seeded database", async () => {
    const s = await status();
    expect(s.embedded.running).toBe(true);
    expect(String(s.embedded.port)).toBe(new URL(record.database.url).port);
    expect(s.databases.map((d) => [d.name, d.status])).toEqual([[record.database.name, "complete"]]);
  });

  it("db url prints its postgresql:// URL", async () => {
    const result = await run("db", "url");
    expect(result.code, result.stderr).toBe(0);
    const url = new URL(result.stdout.trim());
    expect(result.stdout.trim()).toMatch(/^postgresql:\/\/\S+$/);
    expect(url.port).toBe(new URL(record.database.url).port);
  });

  it("teardown --json drops exactly the seedband databases there", async () => {
    const result = await run("teardown", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf<{ dropped: string[] }>(result).dropped).toEqual([record.database.name]);
    const s = await status();
    expect(s.embedded.running).toBe(true);
    expect(s.databases).toEqual([]);
  });

  it("db down stops it, and db status --json then says it is not running", async () => {
    const result = await run("db", "down");
    expect(result.code, result.stderr).toBe(0);
    const s = await status();
    expect(s.embedded.running).toBe(false);
    // The shared embedded server of the integration tests is another one and still answers.
    expect(await query(sharedEmbedded.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });
});
