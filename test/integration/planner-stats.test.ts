// Injected planner statistics on the embedded PostgreSQL 18 (issue 17): what pg_stats and pg_class
// show after injection equals the statistics file; the planner plans for the file's size (the
// relation files are grown with sparse pages); auto-analyze is off on injected tables; a plain
// seed's restoreRealStats puts the band's own statistics and sizes back; a server older than 18
// is refused before anything is written. The file is computed for the ci band with another seed
// and its sizes multiplied by 10, so it differs from what ANALYZE of the loaded band holds.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT, projectPaths } from "../../src/config/index.js";
import { connect, databaseUrl, dropOwnedDatabase, type Session } from "../../src/db/index.js";
import {
  type BandStatsFile,
  captureCatalog,
  injectStats,
  parseSqlQuery,
  requireStatsInjection,
  restoreRealStats,
} from "../../src/explain/index.js";
import { bandStats, prepareBand, readProjectInputs, seedDatabase } from "../../src/pipeline/index.js";

const servers = inject("servers");
const embedded = servers.find((s) => s.name.startsWith("embedded"))!;
const system = servers.find((s) => s.name.startsWith("system"))!;
let dbName = "";
let url = "";
let session: Session;
let file: BandStatsFile;

const SCALE = 10;
const f4 = (x: number | string) => Math.fround(Number(x));

beforeAll(async () => {
  const inputs = await readProjectInputs(projectPaths(PACKAGE_ROOT), {});
  const record = await seedDatabase(prepareBand(inputs, "ci", 197, "test"), {
    url: embedded.url,
    kind: "url",
  });
  dbName = record.database.name;
  url = databaseUrl(embedded.url, dbName);
  file = bandStats(prepareBand(inputs, "ci", 2, "test"));
  for (const t of Object.values(file.tables)) {
    t.reltuples *= SCALE;
    t.relpages *= SCALE;
    t.relallvisible = t.relpages;
  }
  session = await connect(url);
}, 180_000);

afterAll(async () => {
  await session?.end();
  if (dbName) await dropOwnedDatabase(embedded.url, dbName).catch(() => {});
});

interface StatsRow {
  tablename: string;
  attname: string;
  null_frac: number;
  avg_width: number;
  n_distinct: number;
  mcv: string[] | null;
  freqs: number[] | null;
  hist: string[] | null;
  correlation: number | null;
}

async function pgStats(): Promise<StatsRow[]> {
  const { rows } = await session.query<StatsRow>(
    `SELECT tablename, attname, null_frac, avg_width, n_distinct,
            most_common_vals::text::text[] AS mcv, most_common_freqs AS freqs,
            histogram_bounds::text::text[] AS hist, correlation
       FROM pg_stats WHERE schemaname = 'public' ORDER BY tablename, attname`,
  );
  return rows;
}

describe("injected planner statistics (PostgreSQL 18)", () => {
  it("pg_stats and pg_class equal the file after injection; the planner sees the file's sizes", async () => {
    const done = await injectStats(session, file);
    expect(done.tables).toBe(Object.keys(file.tables).length);
    const shown = await pgStats();
    let compared = 0;
    for (const [table, t] of Object.entries(file.tables)) {
      for (const [column, c] of Object.entries(t.columns)) {
        const row = shown.find((r) => r.tablename === table && r.attname === column);
        expect(row, `${table}.${column}`).toBeDefined();
        // real (float4) columns: the server shows the shortest text that reads back as the same float4.
        expect(f4(row!.null_frac)).toBe(f4(c.null_frac));
        expect(row!.avg_width).toBe(c.avg_width);
        expect(f4(row!.n_distinct)).toBe(f4(c.n_distinct));
        expect(row!.mcv).toEqual(c.most_common_vals ?? null);
        expect(row!.freqs?.map(f4) ?? null).toEqual(c.most_common_freqs?.map(f4) ?? null);
        expect(row!.hist).toEqual(c.histogram_bounds ?? null);
        expect(row!.correlation === null ? null : f4(row!.correlation)).toBe(
          c.correlation === undefined ? null : f4(c.correlation),
        );
        compared++;
      }
      const { rows } = await session.query<{
        reltuples: number;
        relpages: number;
        relallvisible: number;
        options: string[] | null;
        bytes: string;
      }>(
        `SELECT reltuples, relpages, relallvisible, reloptions AS options, pg_relation_size(oid)::text AS bytes
           FROM pg_class WHERE relname = $1 AND relkind = 'r'`,
        [table],
      );
      expect(f4(rows[0]!.reltuples)).toBe(f4(t.reltuples));
      expect(rows[0]!.relpages).toBe(t.relpages);
      expect(rows[0]!.relallvisible).toBe(t.relallvisible);
      expect(rows[0]!.options).toEqual(["autovacuum_enabled=off"]);
      expect(Number(rows[0]!.bytes)).toBe(t.relpages * 8192);
    }
    expect(compared).toBeGreaterThan(20);
    // The planner scales reltuples by the file's length: with the files grown, a scan of the
    // whole table is estimated at the file's row count, not the loaded 50,000.
    const plan = await session.query<{ "QUERY PLAN": Array<{ Plan: Record<string, number> }> }>(
      "EXPLAIN (FORMAT JSON) SELECT * FROM messages",
    );
    expect(plan.rows[0]!["QUERY PLAN"][0]!.Plan["Plan Rows"]).toBe(file.tables.messages!.reltuples);
  });

  it("captures estimates only (no executions) under injected statistics", async () => {
    // The SQL files only: queries/prisma.ts needs a generated client, which a fresh clone lacks.
    const dir = `${PACKAGE_ROOT}/queries`;
    const queries = readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => parseSqlQuery(readFileSync(`${dir}/${f}`, "utf8"), `queries/${f}`));
    const captures = await captureCatalog(session, url, queries, { estimatesOnly: true });
    expect(captures.length).toBeGreaterThan(3);
    for (const c of captures) {
      expect(c.measurement.timesMs).toEqual([]);
      expect(c.measurement.buffers).toEqual([]);
      expect(c.measurement.estimate.cost).toBeGreaterThan(0);
    }
  });

  it("a second injection of the same file changes nothing; restoreRealStats puts the band's own back", async () => {
    const before = await pgStats();
    await injectStats(session, file);
    expect(await pgStats()).toEqual(before);
    const restored = await restoreRealStats(session);
    expect(restored).toContain("public.messages");
    const { rows } = await session.query<{
      reltuples: number;
      options: string[] | null;
      bytes: string;
      pages: number;
    }>(
      `SELECT reltuples, reloptions AS options, pg_relation_size(oid)::text AS bytes, relpages AS pages
         FROM pg_class WHERE relname = 'messages' AND relkind = 'r'`,
    );
    expect(Number(rows[0]!.reltuples)).toBe(50_000);
    expect(rows[0]!.options).toBeNull();
    expect(Number(rows[0]!.bytes)).toBe(rows[0]!.pages * 8192);
    expect(Number(rows[0]!.bytes)).toBeLessThan(file.tables.messages!.relpages * 8192);
    expect(await restoreRealStats(session)).toEqual([]);
  }, 60_000);

  it("refuses a server older than PostgreSQL 18, naming the requirement", async () => {
    if (system.major >= 18) return; // the refusal needs an older server; the system one is ours to use
    const old = await connect(system.url);
    try {
      await expect(requireStatsInjection(old)).rejects.toMatchObject({
        code: "BAD_INPUT",
        message: expect.stringMatching(/needs PostgreSQL 18 or newer.*this server is PostgreSQL 1[0-7]/),
      });
    } finally {
      await old.end();
    }
  });
});
