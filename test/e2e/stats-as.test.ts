// `seedband stats` and `--stats-as` as a user runs them (issue 17): the statistics file of a band,
// through the PII gate; a server older than PostgreSQL 18 refused with exit 2 before anything is
// loaded; on PostgreSQL 18, the band seeded with the statistics injected (the run record says so),
// baselines of estimates captured and checked, and a check without --stats-as refused.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  chatPreset,
  copySqlQueries,
  dropDatabase,
  hex,
  jsonOf,
  makeProject,
  runCli,
  STACK_TRACE,
  seedbandMarks,
} from "./helpers.js";

const servers = inject("servers");
const [system, embedded] = servers as [(typeof servers)[0], (typeof servers)[0]];
const SEED = "173";
afterAll(async () => {
  for (const s of servers)
    for (const { name, mark } of await seedbandMarks(s.url))
      if (mark.seed === Number(SEED)) await dropDatabase(s.url, name).catch(() => {});
});

async function project(): Promise<{ dir: string; band: string }> {
  const dir = await makeProject();
  const band = `st${hex(3)}`;
  const preset = await chatPreset();
  preset.bands = { [band]: (preset.bands as Record<string, unknown>).ci };
  await mkdir(join(dir, "presets"));
  await writeFile(join(dir, "presets", "chat.json"), JSON.stringify(preset));
  await copySqlQueries(dir);
  return { dir, band };
}

describe("seedband stats and --stats-as", () => {
  it("writes the band's statistics, which pass pii check --profile data; PostgreSQL < 18 is refused before loading", async () => {
    const { dir, band } = await project();
    const stats = await runCli(["stats", band, "--seed", SEED, "--out", "stats.json"], {
      cwd: dir,
      timeoutMs: 180_000,
    });
    expect(stats.code, stats.stderr).toBe(0);
    const file = JSON.parse(await readFile(join(dir, "stats.json"), "utf8"));
    expect(file.kind).toBe("planner-statistics");
    expect(file.tables.messages.reltuples).toBe(50_000);
    const gate = await runCli(["pii", "check", "--profile", "data", "stats.json"], { cwd: dir });
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    if (system.major < 18) {
      const old = await runCli(["seed", band, "--seed", SEED, "--stats-as", "stats.json"], {
        cwd: dir,
        env: { DATABASE_URL: system.url },
      });
      expect(old.code).toBe(2);
      expect(old.stderr).toMatch(/needs PostgreSQL 18 or newer/);
      expect(old.stderr).not.toMatch(STACK_TRACE);
      const made = (await seedbandMarks(system.url)).filter((d) => d.mark.seed === Number(SEED));
      expect(made).toEqual([]);
    }
  }, 300_000);

  it("seeds with the statistics injected, captures and checks baselines of estimates", async () => {
    const { dir, band } = await project();
    const env = { DATABASE_URL: embedded.url };
    expect(
      (await runCli(["stats", band, "--seed", SEED, "--out", "stats.json"], { cwd: dir, timeoutMs: 180_000 }))
        .code,
    ).toBe(0);
    const seeded = await runCli(["seed", band, "--seed", SEED, "--stats-as", "stats.json", "--json"], {
      cwd: dir,
      env,
      timeoutMs: 180_000,
    });
    expect(seeded.code, seeded.stderr).toBe(0);
    const record = jsonOf<{ statistics?: { injected: boolean; band: string; tables: number } }>(seeded);
    expect(record.statistics).toMatchObject({ injected: true, band, tables: 5 });
    const args = ["--band", band, "--seed", SEED, "--stats-as", "stats.json"];
    const captured = await runCli(["baseline", "capture", ...args], { cwd: dir, env, timeoutMs: 180_000 });
    expect(captured.code, captured.stderr).toBe(0);
    const doc = JSON.parse(
      await readFile(join(dir, "baselines", `${band}-as-${band}`, "latest-messages.json"), "utf8"),
    );
    expect(doc.statistics).toMatchObject({ injected: true, band, measured: "estimates" });
    expect(doc.cases.heavy.estimate.rows).toBeGreaterThan(0);
    expect(doc.cases.heavy.timeMs.runs).toBe(0);
    const checked = await runCli(["baseline", "check", ...args], { cwd: dir, env, timeoutMs: 180_000 });
    expect(checked.code, checked.stderr).toBe(0);
    const without = await runCli(
      ["baseline", "check", "--band", band, "--seed", SEED, "--dir", `baselines/${band}-as-${band}`],
      {
        cwd: dir,
        env,
      },
    );
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/check them with --stats-as/);
    // The same band seeded without --stats-as: its statistics-injected database is rebuilt, not
    // reused (reusing would VACUUM the padding away), and nothing injected is left.
    const again = await runCli(["seed", band, "--seed", SEED, "--stats-as", "stats.json", "--json"], {
      cwd: dir,
      env,
      timeoutMs: 180_000,
    });
    expect(jsonOf<{ reused?: boolean }>(again).reused).toBe(true);
    const plain = await runCli(["seed", band, "--seed", SEED, "--json"], {
      cwd: dir,
      env,
      timeoutMs: 180_000,
    });
    expect(plain.code, plain.stderr).toBe(0);
    const plainRecord = jsonOf<{ reused?: boolean; statistics?: unknown }>(plain);
    expect(plainRecord.reused).not.toBe(true);
    expect(plainRecord.statistics).toBeUndefined();
  }, 600_000);
});
