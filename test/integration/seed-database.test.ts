// seedDatabase against both real servers: the load, the rebuilt keys and indexes, the marks, and
// what an interrupted run leaves behind.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT, projectPaths } from "../../src/config/index.js";
import { databaseUrl, dropOwnedDatabase, inspectDatabase, listOwnedDatabases } from "../../src/db/index.js";
import { SeedbandError } from "../../src/errors.js";
import {
  prepareBand,
  readProjectInputs,
  type SeedOptions,
  seedDatabase as seedPrepared,
} from "../../src/pipeline/index.js";
import type { Spec } from "../../src/spec/index.js";

// The project's own inputs (schema, migrations, chat preset), read by the pipeline as the CLI does.
const inputs = await readProjectInputs(projectPaths(PACKAGE_ROOT), {});
const servers = inject("servers");

interface TestSeed extends SeedOptions {
  /** Another spec than the preset's (shards use smaller blocks). */
  spec?: Spec;
}

// Seeds 201+ belong to this file, so parallel test files never share a database.
function options(serverUrl: string, seed: number, extra: TestSeed = {}) {
  return { serverUrl, seed, ...extra };
}

/** The band prepared through the pipeline, then seeded (seedbandVersion "test": databases of our own). */
function seedDatabase(o: ReturnType<typeof options>) {
  const { serverUrl, seed, spec = inputs.spec, ...rest } = o;
  return seedPrepared(
    prepareBand({ ...inputs, spec }, "ci", seed, "test"),
    { url: serverUrl, kind: "url" },
    rest,
  );
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const created: Array<[string, string]> = [];
afterAll(async () => {
  for (const [server, name] of created) await dropOwnedDatabase(server, name).catch(() => {});
});

const checksums: Record<string, Record<string, string>> = {};

describe.each(servers)("seedDatabase on $name", ({ url: server, name: serverName }) => {
  it("loads the ci band with keys, the hot-path indexes and foreign keys rebuilt, sequences advanced", async () => {
    const record = await seedDatabase(options(server, 201));
    created.push([server, record.database.name]);
    expect(record.status).toBe("ok");
    expect(record.errors).toEqual([]);
    expect(record.tables.messages?.rows).toBe(50_000);
    expect(record.orphans).toBe(0);
    expect(record.foreignKeys.map((f) => f.name).sort()).toEqual([
      "attachments_messageId_fkey",
      "conversation_users_conversationId_fkey",
      "conversation_users_userId_fkey",
      "messages_conversationId_fkey",
      "messages_senderId_fkey",
    ]);
    checksums[serverName] = Object.fromEntries(
      Object.entries(record.tables).map(([t, x]) => [t, x.checksum]),
    );

    const db = databaseUrl(server, record.database.name);
    const indexes = await query<{ indexname: string; indexdef: string }>(
      db,
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
    );
    const byName = Object.fromEntries(indexes.map((i) => [i.indexname, i.indexdef]));
    expect(byName.conversation_users_userId_isActive_idx).toMatch(/INCLUDE \("conversationId"\)/);
    expect(byName.messages_conversationId_createdAt_idx).toMatch(/"createdAt" DESC/);
    expect(byName.conversations_updatedAt_idx).toBeDefined();
    expect(byName.users_email_key).toBeDefined();
    expect(byName.conversation_users_pkey).toBeDefined();
    const fks = await query<{ n: string }>(db, "SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f'");
    expect(Number(fks[0]?.n)).toBe(5);
    const applied = await query<{ migration_name: string }>(
      db,
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    expect(applied.map((m) => m.migration_name)).toEqual([
      "20250101000000_baseline",
      "20250102000000_hot_path_indexes",
    ]);
    const analyzed = await query<{ n: string }>(
      db,
      "SELECT count(*) AS n FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname <> '_prisma_migrations' AND last_analyze IS NOT NULL",
    );
    expect(Number(analyzed[0]?.n)).toBe(5);

    // The user's own inserts get keys past the loaded ones.
    const [user] = await query<{ id: number }>(
      db,
      `INSERT INTO users (handle, email, "displayName") VALUES ('new_user', 'new@example.com', 'New User') RETURNING id`,
    );
    expect(user?.id).toBe(501);
    const [conversation] = await query<{ id: number }>(
      db,
      `INSERT INTO conversations (kind, "updatedAt") VALUES ('direct', now()) RETURNING id`,
    );
    expect(conversation?.id).toBe(801);
    const [message] = await query<{ id: string }>(
      db,
      `INSERT INTO messages ("conversationId", "senderId", content, device) VALUES (801, 501, 'hi', 'web') RETURNING id`,
    );
    expect(message?.id).toBe("50001");
    const [attachment] = await query<{ id: string }>(
      db,
      `INSERT INTO attachments ("messageId", "mimeType", "sizeBytes", "storageKey") VALUES (50001, 'text/plain', 2, 'k/new') RETURNING id`,
    );
    expect(Number(attachment?.id)).toBe(record.tables.attachments!.rows + 1);
    await query(db, `INSERT INTO conversation_users ("conversationId", "userId") VALUES (801, 501)`);

    const inspection = await inspectDatabase(server, record.database.name);
    expect(inspection.mark).toMatchObject({ status: "complete", band: "ci", seed: 201 });
    // The drift check: migrations and schema agree, but for the INCLUDE index only SQL can say.
    expect(record.notes?.filter((n) => n.startsWith("drift:"))).toEqual([]);
    expect(record.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^intended difference: .*conversation_users_userId_isActive_idx/),
      ]),
    );
  });

  it("reuses a complete database of the same band, seed and fingerprint", async () => {
    const again = await seedDatabase(options(server, 201));
    expect(again.reused).toBe(true);
    expect(Object.fromEntries(Object.entries(again.tables).map(([t, x]) => [t, x.checksum]))).toEqual(
      checksums[serverName],
    );
    // The same document, tables in the same order (scripts compare the JSON as text).
    expect(JSON.stringify(Object.keys(again.tables))).toBe(
      JSON.stringify(Object.keys(checksums[serverName]!)),
    );
    // …and it is now the latest seeded database, the one `verify` without a band takes.
    const mark = (await inspectDatabase(server, again.database.name)).mark!;
    expect(mark.seededAt! > mark.completedAt!).toBe(true);
  });

  it("leaves an interrupted run marked incomplete, and the next run drops and rebuilds it", async () => {
    const controller = new AbortController();
    const run = seedDatabase(
      options(server, 202, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.kind === "tableDone" && e.table === "conversations") controller.abort();
        },
      }),
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedbandError);
    expect((error as SeedbandError).code).toBe("INTERRUPTED");
    const left = (await listOwnedDatabases(server)).filter((d) => d.mark.seed === 202);
    expect(left.map((d) => d.mark.status)).toEqual(["incomplete"]);
    const phases: string[] = [];
    const rerun = await seedDatabase(
      options(server, 202, { onEvent: (e) => e.kind === "phase" && phases.push(e.phase) }),
    );
    const name = rerun.database.name;
    created.push([server, name]);
    expect(name).toBe(left[0]!.name);
    expect(rerun.reused).toBeUndefined();
    expect(phases.some((p) => p.startsWith("dropping the incomplete"))).toBe(true);
    // The rerun above rebuilt it: complete now, with every row.
    const inspection = await inspectDatabase(server, name);
    expect(inspection.mark?.status).toBe("complete");
    const rows = await query<{ n: string }>(databaseUrl(server, name), "SELECT count(*) AS n FROM messages");
    expect(Number(rows[0]?.n)).toBe(50_000);
  });

  it("an interrupted run's database is never marked complete", async () => {
    const controller = new AbortController();
    let name = "";
    await seedDatabase(
      options(server, 203, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.kind === "table" && e.table === "messages") controller.abort();
        },
      }),
    ).catch(() => {});
    const ours = (await listOwnedDatabases(server)).filter((d) => d.mark.seed === 203);
    expect(ours).toHaveLength(1);
    name = ours[0]!.name;
    created.push([server, name]);
    expect(ours[0]!.mark.status).toBe("incomplete");
  });

  it("--into claims an empty database and marks it", async () => {
    const name = `sb_into_${Math.floor(performance.now() * 1000).toString(36)}`;
    await query(server, `CREATE DATABASE ${name}`);
    created.push([server, name]);
    const record = await seedDatabase(options(server, 204, { into: name }));
    expect(record.status).toBe("ok");
    expect(record.database.name).toBe(name);
    expect((await inspectDatabase(server, name)).mark?.status).toBe("complete");
  });
});

