// `seedband baseline capture|check|compare` as a user runs them, on a band seedband seeded (and so
// owns): stable baseline files without host, port, path or timestamp; a check that passes again
// and again on the unchanged database; a readable failure when an index of a baselined plan is
// dropped; compare's table; and the refusal to compare plans across major versions.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  chatPreset,
  copySqlQueries,
  dropDatabase,
  hex,
  jsonOf,
  makeProject,
  query,
  runCli,
  STACK_TRACE,
  seedbandMarks,
  urlOf,
} from "./helpers.js";

const servers = inject("servers");
const [system, embedded] = servers as [(typeof servers)[0], (typeof servers)[0]];
const SEED = "171";
afterAll(async () => {
  for (const s of servers)
    for (const { name, mark } of await seedbandMarks(s.url))
      if (mark.seed === Number(SEED)) await dropDatabase(s.url, name).catch(() => {});
});

/** A project with the SQL queries of seedband's catalog and a band of its own (the ci band's sizes). */
async function project(): Promise<{ dir: string; band: string }> {
  const dir = await makeProject();
  const band = `bl${hex(3)}`;
  const preset = await chatPreset();
  preset.bands = { [band]: (preset.bands as Record<string, unknown>).ci };
  await mkdir(join(dir, "presets"));
  await writeFile(join(dir, "presets", "chat.json"), JSON.stringify(preset));
  await copySqlQueries(dir);
  return { dir, band };
}

interface CaptureJson {
  status: string;
  database: string;
  server: { major: number };
  files: string[];
  queries: Array<{ query: string; cases: Array<{ key: string; fingerprint: string; buffers: number }> }>;
  unstable: unknown[];
}

/** A baseline file without its measured timings (the only content that may move between captures). */
function withoutTimings(text: string): unknown {
  const doc = JSON.parse(text) as { cases: Record<string, { timeMs?: unknown }> };
  for (const c of Object.values(doc.cases)) delete c.timeMs;
  return doc;
}

