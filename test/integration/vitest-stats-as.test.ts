// The Vitest plugin's `statsAs` (issue 17): a Vitest run in a project of its own, on the embedded
// PostgreSQL 18 server, whose plugin builds a small band and injects a bigger band's planner
// statistics into every clone a test receives — claimed from the pool or cloned fresh — while the
// template and a clone asked for without them (`statsAs: false`) keep the small band's own; the
// plan matcher checks baselines of estimates (`baseline capture --stats-as`) on the injected clone. On
// PostgreSQL < 18 (the system server, when older) the setup stops before building anything.
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropOwnedDatabase } from "../../src/db/index.js";
import {
  chatPreset,
  copySqlQueries,
  makeProject,
  PACKAGE_ROOT,
  query,
  runCli,
  STACK_TRACE,
  seedbandMarks,
} from "../e2e/helpers.js";
import { runNode } from "../e2e/user-app.js";

const servers = inject("servers");
const [system, embedded] = servers as [(typeof servers)[0], (typeof servers)[0]];
const SEED = 179; // this file's own: its databases are found and dropped by it
const dirs: string[] = [];
afterAll(async () => {
  for (const s of servers)
    for (const { name, mark } of await seedbandMarks(s.url))
      if (mark.seed === SEED) await dropOwnedDatabase(s.url, name).catch(() => {}); // templates too
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Observed {
  count: number;
  reltuples: number;
  planRows: number;
  autovacuumOff: boolean;
  size: number;
  pooled: boolean;
  statistics?: { injected: boolean; band: string; source: string; tables: number };
}

// The test the inner run executes: three clones, what each one's catalog and planner say.
const CLONE_TEST = `import { writeFileSync } from "node:fs";
import pg from "pg";
import { expect, it } from "vitest";
import { seedBand } from ${JSON.stringify(join(PACKAGE_ROOT, "src/index.ts"))};

async function look(db) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const one = async (sql) => (await client.query(sql)).rows[0];
    const rel = await one(
      "SELECT reltuples::float8 AS reltuples, coalesce('autovacuum_enabled=off' = ANY(reloptions), false) AS off FROM pg_class WHERE relname = 'messages'",
    );
    const plan = await one("EXPLAIN (FORMAT JSON) SELECT * FROM messages");
    return {
      count: (await one("SELECT count(*)::int AS n FROM messages")).n,
      reltuples: rel.reltuples,
      planRows: plan["QUERY PLAN"][0].Plan["Plan Rows"],
      autovacuumOff: rel.off,
      size: Number((await one("SELECT pg_database_size(current_database())::float8 AS s")).s),
      pooled: db.pooled,
      ...(db.statistics ? { statistics: db.statistics } : {}),
    };
  } finally {
    await client.end();
  }
}

it("hands out clones", async () => {
  const pooled = await seedBand("small", { seed: ${SEED} });
  const fresh = await seedBand("small", { seed: ${SEED}, fresh: true });
  const plain = await seedBand("small", { seed: ${SEED}, statsAs: false });
  const observed = { pooled: await look(pooled), fresh: await look(fresh), plain: await look(plain) };
  // Baselines of estimates (baseline capture --stats-as big) hold on the injected clone only.
  await expect({ url: pooled.url, query: "latest-messages" }).toMatchPlanBaseline({ band: "small-as-big" });
  observed.refused = await expect({ url: plain.url, query: "latest-messages" })
    .toMatchPlanBaseline({ band: "small-as-big" })
    .then(() => "", (error) => error.message);
  writeFileSync("observed.json", JSON.stringify(observed));
  for (const db of [pooled, fresh, plain]) await db.drop();
});
`;

/** A project with bands `small` (ci's sizes) and `big` (4× ci), the plugin given `statsAs: "big"`. */
async function project(databaseUrl: string): Promise<string> {
  const dir = await makeProject();
  dirs.push(dir);
  const preset = await chatPreset();
  const ci = preset.bands.ci as Record<string, number>;
  preset.bands = {
    small: ci,
    big: { ...ci, users: ci.users! * 4, conversations: ci.conversations! * 4, messages: ci.messages! * 4 },
  };
  await mkdir(join(dir, "presets"));
  await writeFile(join(dir, "presets", "chat.json"), JSON.stringify(preset));
  await symlink(join(PACKAGE_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const plugin = join(PACKAGE_ROOT, "src/vitest/index.ts");
  await writeFile(
    join(dir, "vitest.config.ts"),
    `import { defineConfig } from "vitest/config";
import { seedband } from ${JSON.stringify(plugin)};
export default defineConfig({
  plugins: [seedband({ band: "small", seed: ${SEED}, statsAs: "big", provider: "url", databaseUrl: ${JSON.stringify(databaseUrl)}, pool: { size: 2, concurrency: 1 } })],
  test: { include: ["clone.test.ts"], testTimeout: 120_000, hookTimeout: 300_000 },
});
`,
  );
  await writeFile(join(dir, "clone.test.ts"), CLONE_TEST);
  await copySqlQueries(dir);
  return dir;
}

const vitest = (dir: string) =>
  runNode(
    join(PACKAGE_ROOT, "node_modules/vitest/vitest.mjs"),
    ["run"],
    dir,
    { DATABASE_URL: undefined },
    300_000,
  );

describe("the Vitest plugin's statsAs", () => {
  it("injects the bigger band's statistics into each clone (pooled and fresh), never into the template", async () => {
    const dir = await project(embedded.url);
    // Baselines of estimates, captured by the CLI under the same statistics (computed and cached).
    const env = { DATABASE_URL: embedded.url };
    for (const args of [
      ["seed", "small", "--seed", `${SEED}`, "--stats-as", "big"],
      ["baseline", "capture", "--band", "small", "--seed", `${SEED}`, "--stats-as", "big"],
    ]) {
      const cli = await runCli(args, { cwd: dir, env, timeoutMs: 240_000 });
      expect(cli.code, cli.stderr).toBe(0);
    }
    const ran = await vitest(dir);
    expect(ran.code, ran.output).toBe(0);
    // The CLI's cache serves the plugin.
    expect(ran.output).toMatch(
      /seedband: statistics of big \(seed 179\): read from \.seedband\/stats\/big-179-\w+\.json; injected into every clone of small \(seed 179\), not into its template/,
    );
    const cached = (await readdir(join(dir, ".seedband", "stats"))).filter((f) => f.endsWith(".json"));
    expect(cached).toHaveLength(1);
    const file = JSON.parse(await readFile(join(dir, ".seedband", "stats", cached[0]!), "utf8"));
    const big = file.tables.messages.reltuples as number;
    expect(big).toBe(200_000);

    const observed = JSON.parse(await readFile(join(dir, "observed.json"), "utf8"));
    const { pooled, fresh, plain, refused } = observed as {
      pooled: Observed;
      fresh: Observed;
      plain: Observed;
      refused: string;
    };
    expect(refused).toMatch(
      /holds estimates under band "big"'s injected statistics, and this database has its own\. Fix: .*statsAs: "big"/,
    );
    expect(pooled.pooled).toBe(true);
    expect(fresh.pooled).toBe(false);
    for (const clone of [pooled, fresh]) {
      // The small band's rows, the big band's statistics: pg_class and the planner say 200,000.
      expect(clone.count).toBe(50_000);
      expect(clone.reltuples).toBe(big);
      expect(clone.planRows).toBe(big);
      expect(clone.autovacuumOff).toBe(true);
      expect(clone.statistics).toMatchObject({
        injected: true,
        band: "big",
        source: `.seedband/stats/${cached[0]}`,
        tables: 5,
      });
    }
    // Without them: the small band's own statistics, no mark, no padding.
    expect(plain.count).toBe(50_000);
    expect(plain.reltuples).toBeLessThan(60_000);
    expect(plain.planRows).toBeLessThan(60_000);
    expect(plain.autovacuumOff).toBe(false);
    expect(plain.statistics).toBeUndefined();
    expect(pooled.size).toBeGreaterThan(2 * plain.size);

    // The template itself was never padded: its files are the plain clone's size.
    const templates = (await seedbandMarks(embedded.url)).filter(
      (d) => d.mark.seed === SEED && d.mark.status === "complete" && d.name.startsWith("seedband_snap_"),
    );
    expect(templates).toHaveLength(1);
    const [template] = await query<{ size: number }>(
      embedded.url,
      "SELECT pg_database_size($1)::float8 AS size",
      [templates[0]!.name],
    );
    expect(template!.size).toBeLessThan(1.2 * plain.size);
  }, 600_000);

  it.runIf(system.major < 18)(
    "refuses a server older than PostgreSQL 18 before building anything",
    async () => {
      const dir = await project(system.url);
      const ran = await vitest(dir);
      expect(ran.code).not.toBe(0);
      expect(ran.output).toMatch(
        /statsAs needs PostgreSQL 18 or newer \(pg_restore_relation_stats \/ pg_restore_attribute_stats\); this server is PostgreSQL \d+\. Nothing was loaded\. Fix: use the embedded PostgreSQL 18 server \(the plugin's provider: "embedded"\)/,
      );
      expect(ran.output).not.toMatch(STACK_TRACE);
      expect((await seedbandMarks(system.url)).filter((d) => d.mark.seed === SEED)).toEqual([]);
    },
    300_000,
  );
});
