// A Prisma 7 team's first hour, run as a user runs it (issue 15): a project whose schema and
// migrations are declared in prisma.config.ts (a schema folder, migrations beside it, nothing
// under prisma/), `seedband init` on it, and the messages a user meets when a file of their own
// is wrong: each names that file (line:column, or JSON path), exit 2, no stack trace.
import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropDatabase, jsonOf, PACKAGE_ROOT, query, runCli, STACK_TRACE, urlOf } from "./helpers.js";

const server = inject("servers")[0]!.url; // PostgreSQL 15
const created = new Set<string>();
const dirs: string[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(server, name).catch(() => {});
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A copy of test/fixtures/prisma7-config with a package.json and seedband in node_modules. */
async function prisma7Project(): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "sb-first-hour-")));
  dirs.push(dir);
  await chmod(dir, 0o755);
  await cp(join(PACKAGE_ROOT, "test/fixtures/prisma7-config"), dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "p7", private: true, type: "module" })}\n`,
  );
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(PACKAGE_ROOT, join(dir, "node_modules", "seedband"), "dir");
  return dir;
}

interface SeedJson {
  status: string;
  database: { name: string };
  tables: Record<string, { rows: number }>;
}

function expectRefusal(result: { code: number | null; stdout: string; stderr: string }, ...parts: string[]) {
  expect(result.code, result.stderr).toBe(2);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(STACK_TRACE);
  for (const part of parts) expect(result.stderr).toContain(part);
}

describe("prisma.config.ts", () => {
  it("its schema folder and migrations.path are what seed uses, with DATABASE_URL unset", async () => {
    const dir = await prisma7Project();
    // Nothing where seedband looked before: the config is the only way to the schema.
    expect(existsSync(join(dir, "prisma"))).toBe(false);
    const result = await runCli(["seed", "ci", "--seed", "161", "--json", "--database-url", server], {
      cwd: dir,
    });
    expect(result.code, result.stderr).toBe(0);
    const record = jsonOf<SeedJson>(result);
    created.add(record.database.name);
    expect(Object.keys(record.tables).sort()).toEqual(["Author", "Book"]);
    const db = urlOf(server, record.database.name);
    // The index only the second migration (under db/migrations) creates is there.
    const indexes = await query<{ indexname: string }>(
      db,
      `SELECT indexname FROM pg_indexes WHERE tablename = 'Book' ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toContain("Book_title_lower_idx");
    const applied = await query<{ n: number }>(db, `SELECT count(*)::int AS n FROM _prisma_migrations`);
    expect(applied[0]!.n).toBe(2);
  });

  it("a syntax error in it is exit 2 naming prisma.config.ts:line:column", async () => {
    const dir = await prisma7Project();
    const file = join(dir, "prisma.config.ts");
    await writeFile(
      file,
      `import { defineConfig } from "prisma/config";\nexport default defineConfig({\n  schema: "db/schema",,\n});\n`,
    );
    const result = await runCli(["seed", "ci", "--database-url", server], { cwd: dir });
    expectRefusal(result, `${file}:3:23`, "syntax error");
  });

  it("a schema path in it that does not exist is exit 2 naming $.schema", async () => {
    const dir = await prisma7Project();
    const file = join(dir, "prisma.config.ts");
    await writeFile(file, `export default { schema: "db/shcema" };\n`);
    const result = await runCli(["seed", "ci", "--database-url", server], { cwd: dir });
    expectRefusal(result, `${file}: $.schema`, "db/shcema");
  });
});

