// `seedband snapshot` as a user runs it, in a project of its own (its own embedded PostgreSQL 18):
// save writes the template database and both on-disk formats; the logical one restores into the
// system PostgreSQL (another major version) with the same checksums; the physical one brings the
// embedded cluster back as it was; list and prune see both.
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropDatabase, jsonOf, makeProject, query, runCli, urlOf } from "./helpers.js";

interface SeedJson {
  status: string;
  database: { name: string; url: string };
  tables: Record<string, { rows: number; checksum: string }>;
  reused?: boolean;
}

const system = inject("servers").find((s) => s.name.startsWith("system"))!;
// Seeds 5101+ belong to this file, so no other test shares its databases on the shared server.
const SEED = "5101";

describe("seedband snapshot", () => {
  let project: string;
  let seeded: SeedJson;
  const restoredOnSystem: string[] = [];
  const run = (...args: string[]) =>
    runCli(args, { cwd: project, env: { DATABASE_URL: undefined }, timeoutMs: 180_000 });

  beforeAll(async () => {
    project = await makeProject();
  });

  afterAll(async () => {
    if (!project) return;
    for (const name of restoredOnSystem) await dropDatabase(system.url, name).catch(() => {});
    const down = await run("db", "down");
    if (down.code !== 0) throw new Error(`db down failed in ${project}: ${down.stderr}`);
    await rm(project, { recursive: true, force: true });
  });

  it("save --physical publishes the template and writes the logical and the physical snapshot", async () => {
    const seed = await run("seed", "ci", "--seed", SEED, "--json");
    expect(seed.code, seed.stderr).toBe(0);
    seeded = jsonOf<SeedJson>(seed);

    const result = await run("snapshot", "save", "ci", "--seed", SEED, "--physical", "--json");
    expect(result.code, result.stderr).toBe(0);
    const saved = jsonOf<{
      template: { name: string };
      logical: { path: string };
      physical: { path: string };
    }>(result);
    expect(saved.template.name).toMatch(/^seedband_snap_ci_[0-9a-f]{12}$/);
    const files = (await readdir(saved.logical.path)).sort();
    expect(files).toEqual(
      expect.arrayContaining(["manifest.json", "schema.sql", "snapshot.json", "public.messages.copy"]),
    );
    const manifest = JSON.parse(await readFile(join(saved.logical.path, "manifest.json"), "utf8"));
    const rows = Object.fromEntries(
      manifest.tables.map((t: { table: string; rows: number }) => [t.table, t.rows]),
    );
    expect(rows).toEqual(Object.fromEntries(Object.entries(seeded.tables).map(([t, v]) => [t, v.rows])));
    expect(await readFile(join(saved.logical.path, "schema.sql"), "utf8")).toContain("hot_path_indexes");
    expect(existsSync(join(saved.physical.path, "data", "PG_VERSION"))).toBe(true);
    // No temporary folder of the save is left beside them.
    expect((await readdir(join(project, ".seedband", "snapshots"))).filter((n) => n.startsWith("."))).toEqual(
      [],
    );
  });

  it(`restore puts the logical snapshot into ${system.name} with the same checksums`, async () => {
    const result = await run(
      "snapshot",
      "restore",
      "ci",
      "--seed",
      SEED,
      "--fresh",
      "--database-url",
      system.url,
      "--json",
    );
    expect(result.code, result.stderr).toBe(0);
    const restored = jsonOf<SeedJson>(result);
    restoredOnSystem.push(restored.database.name);
    expect(restored.status).toBe("ok");
    expect(restored.tables).toEqual(seeded.tables);
    const [count] = await query<{ n: string }>(
      urlOf(system.url, restored.database.name),
      "SELECT count(*) AS n FROM messages",
    );
    expect(Number(count!.n)).toBe(seeded.tables.messages!.rows);
  });

  it("a changed snapshot file is refused on restore", async () => {
    const dir = join(project, ".seedband", "snapshots");
    const logical = (await readdir(dir)).find((n) => !n.endsWith("-physical"))!;
    const copy = join(dir, logical, "public.users.copy");
    const original = await readFile(copy);
    await writeFile(
      copy,
      Buffer.concat([original, Buffer.from("")])
        .toString()
        .replace(/^1\t/, "1\tX"),
    );
    try {
      const result = await run(
        "snapshot",
        "restore",
        "ci",
        "--seed",
        SEED,
        "--fresh",
        "--database-url",
        system.url,
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/users/);
    } finally {
      await writeFile(copy, original);
    }
  });

  it("restore --physical brings the embedded cluster back as it was saved", async () => {
    const url = (await run("db", "url")).stdout.trim();
    const band = urlOf(url, seeded.database.name);
    await query(
      band,
      `INSERT INTO users (handle, email, "displayName") VALUES ('after-save', 'after-save@example.com', 'After')`,
    );
    const result = await run("snapshot", "restore", "ci", "--seed", SEED, "--physical", "--json");
    expect(result.code, result.stderr).toBe(0);
    const urlAfter = (await run("db", "url")).stdout.trim();
    const [row] = await query<{ n: string }>(
      urlOf(urlAfter, seeded.database.name),
      "SELECT count(*) AS n FROM users WHERE handle = 'after-save'",
    );
    expect(Number(row!.n)).toBe(0);
    const verify = await run("verify", "ci", "--json");
    expect(verify.code, verify.stderr).toBe(0);
  });

  it("list shows both; prune keeps current snapshots and removes one whose inputs changed", async () => {
    // The physical copy was taken before the template was published, so the restored cluster has
    // none: saving again publishes it from the band database (and rewrites the logical snapshot).
    const resave = await run("snapshot", "save", "ci", "--seed", SEED, "--json");
    expect(resave.code, resave.stderr).toBe(0);
    expect(jsonOf<{ template: { built: boolean } }>(resave).template.built).toBe(true);
    const listed = jsonOf<{ onDisk: Array<{ kind: string }>; templates: Array<{ name: string }> }>(
      await run("snapshot", "list", "--json"),
    );
    expect(listed.onDisk.map((s) => s.kind).sort()).toEqual(["logical", "physical"]);
    expect(listed.templates).toHaveLength(1);

    const kept = jsonOf<{ removed: string[]; dropped: string[] }>(await run("snapshot", "prune", "--json"));
    expect(kept).toEqual({ removed: [], dropped: [], leftAlone: [] });

    // A new migration: the saved snapshots no longer match the project.
    const migration = join(project, "prisma", "migrations", "20250301000000_extra");
    await (await import("node:fs/promises")).mkdir(migration);
    await writeFile(
      join(migration, "migration.sql"),
      'CREATE INDEX "users_displayName_idx" ON "users" ("displayName");\n',
    );
    const pruned = jsonOf<{ removed: string[]; dropped: string[] }>(await run("snapshot", "prune", "--json"));
    expect(pruned.removed).toHaveLength(2);
    expect(pruned.dropped).toEqual([listed.templates[0]!.name]);
    const restore = await run("snapshot", "restore", "ci", "--seed", SEED);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/No snapshot ci-s5101-/);
  });
});