describe("generator threads", () => {
  it("give the same bytes with 0, 1 and 2 threads", async () => {
    const server = servers[0]!.url;
    const runs = [];
    for (const workers of [0, 1, 2]) {
      const record = await seedDatabase(options(server, 205, { workers, fresh: true }));
      created.push([server, record.database.name]);
      expect(record.status).toBe("ok");
      expect(record.threads).toBe(workers);
      runs.push(Object.fromEntries(Object.entries(record.tables).map(([t, x]) => [t, x.checksum])));
    }
    expect(Object.keys(runs[0]!)).toHaveLength(5);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });
});

describe("shards", () => {
  const server = () => servers[0]!.url;
  // Blocks of 100 conversations: the ci band's 800 spread over the shards (1024 would be one block).
  const small = { ...inputs.spec, blockSize: 100 };
  const checksums = (r: { tables: Record<string, { checksum: string }> }) =>
    Object.fromEntries(Object.entries(r.tables).map(([t, x]) => [t, x.checksum]));

  async function reference(seed: number): Promise<Record<string, string>> {
    const into = `sb_shard_ref_${seed}_${Math.floor(performance.now()).toString(36)}`;
    const record = await seedDatabase(options(server(), seed, { into, spec: small }));
    created.push([server(), into]);
    return checksums(record);
  }

  it("shards 1/3..3/3 in any order: the last finishes, and the union equals the single-process run", async () => {
    const runs = [];
    for (const k of [2, 3, 1])
      runs.push(await seedDatabase(options(server(), 206, { spec: small, shard: { k, n: 3 } })));
    created.push([server(), runs[2]!.database.name]);
    expect(runs.map((r) => r.shard)).toEqual([
      { k: 2, n: 3, finished: false },
      { k: 3, n: 3, finished: false },
      { k: 1, n: 3, finished: true },
    ]);
    // Before the last shard, the database is not complete; after it, it is.
    expect(runs[2]!.status).toBe("ok");
    expect((await inspectDatabase(server(), runs[2]!.database.name)).mark?.status).toBe("complete");
    // Each of the first two loaded a part of the messages, not all of them.
    for (const r of runs.slice(0, 2)) {
      expect(r.tables.messages!.rows).toBeGreaterThan(0);
      expect(r.tables.messages!.rows).toBeLessThan(50_000);
    }
    expect(checksums(runs[2]!)).toEqual(await reference(206));
  });

  it("shards loading at the same time: exactly one finishes, with the same bytes", async () => {
    const runs = await Promise.all(
      [1, 2, 3].map((k) => seedDatabase(options(server(), 207, { spec: small, shard: { k, n: 3 } }))),
    );
    created.push([server(), runs[0]!.database.name]);
    const finished = runs.filter((r) => r.shard?.finished);
    expect(finished).toHaveLength(1);
    for (const r of runs.filter((x) => !x.shard?.finished))
      expect(r.tables.messages!.rows).toBeGreaterThan(0);
    expect(checksums(finished[0]!)).toEqual(await reference(207));
  });

  it("an interrupted shard leaves none of its rows, and running it again completes the set", async () => {
    await seedDatabase(options(server(), 208, { spec: small, shard: { k: 1, n: 2 } }));
    const controller = new AbortController();
    const error = await seedDatabase(
      options(server(), 208, {
        spec: small,
        shard: { k: 2, n: 2 },
        signal: controller.signal,
        onEvent: (e) => e.kind === "tableDone" && e.table === "conversations" && controller.abort(),
      }),
    ).catch((e: unknown) => e);
    expect((error as SeedbandError).code).toBe("INTERRUPTED");
    const [left] = (await listOwnedDatabases(server())).filter((d) => d.mark.seed === 208);
    created.push([server(), left!.name]);
    expect(left!.mark.status).toBe("incomplete");
    const last = await seedDatabase(options(server(), 208, { spec: small, shard: { k: 2, n: 2 } }));
    expect(last.shard).toEqual({ k: 2, n: 2, finished: true });
    expect(checksums(last)).toEqual(await reference(208));
  });

  it("a COPY file that no longer matches its SHA-256 while it loads rolls its shard back", async () => {
    // `load` checks every file before it starts; this is a file changed after that check.
    const dir = await mkdtemp(join(tmpdir(), "sb-files-"));
    try {
      const tables: Record<string, { path: string; sha256: string }> = {};
      for (const m of inputs.graph.models) {
        const path = join(dir, `${m.tableName}.copy`);
        await writeFile(path, "");
        tables[m.tableName] = { path, sha256: "0".repeat(64) };
      }
      const error = await seedDatabase(
        options(server(), 209, { spec: small, shard: { k: 1, n: 2 }, files: { format: "text", tables } }),
      ).catch((e: unknown) => e);
      expect((error as SeedbandError).code).toBe("BAD_INPUT");
      expect((error as SeedbandError).message).toMatch(/does not have the SHA-256 its manifest records/);
      const [left] = (await listOwnedDatabases(server())).filter((d) => d.mark.seed === 209);
      created.push([server(), left!.name]);
      expect(left!.mark.status).toBe("incomplete");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("across servers", () => {
  it("PostgreSQL 15 and the embedded PostgreSQL 18 agree on every checksum", () => {
    const values = Object.values(checksums);
    expect(values).toHaveLength(2);
    expect(Object.keys(values[0]!)).toHaveLength(5);
    expect(values[1]).toEqual(values[0]);
  });
});
