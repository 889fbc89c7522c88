// Ownership marks and database administration, against both the system PostgreSQL 15 and an
// embedded PostgreSQL 18: seedband writes only to what it created (or an empty `--into` target).

import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimDatabase,
  connect,
  createOwnedDatabase,
  databaseUrl,
  dropOwnedDatabase,
  EmbeddedProvider,
  inspectDatabase,
  listOwnedDatabases,
  type OwnerMark,
  quoteIdent,
  type StartedServer,
  UrlProvider,
  updateMark,
} from "../../src/db/index.js";

const hex = () => randomBytes(4).toString("hex");
const embeddedDir = join(tmpdir(), `seedband-db-ownership-${hex()}`);

const servers = [
  {
    label: "system PostgreSQL 15",
    major: 15,
    provider: new UrlProvider({
      url: process.env.SEEDBAND_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    }),
  },
  { label: "embedded PostgreSQL 18", major: 18, provider: new EmbeddedProvider({ dataDir: embeddedDir }) },
];

function mark(extra: Partial<OwnerMark> = {}): OwnerMark {
  return {
    v: 1,
    band: "ci",
    seed: 1,
    status: "incomplete",
    runId: hex(),
    createdAt: new Date().toISOString(),
    ...extra,
  };
}

describe.each(servers)("database ownership on $label", ({ major, provider }) => {
  let server: StartedServer;
  const names: string[] = [];
  const newName = () => {
    const name = `sbtest_${hex()}`;
    names.push(name);
    return name;
  };

  async function sql(dbName: string, statements: string[]): Promise<Array<Record<string, unknown>>> {
    const session = await connect(databaseUrl(server.url, dbName));
    try {
      let rows: Array<Record<string, unknown>> = [];
      for (const statement of statements) rows = (await session.query(statement)).rows;
      return rows;
    } finally {
      await session.end();
    }
  }

  /** A database created behind seedband's back: no mark. */
  const createForeign = (name: string) => sql("postgres", [`CREATE DATABASE ${quoteIdent(name)}`]);
  const comment = async (name: string) =>
    (
      await sql("postgres", [
        `SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = '${name}'`,
      ])
    )[0]?.c;

  beforeAll(async () => {
    server = await provider.start();
  }, 60_000);

  afterAll(async () => {
    if (server) {
      for (const name of names)
        await sql("postgres", [`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`]);
      if (server.kind === "embedded") await server.stop();
    }
    await rm(embeddedDir, { recursive: true, force: true });
  }, 60_000);

  it(`runs on PostgreSQL ${major}`, async () => {
    expect(await server.majorVersion()).toBe(major);
  });

  it("creates a database whose inspection shows the mark, and lists it", async () => {
    const name = newName();
    const m = mark({ fingerprint: "abc" });
    expect(await inspectDatabase(server.url, name)).toEqual({
      exists: false,
      mark: null,
      empty: null,
      objects: null,
    });
    await createOwnedDatabase(server.url, name, m);
    expect(await inspectDatabase(server.url, name)).toEqual({
      exists: true,
      mark: m,
      empty: true,
      objects: { tables: 0, relations: 0, types: 0, functions: 0 },
    });
    expect((await listOwnedDatabases(server.url)).find((d) => d.name === name)).toEqual({ name, mark: m });
  });

  it("lists owned databases oldest first, and not foreign ones", async () => {
    const [newer, older, foreign] = [newName(), newName(), newName()];
    await createOwnedDatabase(server.url, newer, mark({ createdAt: "2001-01-01T00:00:00.000Z" }));
    await createOwnedDatabase(server.url, older, mark({ createdAt: "2000-01-01T00:00:00.000Z" }));
    await createForeign(foreign);
    const listed = (await listOwnedDatabases(server.url)).map((d) => d.name).filter((n) => names.includes(n));
    expect(listed.indexOf(older)).toBeLessThan(listed.indexOf(newer));
    expect(listed).not.toContain(foreign);
  });

  it("refuses to create a database whose name a foreign database has", async () => {
    const name = newName();
    await createForeign(name);
    await expect(createOwnedDatabase(server.url, name, mark())).rejects.toMatchObject({ code: "NOT_OURS" });
    expect(await comment(name)).toBeNull();
  });

  it("clones an owned database from a template", async () => {
    const [source, clone] = [newName(), newName()];
    await createOwnedDatabase(server.url, source, mark());
    await sql(source, ["CREATE TABLE t (x int)", "INSERT INTO t VALUES (1), (2)"]);
    await createOwnedDatabase(server.url, clone, mark({ band: "clone" }), { template: source });
    expect(await sql(clone, ["SELECT count(*)::int AS n FROM t"])).toEqual([{ n: 2 }]);
    expect((await inspectDatabase(server.url, clone)).mark?.band).toBe("clone");
  });

  it("claims an empty foreign database", async () => {
    const name = newName();
    await createForeign(name);
    const m = mark();
    await claimDatabase(server.url, name, m);
    expect((await inspectDatabase(server.url, name)).mark).toEqual(m);
  });

  it("claims a missing database by creating it, and re-marks one that is already ours", async () => {
    const name = newName();
    await claimDatabase(server.url, name, mark());
    await sql(name, ["CREATE TABLE t (x int)"]);
    const again = mark({ seed: 2 });
    await claimDatabase(server.url, name, again);
    const found = await inspectDatabase(server.url, name);
    expect(found.mark).toEqual(again);
    expect(found.empty).toBe(false);
  });

  it("refuses to claim a non-empty foreign database and leaves it unchanged", async () => {
    const name = newName();
    await createForeign(name);
    await sql(name, [
      "CREATE TABLE customers (id int PRIMARY KEY, name text)",
      "INSERT INTO customers VALUES (1, 'a'), (2, 'b')",
    ]);
    const error = await claimDatabase(server.url, name, mark()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_OURS" });
    expect((error as Error).message).toContain(`"${name}"`);
    expect((error as Error).message).toContain("1 table");
    expect((error as Error).message).toContain("--into");
    expect(await sql(name, ["SELECT id, name FROM customers ORDER BY id"])).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
    ]);
    expect(await comment(name)).toBeNull();
  });

  it("does not count an enum or a function alone as empty", async () => {
    const [withType, withFunction] = [newName(), newName()];
    await createForeign(withType);
    await createForeign(withFunction);
    await sql(withType, ["CREATE TYPE mood AS ENUM ('ok')"]);
    await sql(withFunction, ["CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'"]);
    expect((await inspectDatabase(server.url, withType)).empty).toBe(false);
    expect((await inspectDatabase(server.url, withFunction)).empty).toBe(false);
    await expect(claimDatabase(server.url, withType, mark())).rejects.toMatchObject({ code: "NOT_OURS" });
  });

  it("updates the mark of ours and refuses a foreign database", async () => {
    const [ours, foreign] = [newName(), newName()];
    const m = mark();
    await createOwnedDatabase(server.url, ours, m);
    const completedAt = new Date().toISOString();
    expect(await updateMark(server.url, ours, { status: "complete", completedAt })).toEqual({
      ...m,
      status: "complete",
      completedAt,
    });
    expect((await inspectDatabase(server.url, ours)).mark?.status).toBe("complete");
    await createForeign(foreign);
    await expect(updateMark(server.url, foreign, { status: "complete" })).rejects.toMatchObject({
      code: "NOT_OURS",
    });
    expect(await comment(foreign)).toBeNull();
  });

  it("rebuilds a half-created database of seedband's name (no mark, nothing inside), and refuses any other", async () => {
    // What a run killed between CREATE DATABASE and its COMMENT leaves.
    const half = `seedband_sbtest_${hex()}`;
    names.push(half);
    await createForeign(half);
    const m = mark();
    await createOwnedDatabase(server.url, half, m);
    expect((await inspectDatabase(server.url, half)).mark).toEqual(m);
    // The same, but with a table inside: not provably a leftover, so refused and left as it was.
    const used = `seedband_sbtest_${hex()}`;
    names.push(used);
    await createForeign(used);
    await sql(used, ["CREATE TABLE kept (id int)"]);
    await expect(createOwnedDatabase(server.url, used, mark())).rejects.toMatchObject({ code: "NOT_OURS" });
    expect(await comment(used)).toBeNull();
    expect(await sql(used, ["SELECT to_regclass('kept')::text AS t"])).toEqual([{ t: "kept" }]);
  });

  it("marks complete only when the mark still names the run (compare-and-set on the run id)", async () => {
    const name = newName();
    const m = mark({ runId: "run-b" });
    await createOwnedDatabase(server.url, name, m);
    await expect(
      updateMark(server.url, name, { status: "complete" }, { runId: "run-a" }),
    ).rejects.toMatchObject({
      code: "BUSY",
    });
    expect((await inspectDatabase(server.url, name)).mark).toEqual(m);
    await updateMark(server.url, name, { status: "complete" }, { runId: "run-b" });
    expect((await inspectDatabase(server.url, name)).mark?.status).toBe("complete");
  });

  it("refuses to drop a foreign database, which still exists", async () => {
    const name = newName();
    await createForeign(name);
    await sql(name, ["CREATE TABLE t (x int)"]);
    await expect(dropOwnedDatabase(server.url, name)).rejects.toMatchObject({ code: "NOT_OURS" });
    expect((await inspectDatabase(server.url, name)).exists).toBe(true);
  });

  it("drops ours even while a session is connected to it", async () => {
    const name = newName();
    await createOwnedDatabase(server.url, name, mark());
    const session = await connect(databaseUrl(server.url, name));
    try {
      expect(await dropOwnedDatabase(server.url, name)).toBe(true);
    } finally {
      await session.end().catch(() => {});
    }
    expect((await inspectDatabase(server.url, name)).exists).toBe(false);
    expect(await dropOwnedDatabase(server.url, name)).toBe(false);
  });

  it("never creates, claims, re-marks or drops a maintenance database", async () => {
    for (const name of ["postgres", "template0", "template1"]) {
      await expect(createOwnedDatabase(server.url, name, mark())).rejects.toMatchObject({ code: "NOT_OURS" });
      await expect(claimDatabase(server.url, name, mark())).rejects.toMatchObject({ code: "NOT_OURS" });
      await expect(updateMark(server.url, name, { status: "complete" })).rejects.toMatchObject({
        code: "NOT_OURS",
      });
      await expect(dropOwnedDatabase(server.url, name)).rejects.toMatchObject({ code: "NOT_OURS" });
    }
    expect((await inspectDatabase(server.url, "template1")).exists).toBe(true);
  });
});
