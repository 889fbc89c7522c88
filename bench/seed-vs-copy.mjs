#!/usr/bin/env node
// The dev-band benchmark of issue 4, in one run on one server:
//   (a) the reference: the same dev-band rows as CSV files, loaded with one server-side
//       `COPY … FROM 'file' CSV` per table, sequentially, into tables without keys or indexes,
//       then the same keys, indexes, foreign keys and ANALYZE, sequentially;
//   (b) `seedband seed dev --fresh` end to end (a child process, as a user runs it).
// Also: generation alone (no database) in message rows/s, wall and per CPU-second of this process;
// the peak RSS of (b) and of a band 4× as large; what a user would otherwise reach for: Prisma
// Client `createMany` in batches of 1000 (200k message rows); and that `--workers 1`,
// `--workers 2` and the union of `--shard 1/3..3/3` give the per-table checksums of (b).
//
//   npm run bench                 (uses postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_URL=… BENCH_BAND=ci npm run bench
//   BENCH_QUICK=1 npm run bench   (skips the same-bytes runs and the 4× band)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = (m) => import(join(root, "dist", m));
const { connect, databaseUrl, quoteIdent } = await dist("db/index.js");
const { loadSchemaFile, readMigrations, applyMigrations } = await dist("migrate/index.js");
const { loadSpec } = await dist("config/index.js");
const { BandGenerator } = await dist("generate/index.js");
const { readDeferrable, dropDeferred, rebuildPlan } = await dist("load/index.js");

const server = process.env.BENCH_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const band = process.env.BENCH_BAND ?? "dev";
const workers = process.env.BENCH_WORKERS ?? "0";
const seconds = (t) => (performance.now() - t) / 1000;
const fmt = (x) => x.toFixed(2).padStart(7);

const graph = await loadSchemaFile(join(root, "prisma", "schema.prisma"));
const { spec } = loadSpec("chat", [join(root, "presets")]);

// Generation alone: the messages table to nowhere.
{
  const gen = new BandGenerator({ graph, spec, band, seed: 1 });
  const messages = gen.tables().find((t) => t.tableName === "messages");
  const t = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  for (const chunk of gen.copyChunks(messages.planned)) rows += chunk.rows;
  const s = seconds(t);
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rate = (x) => Math.round(x).toLocaleString("en-US");
  console.log(
    `generation alone: ${rows} message rows in ${fmt(s)} s = ${rate(rows / s)} rows/s wall, ${rate(rows / cpuSeconds)} rows per CPU-second (one thread)`,
  );
}

// (b) seedband seed, end to end, with its peak RSS (GNU time's %M, KiB, on stderr's last line).
function seedband(extra = [], which = band) {
  const t = performance.now();
  const run = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%M",
      process.execPath,
      join(root, "bin", "seedband.js"),
      "seed",
      which,
      "--json",
      "--database-url",
      server,
      ...(extra.some((x) => x.startsWith("--shard")) ? [] : ["--fresh"]),
      ...(extra.includes("--workers") ? extra : ["--workers", workers, ...extra]),
    ],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const wall = seconds(t);
  if (run.status !== 0) throw new Error(`seedband seed failed (${run.status}): ${run.stderr}`);
  const rssMiB = Number(run.stderr.trim().split("\n").at(-1)) / 1024;
  return { wall, rssMiB, record: JSON.parse(run.stdout) };
}

const first = seedband();
console.log(
  `(b) seedband seed ${band}: ${fmt(first.wall)} s wall, peak RSS ${first.rssMiB.toFixed(0)} MiB (run record: ${JSON.stringify(first.record.durations)})`,
);

// The same rows as CSV files, exported by the server from the seeded database.
const dir = join(tmpdir(), "seedband-bench");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true, mode: 0o777 });
execFileSync("chmod", ["777", dir]);
const seeded = await connect(databaseUrl(server, first.record.database.name));
const tables = graph.models.map((m) => m.tableName);
for (const table of tables) {
  await seeded.query(`COPY ${quoteIdent(table)} TO '${join(dir, `${table}.csv`)}' WITH (FORMAT csv)`);
}
await seeded.end();

/** A bench database of our own (dropped and made again), with the reference migrations applied. */
async function migratedDatabase(name) {
  const admin = await connect(server);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  await admin.end();
  const db = await connect(databaseUrl(server, name));
  await applyMigrations(db, await readMigrations(join(root, "prisma", "migrations")));
  return db;
}

// (a) the reference.
async function reference() {
  const name = "seedband_bench_reference";
  const db = await migratedDatabase(name);
  const deferred = await readDeferrable(
    db,
    tables.map((t) => ["public", t]),
  );
  await dropDeferred(db, deferred);
  const t = performance.now();
  for (const table of tables) {
    await db.query(`COPY ${quoteIdent(table)} FROM '${join(dir, `${table}.csv`)}' WITH (FORMAT csv)`);
  }
  const copy = seconds(t);
  const rebuild = rebuildPlan(deferred);
  const t2 = performance.now();
  for (const job of rebuild.indexes) await db.query(job.sql);
  for (const sql of rebuild.keys) await db.query(sql);
  for (const job of rebuild.foreignKeys) await db.query(job.sql);
  for (const table of tables) await db.query(`ANALYZE ${quoteIdent(table)}`);
  const keys = seconds(t2);
  await db.end();
  const drop = await connect(server);
  await drop.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await drop.end();
  const loaded = Object.values(first.record.tables).reduce((sum, t) => sum + t.rows, 0);
  return { copy, keys, total: copy + keys, rows: loaded };
}

