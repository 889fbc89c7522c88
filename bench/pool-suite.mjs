#!/usr/bin/env node
// An example suite of BENCH_TESTS (default 2,000) tests, each calling seedBand('ci'), changing its
// database a little and dropping it, in 4 files run by Vitest with 4 workers against one server.
// Wall time of `vitest run`, in the same run:
//   before   pool: false, cloneStrategy: "FILE_COPY", ramClones: false  (what seedBand() did before the pool)
//   wal-log  pool: false (the strategy chosen by size)
//   pool     the defaults (a pool sized from the workers, refilled in the background)
// The template is built once before (a first short run), so every timed run reuses it.
//
//   npm run build && node bench/pool-suite.mjs     # the embedded PostgreSQL 18 (the plugin's default)
//   BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/postgres node bench/pool-suite.mjs    # any 15+
// BENCH_MODES=before,pool picks modes; BENCH_TESTS the number of tests.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const serverUrl = process.env.BENCH_PG_URL;
const server = serverUrl ? { provider: "url", databaseUrl: serverUrl } : { provider: "embedded" };
const TESTS = Number(process.env.BENCH_TESTS ?? 2000);
const FILES = 4;
const only = process.env.BENCH_MODES?.split(",");

const project = realpathSync(mkdtempSync(join(tmpdir(), "sb-bench-suite-")));
chmodSync(project, 0o755);
writeFileSync(
  join(project, "package.json"),
  '{ "name": "sb-bench-suite", "private": true, "type": "module" }\n',
);
cpSync(join(root, "prisma"), join(project, "prisma"), { recursive: true });
symlinkSync(join(root, "node_modules"), join(project, "node_modules"));
mkdirSync(join(project, "test"));

function writeSuite(testsPerFile) {
  for (let f = 0; f < FILES; f++) {
    writeFileSync(
      join(project, "test", `suite-${f}.test.js`),
      `import pg from "pg";
import { expect, it } from "vitest";
import { seedBand } from ${JSON.stringify(join(root, "dist", "index.js"))};

for (let i = 0; i < ${testsPerFile}; i++) {
  it("test ${f}." + i, async () => {
    const db = await seedBand("ci");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query("UPDATE users SET \\"displayName\\" = 'changed' WHERE id = $1", [i + 1]);
    const { rows } = await client.query("SELECT count(*)::int AS n FROM users");
    await client.end();
    expect(rows[0].n).toBe(500);
    await db.drop();
  });
}
`,
    );
  }
}

function vitestRun(mode, options) {
  writeFileSync(
    join(project, "vitest.config.js"),
    `import { defineConfig } from "vitest/config";
import { seedband } from ${JSON.stringify(join(root, "dist", "vitest", "index.js"))};
export default defineConfig({
  plugins: [seedband(${JSON.stringify({ ...server, band: "ci", ...options })})],
  test: { maxWorkers: 4, testTimeout: 120000, hookTimeout: 120000, reporters: ["dot"] },
});
`,
  );
  const t = performance.now();
  const run = spawnSync(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run"], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
    maxBuffer: 64 << 20,
  });
  const wall = (performance.now() - t) / 1000;
  if (run.status !== 0)
    throw new Error(`vitest (${mode}) failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const poolLine = run.stderr.split("\n").find((l) => l.includes("pool ready"));
  return { wall, poolLine };
}

try {
  writeSuite(1);
  vitestRun("build", { pool: false }); // builds (or finds) the ci template
  writeSuite(TESTS / FILES);
  console.log(
    `${TESTS} tests in ${FILES} files, 4 workers, server ${serverUrl ? serverUrl.replace(/\/\/[^@]*@/, "//") : "embedded"}`,
  );
  const modes = [
    ["before", { pool: false, cloneStrategy: "FILE_COPY", ramClones: false }],
    ["wal-log", { pool: false }],
    ["pool", {}],
  ].filter(([m]) => !only || only.includes(m));
  const walls = {};
  for (const [mode, options] of modes) {
    const { wall, poolLine } = vitestRun(mode, options);
    walls[mode] = wall;
    console.log(
      `  ${mode.padEnd(8)} ${JSON.stringify(options).padEnd(46)} wall ${wall.toFixed(1)} s${poolLine ? `  (${poolLine.trim()})` : ""}`,
    );
  }
  if (walls.before && walls.pool) console.log(`  pool / before: ${(walls.pool / walls.before).toFixed(3)}`);
} finally {
  rmSync(project, { recursive: true, force: true });
  const { removeOrphanedRamFolders } = await import(join(root, "dist", "db", "index.js"));
  removeOrphanedRamFolders(); // the temporary project's in-memory tablespace folder
}