describe("seedband init", () => {
  it("writes the config, the Vitest plugin, .gitignore and a query; a second run changes nothing", async () => {
    const dir = await prisma7Project();
    const first = await runCli(["init", "--json"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const out = jsonOf<{ schema: string; steps: Array<{ file: string; action: string }>; next: string }>(
      first,
    );
    expect(out.schema).toBe("db/schema");
    expect(out.steps.map((s) => [s.file, s.action])).toEqual([
      ["seedband.config.ts", "wrote"],
      ["vitest.config.ts", "wrote"],
      [".gitignore", "wrote"],
      ["queries/example.sql", "wrote"],
    ]);
    expect(out.next).toBe("npx seedband seed ci");
    const config = await readFile(join(dir, "seedband.config.ts"), "utf8");
    expect(config).toContain('import { defineConfig } from "seedband";');
    expect(config).toMatch(/\/\/ Author: \{/);
    expect(config).toMatch(/\/\/ Book: \{\},/);
    expect(await readFile(join(dir, "vitest.config.ts"), "utf8")).toContain('seedband({ band: "ci" })');
    expect((await readFile(join(dir, ".gitignore"), "utf8")).split("\n")).toContain(".seedband/");
    const files = ["seedband.config.ts", "vitest.config.ts", ".gitignore", "queries/example.sql"];
    const before = await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")));

    const again = await runCli(["init", "--json"], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf<{ steps: Array<{ action: string }> }>(again).steps.map((s) => s.action)).toEqual([
      "skipped",
      "skipped",
      "skipped",
      "skipped",
    ]);
    expect(await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")))).toEqual(before);
  });

  it("what it writes runs: the config loads, its example override applies, the query parses", async () => {
    const dir = await prisma7Project();
    expect((await runCli(["init"], { cwd: dir })).code).toBe(0);
    // Uncomment the example a user is shown first, as they would.
    const file = join(dir, "seedband.config.ts");
    const text = await readFile(file, "utf8");
    const models = text.slice(text.indexOf("models: {"));
    await writeFile(
      file,
      text.slice(0, text.indexOf("models: {")) +
        models
          .split("\n")
          .map((l) => l.replace(/^(\s*)\/\/ /, "$1"))
          .join("\n")
          .replace("count: { ci: 200,", "count: { ci: 40,"),
    );
    const result = await runCli(["seed", "ci", "--seed", "162", "--json", "--database-url", server], {
      cwd: dir,
    });
    expect(result.code, result.stderr).toBe(0);
    const record = jsonOf<SeedJson>(result);
    created.add(record.database.name);
    expect(record.tables.Author?.rows).toBe(40);
    const flagged = await query<{ n: number }>(
      urlOf(server, record.database.name),
      `SELECT count(*)::int AS n FROM "Author" WHERE name = 'flagged'`,
    );
    expect(flagged[0]!.n).toBeGreaterThan(0);
    // Seeding again reuses it, and the first line says which server and why.
    const again = await runCli(["seed", "ci", "--seed", "162", "--database-url", server], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/on the url server postgresql:\/\/\S+ \(from --database-url\)/);
    // The example query is a valid catalog entry (baseline capture parses it before any server).
    const { loadCatalog } = await import("../../src/explain/index.js");
    const catalog = await loadCatalog(join(dir, "queries"), dir);
    expect(catalog.map((q) => q.name)).toEqual(["Book-by-Author"]);
  });

  it("never overwrites without --force; adds the plugin to an existing Vitest config it can edit", async () => {
    const dir = await prisma7Project();
    await writeFile(join(dir, "seedband.config.ts"), "export default {};\n");
    await writeFile(join(dir, ".gitignore"), "node_modules\n");
    const vitest = `import { defineConfig } from "vitest/config";\n\nexport default defineConfig({\n  test: { globals: true },\n});\n`;
    await writeFile(join(dir, "vitest.config.ts"), vitest);
    const result = await runCli(["init", "--json"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const steps = jsonOf<{ steps: Array<{ file: string; action: string }> }>(result).steps;
    expect(steps.find((s) => s.file === "seedband.config.ts")?.action).toBe("skipped");
    expect(await readFile(join(dir, "seedband.config.ts"), "utf8")).toBe("export default {};\n");
    expect(steps.find((s) => s.file === "vitest.config.ts")?.action).toBe("updated");
    const edited = await readFile(join(dir, "vitest.config.ts"), "utf8");
    expect(edited).toContain('import { seedband } from "seedband/vitest";');
    expect(edited).toContain('plugins: [seedband({ band: "ci" })],');
    expect(edited).toContain("test: { globals: true },");
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toMatch(/^node_modules\n.*\n\.seedband\/\n$/s);

    const forced = await runCli(["init", "--force", "--json"], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    const forcedSteps = jsonOf<{ steps: Array<{ file: string; action: string }> }>(forced).steps;
    expect(forcedSteps.find((s) => s.file === "seedband.config.ts")?.action).toBe("updated");
    expect(await readFile(join(dir, "seedband.config.ts"), "utf8")).toContain("// Author: {");
    // The Vitest config, already using the plugin, is left alone even with --force.
    expect(await readFile(join(dir, "vitest.config.ts"), "utf8")).toBe(edited);
  });

  it("prints the lines when the Vitest config cannot be edited safely", async () => {
    const dir = await prisma7Project();
    const vitest = `import base from "./vitest.base";\nexport default base;\n`;
    await writeFile(join(dir, "vitest.config.mts"), vitest);
    const result = await runCli(["init"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('import { seedband } from "seedband/vitest";');
    expect(result.stderr).toContain('plugins: [seedband({ band: "ci" })],');
    expect(await readFile(join(dir, "vitest.config.mts"), "utf8")).toBe(vitest);
    expect(existsSync(join(dir, "vitest.config.ts"))).toBe(false);
  });

  it("without a schema: exit 2 with the fix, nothing written", async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), "sb-first-hour-")));
    dirs.push(dir);
    await writeFile(join(dir, "package.json"), "{}\n");
    const result = await runCli(["init"], { cwd: dir });
    expectRefusal(result, "No Prisma schema found", "npx prisma init", "--schema");
    expect(existsSync(join(dir, "seedband.config.ts"))).toBe(false);
    expect(existsSync(join(dir, ".gitignore"))).toBe(false);
  });
});

describe("a user's seedband.config.ts, wrong", () => {
  it("a syntax error names seedband.config.ts:line:column", async () => {
    const dir = await prisma7Project();
    const file = join(dir, "seedband.config.ts");
    await writeFile(file, `export default {\n  models: { Author: { count: 5 }, , },\n};\n`);
    expectRefusal(await runCli(["seed", "ci", "--database-url", server], { cwd: dir }), `${file}:2:35`);
  });

  it("a field typo names the field in seedband.config.ts and the near name, not the preset", async () => {
    const dir = await prisma7Project();
    const file = join(dir, "seedband.config.ts");
    await writeFile(file, `export default { models: { Book: { fields: { titel: { value: "x" } } } } };\n`);
    const result = await runCli(["seed", "ci", "--database-url", server], { cwd: dir });
    expectRefusal(result, `${file}: $.models.Book.fields.titel`, 'Did you mean "title"?');
    expect(result.stderr).not.toContain("presets/");
  });

  it("a typo'd band says where to add a band: the user's file, never a preset inside the package", async () => {
    const dir = await prisma7Project();
    const result = await runCli(["seed", "cj", "--database-url", server], { cwd: dir });
    expectRefusal(result, 'Unknown band "cj"', join(dir, "seedband.config.ts"));
    expect(result.stderr).not.toContain("presets/");
  });
});