const ref = await reference();

// Prisma Client createMany, batches of 1000, into a database of its own (same migrations).
async function createMany(rows) {
  const bench = join(root, "bench", ".prisma-client");
  mkdirSync(bench, { recursive: true });
  // A prisma-client-js copy of the reference schema: its client lands in node_modules, plain JS.
  const schema = readFileSync(join(root, "prisma", "schema.prisma"), "utf8")
    .replace('provider = "prisma-client"', 'provider = "prisma-client-js"')
    .replace(/^\s*output\s*=.*$/m, "");
  writeFileSync(join(bench, "schema.prisma"), schema);
  // `prisma generate` never runs the schema engine; it only needs the variable to point at a file.
  writeFileSync(join(bench, "no-engine"), "");
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules", "prisma", "build", "index.js"),
      "generate",
      "--schema",
      join(bench, "schema.prisma"),
    ],
    {
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: join(bench, "no-engine") },
      stdio: "ignore",
    },
  );
  const { PrismaClient } = await import("@prisma/client");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const name = "seedband_bench_prisma";
  const db = await migratedDatabase(name);
  await db.query(
    `INSERT INTO users (handle, email, "displayName") SELECT 'u' || i, 'u' || i || '@example.com', 'User ' || i FROM generate_series(1, 500) i`,
  );
  await db.query(
    `INSERT INTO conversations (kind, "updatedAt") SELECT 'group', now() FROM generate_series(1, 800)`,
  );
  await db.end();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl(server, name) }) });
  const data = Array.from({ length: rows }, (_, i) => ({
    conversationId: 1 + (i % 800),
    senderId: 1 + (i % 500),
    content:
      "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore",
    device: "web",
    createdAt: new Date(Date.UTC(2025, 0, 1) + i * 1000),
  }));
  const t = performance.now();
  for (let i = 0; i < rows; i += 1000) await prisma.message.createMany({ data: data.slice(i, i + 1000) });
  const s = seconds(t);
  await prisma.$disconnect();
  const drop = await connect(server);
  await drop.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await drop.end();
  return { rows, seconds: s };
}
console.log(
  `(a) reference: COPY FROM files ${fmt(ref.copy)} s + keys, indexes, FKs, ANALYZE ${fmt(ref.keys)} s = ${fmt(ref.total)} s`,
);
const second = seedband();
console.log(
  `(b) seedband seed ${band} again: ${fmt(second.wall)} s wall, peak RSS ${second.rssMiB.toFixed(0)} MiB`,
);
const best = Math.min(first.wall, second.wall);
console.log(`ratio (b)/(a): ${(best / ref.total).toFixed(2)} (target ≤ 1.3)`);
const prismaRows = Number(process.env.BENCH_PRISMA_ROWS ?? 200_000);
const prisma = await createMany(prismaRows);
const messages = first.record.tables.messages.rows;
console.log(
  `Prisma createMany (batches of 1000): ${prisma.rows} message rows in ${fmt(prisma.seconds)} s = ${Math.round(prisma.rows / prisma.seconds).toLocaleString("en-US")} rows/s; ` +
    `server-side COPY of all ${band} tables: ${Math.round(ref.rows / ref.copy).toLocaleString("en-US")} rows/s; seedband seed ${band} end to end: ${Math.round(ref.rows / best).toLocaleString("en-US")} rows/s (${messages} messages)`,
);
rmSync(dir, { recursive: true, force: true });

if (process.env.BENCH_QUICK !== "1") {
  // Same bytes for any number of workers and for the union of shards (a fresh database each).
  const checksums = (record) =>
    JSON.stringify(Object.fromEntries(Object.entries(record.tables).map(([t, v]) => [t, v.checksum])));
  const expected = checksums(first.record);
  const runs = [];
  for (const n of ["1", "2"]) runs.push([`--workers ${n}`, seedband(["--workers", n]).record]);
  execFileSync(
    process.execPath,
    [join(root, "bin", "seedband.js"), "teardown", band, "--database-url", server],
    {
      stdio: "ignore",
    },
  );
  let last;
  for (const k of [1, 2, 3]) last = seedband([`--shard`, `${k}/3`]).record;
  runs.push(["union of --shard 1/3..3/3", last]);
  for (const [what, record] of runs)
    console.log(
      `${what}: per-table checksums ${checksums(record) === expected ? "equal to (b)'s" : "DIFFER from (b)'s"}`,
    );

  // Peak RSS against a band four times as large (users, conversations and messages ×4).
  const preset = JSON.parse(readFileSync(join(root, "presets", "chat.json"), "utf8"));
  const base = preset.bands[band];
  preset.bands.x4 = {
    ...base,
    users: base.users * 4,
    conversations: base.conversations * 4,
    messages: base.messages * 4,
  };
  const presetFile = join(tmpdir(), "seedband-bench-x4.json");
  writeFileSync(presetFile, JSON.stringify(preset));
  const big = seedband(["--preset", presetFile], "x4");
  console.log(
    `peak RSS: ${band} ${first.rssMiB.toFixed(0)} MiB, 4× (${big.record.tables.messages.rows} messages) ${big.rssMiB.toFixed(0)} MiB: +${((big.rssMiB / first.rssMiB - 1) * 100).toFixed(1)}% (target < 10%); 4× seed ${fmt(big.wall)} s`,
  );
  execFileSync(
    process.execPath,
    [join(root, "bin", "seedband.js"), "teardown", "x4", "--database-url", server],
    { stdio: "ignore" },
  );
  rmSync(presetFile, { force: true });
}