describe("seedband baseline", () => {
  it("captures, checks, fails on a dropped index with a tree diff, compares, and refuses another major version", async () => {
    const { dir, band } = await project();
    const on = (s: { url: string }) => ["--database-url", s.url];
    const seeded = await runCli(["seed", band, "--seed", SEED, "--json", ...on(system)], { cwd: dir });
    expect(seeded.code, seeded.stderr).toBe(0);
    const dbName = jsonOf<{ database: { name: string } }>(seeded).database.name;
    // The database settled first, as autovacuum would leave it: a freshly loaded table has no
    // visibility map until a VACUUM sets it, and then the planner prefers an index-only scan
    // (active-conversations on conversation_users). Autovacuum reaches a new database at a moment
    // of its own (within autovacuum_naptime), so a capture before it and a check after it would
    // differ by that alone; this test is about the checks of one unchanged database.
    await query(urlOf(system.url, dbName), "VACUUM");

    const cap = await runCli(
      [
        "baseline",
        "capture",
        "--band",
        band,
        "--seed",
        SEED,
        "--stability-runs",
        "2",
        "--json",
        ...on(system),
      ],
      { cwd: dir, timeoutMs: 120_000 },
    );
    expect(cap.code, cap.stderr).toBe(0);
    const captured = jsonOf<CaptureJson>(cap);
    expect(captured.database).toBe(dbName);
    expect(captured.server.major).toBe(system.major);
    expect(captured.queries.map((q) => q.query).sort()).toEqual([
      "active-conversations",
      "latest-messages",
      "recent-conversations",
    ]);
    const bandDir = join(dir, "baselines", band);
    expect((await readdir(bandDir)).sort()).toEqual([
      "active-conversations.json",
      "latest-messages.json",
      "recent-conversations.json",
    ]);
    const first = await readFile(join(bandDir, "latest-messages.json"), "utf8");
    const doc = JSON.parse(first);
    expect(doc.server).toEqual({ major: system.major });
    expect(Object.keys(doc.cases).sort()).toEqual(["heavy", "largest", "typical"]);
    expect(doc.cases.heavy.plan.join("\n")).toContain("messages_conversationId_createdAt_idx");
    expect(doc.cases.heavy.stability.runs).toBe(2);
    // Nothing that changes between machines or runs.
    const port = new URL(system.url).port;
    for (const text of [first, await readFile(join(bandDir, "active-conversations.json"), "utf8")]) {
      expect(text).not.toContain("127.0.0.1");
      expect(text).not.toContain(`:${port}`);
      expect(text).not.toContain(dir);
      expect(text).not.toContain(dbName);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }

    // A second capture of the unchanged database writes the same files, timings aside.
    const again = await runCli(
      [
        "baseline",
        "capture",
        "--band",
        band,
        "--seed",
        SEED,
        "--stability-runs",
        "2",
        "--dir",
        "again",
        ...on(system),
      ],
      {
        cwd: dir,
      },
    );
    expect(again.code, again.stderr).toBe(0);
    for (const f of await readdir(bandDir)) {
      expect(withoutTimings(await readFile(join(dir, "again", band, f), "utf8"))).toEqual(
        withoutTimings(await readFile(join(bandDir, f), "utf8")),
      );
    }

    for (let i = 0; i < 3; i++) {
      const check = await runCli(["baseline", "check", "--seed", SEED, ...on(system)], { cwd: dir });
      expect(check.code, check.stderr).toBe(0);
      expect(check.stderr).toContain("baseline check ok: 7 case(s)");
    }

    // Dropping the index the latest-messages plans use (on the database this test seeded).
    await query(urlOf(system.url, dbName), 'DROP INDEX "messages_conversationId_createdAt_idx"');
    const broken = await runCli(["baseline", "check", "--seed", SEED, "--json", ...on(system)], { cwd: dir });
    expect(broken.code, broken.stderr).toBe(1);
    const verdicts = jsonOf<{ status: string; cases: Array<{ query: string; key: string; status: string }> }>(
      broken,
    );
    expect(verdicts.status).toBe("failed");
    expect(
      verdicts.cases
        .filter((c) => c.status !== "ok")
        .map((c) => `${c.query} ${c.key} ${c.status}`)
        .sort(),
    ).toEqual([
      "latest-messages heavy plan-changed",
      "latest-messages largest plan-changed",
      "latest-messages typical plan-changed",
    ]);
    const human = await runCli(["baseline", "check", "--seed", SEED, ...on(system)], { cwd: dir });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("FAIL latest-messages [heavy]");
    expect(human.stderr).toContain("plan (- baseline, + now):");
    expect(human.stderr).toMatch(
      /^ {8}- {3}-> Index Scan using messages_conversationId_createdAt_idx on messages$/m,
    );
    expect(human.stderr).toMatch(/^ {8}\+ .*Seq Scan on messages$/m);
    expect(human.stderr).toContain("ok   recent-conversations [default]");
    expect(human.stderr).not.toMatch(STACK_TRACE);

    // compare: the baselines against a capture without the index.
    const without = await runCli(
      ["baseline", "capture", "--band", band, "--seed", SEED, "--dir", "without", ...on(system)],
      {
        cwd: dir,
      },
    );
    expect(without.code, without.stderr).toBe(0);
    const table = await runCli(["baseline", "compare", "baselines", "without"], { cwd: dir });
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toBe("A: baselines");
    expect(lines[2]).toMatch(
      /^query\s+case\s+median A\s+median B\s+time -%\s+buffers A\s+buffers B\s+buffers -%\s+plan$/,
    );
    expect(lines.find((l) => l.startsWith("latest-messages ") && l.includes("heavy"))).toMatch(/changed$/);
    expect(lines.find((l) => l.startsWith("recent-conversations "))).toMatch(/same$/);
    const cmp = jsonOf<{ rows: Array<{ query: string; planChanged: boolean; bufferReductionPct: number }> }>(
      await runCli(["baseline", "compare", "baselines", "without", "--json"], { cwd: dir }),
    );
    const heavy = cmp.rows.find((r) => r.query === "latest-messages")!;
    expect(heavy.planChanged).toBe(true);
    expect(heavy.bufferReductionPct).toBeLessThan(0); // without the index, far more buffers

    // The same band on a server of another major version: not compared, and said so.
    if (embedded.major === system.major) return; // both servers run one major: nothing to show here
    const other = await runCli(["seed", band, "--seed", SEED, ...on(embedded)], { cwd: dir });
    expect(other.code, other.stderr).toBe(0);
    const mismatch = await runCli(["baseline", "check", "--seed", SEED, ...on(embedded)], { cwd: dir });
    expect(mismatch.code, mismatch.stderr).toBe(2);
    expect(mismatch.stderr).toContain(
      `captured on PostgreSQL ${system.major}; this server is PostgreSQL ${embedded.major}. Plans differ between major versions by design, so they are not compared`,
    );
    expect(mismatch.stderr).not.toContain("FAIL");
  });

  it("captures before and after the hot-path index migration (seed --to-migration) and compares them", async () => {
    const { dir, band } = await project();
    const on = ["--database-url", system.url];
    const BEFORE = "20250101000000_baseline";
    const after = jsonOf<{ database: { name: string }; fingerprint: string }>(
      await runCli(["seed", band, "--seed", SEED, "--json", ...on], { cwd: dir }),
    );
    const before = jsonOf<{ database: { name: string }; fingerprint: string }>(
      await runCli(["seed", band, "--seed", SEED, "--to-migration", BEFORE, "--json", ...on], { cwd: dir }),
    );
    expect(before.database.name).not.toBe(after.database.name);
    expect(before.fingerprint).not.toBe(after.fingerprint);
    const indexes = async (name: string) =>
      (
        await query<{ indexname: string }>(
          urlOf(system.url, name),
          "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'",
        )
      )
        .map((r) => r.indexname)
        .sort();
    expect(await indexes(after.database.name)).toContain("messages_conversationId_createdAt_idx");
    expect(await indexes(before.database.name)).not.toContain("messages_conversationId_createdAt_idx");
    const migrations = await query<{ migration_name: string }>(
      urlOf(system.url, before.database.name),
      "SELECT migration_name FROM _prisma_migrations ORDER BY 1",
    );
    expect(migrations.map((m) => m.migration_name)).toEqual([BEFORE]);

    const capBefore = await runCli(
      [
        "baseline",
        "capture",
        "--band",
        band,
        "--seed",
        SEED,
        "--to-migration",
        BEFORE,
        "--dir",
        "before",
        "--json",
        ...on,
      ],
      { cwd: dir },
    );
    expect(capBefore.code, capBefore.stderr).toBe(0);
    expect(jsonOf<CaptureJson>(capBefore).database).toBe(before.database.name);
    const capAfter = await runCli(
      ["baseline", "capture", "--band", band, "--seed", SEED, "--dir", "after", "--json", ...on],
      {
        cwd: dir,
      },
    );
    expect(jsonOf<CaptureJson>(capAfter).database).toBe(after.database.name);
    const cmp = jsonOf<{
      rows: Array<{ query: string; key: string; planChanged: boolean; bufferReductionPct: number }>;
    }>(await runCli(["baseline", "compare", "before", "after", "--json"], { cwd: dir }));
    expect(cmp.rows).toHaveLength(7);
    for (const r of cmp.rows) expect(r.planChanged, `${r.query} ${r.key}`).toBe(true);
    // The 50k messages are read through the index instead of whole; (800 conversations are few
    // enough that their index saves no buffers at this band).
    for (const r of cmp.rows.filter((x) => x.query === "latest-messages"))
      expect(r.bufferReductionPct, r.key).toBeGreaterThan(50);
  });

  it("names a missing database, catalog or baseline folder with the fix (exit 2)", async () => {
    const { dir, band } = await project();
    const none = await runCli(
      ["baseline", "capture", "--band", band, "--seed", "172", "--database-url", system.url],
      { cwd: dir },
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`Seed it first: \`seedband seed ${band} --seed 172\``);
    const noBaselines = await runCli(["baseline", "check", "--band", band, "--database-url", system.url], {
      cwd: dir,
    });
    expect(noBaselines.code).toBe(2);
    expect(noBaselines.stderr).toContain("Capture baselines first");
    await writeFile(join(dir, "queries", "bad.sql"), "-- param x: users.id middling\nSELECT :x\n");
    const bad = await runCli(["baseline", "capture", "--band", band, "--database-url", system.url], {
      cwd: dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('queries/bad.sql:1: unknown representative "middling"');
    expect(bad.stderr).not.toMatch(STACK_TRACE);
  });
});
