#!/usr/bin/env node
// Snapshots and seedBand(), in one run on one server (an embedded PostgreSQL of a temporary
// project, so nothing else shares it):
//   1. seedBand('ci') with a warm template: p50/p95 over 20 calls (reference: a bare
//      `CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY` of the same template, 20 times);
//   2. the dev band: seedBand('dev') from its template against a bare CREATE DATABASE … TEMPLATE
//      … STRATEGY FILE_COPY of the same template, 8 each in A B B A order (seedband's overhead), and against
//      re-seeding (`seedband seed dev --fresh`);
//   3. on-disk: `snapshot restore dev --physical` (the data directory copy) and the logical format
//      (`snapshot restore dev --fresh`) against re-seeding.
//
//   npm run build && node bench/vitest-snapshot.mjs            BENCH_BAND=ci for a quick run
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { seedBand } = await import(join(root, "dist", "index.js"));
const { startSeedbandRun, useSeedbandContext } = await import(join(root, "dist", "vitest", "index.js"));
const { connect, quoteIdent } = await import(join(root, "dist", "db", "index.js"));

const big = process.env.BENCH_BAND ?? "dev";
const CALLS = 20;
const seconds = (t) => (performance.now() - t) / 1000;
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

const project = realpathSync(mkdtempSync(join(tmpdir(), "sb-bench-snap-")));
chmodSync(project, 0o755); // as root the embedded server runs as another user and must enter it
writeFileSync(join(project, "package.json"), '{ "name": "sb-bench", "private": true }\n');
cpSync(join(root, "prisma"), join(project, "prisma"), { recursive: true });

function cli(...args) {
  const t = performance.now();
  const run = spawnSync(process.execPath, [join(root, "bin", "seedband.js"), ...args], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) throw new Error(`seedband ${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  return { wall: seconds(t), stdout: run.stdout };
}

let run;
try {
  run = await startSeedbandRun(
    { provide() {} },
    { provider: "embedded", root: project, bands: ["ci"] },
    () => {},
  );
  useSeedbandContext(run.context);
  const serverUrl = run.context.serverUrl;
  const admin = await connect(serverUrl);
  const bare = async (template) => {
    const name = `bench_bare_${randomBytes(4).toString("hex")}`;
    const t = performance.now();
    await admin.query(
      `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)} STRATEGY FILE_COPY`,
    );
    const s = seconds(t);
    await admin.query(`DROP DATABASE ${quoteIdent(name)}`);
    return s;
  };
  const timedSeedBand = async (band) => {
    const t = performance.now();
    const db = await seedBand(band);
    const s = seconds(t);
    await db.drop();
    return s;
  };

  // 1. ci, warm
  await timedSeedBand("ci"); // warm-up (first connection, module loading)
  const ci = [];
  const ciBare = [];
  for (let i = 0; i < CALLS; i++) {
    ci.push(await timedSeedBand("ci"));
    ciBare.push(await bare(run.context.templates["ci:1"].name));
  }
  console.log(
    `1. seedBand('ci') warm, ${CALLS} calls: p50 ${ms(quantile(ci, 0.5))}, p95 ${ms(quantile(ci, 0.95))} ` +
      `(bare CREATE DATABASE … TEMPLATE … FILE_COPY: p50 ${ms(quantile(ciBare, 0.5))}, p95 ${ms(quantile(ciBare, 0.95))})`,
  );

  // 2. the big band: build its template on first use, then clones against bare copies
  const t = performance.now();
  await timedSeedBand(big);
  console.log(`2. seedBand('${big}') cold (seed + publish the template): ${seconds(t).toFixed(1)} s`);
  const bigTemplate = (
    await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY oid DESC LIMIT 1", [
      `seedband_snap_${big}_%`,
    ])
  ).rows[0].datname;
  const clones = [];
  const bares = [];
  // Alternated A B B A …, so that neither side always follows the other's drop.
  for (let i = 0; i < 8; i++) {
    if (i % 2 === 0) {
      bares.push(await bare(bigTemplate));
      clones.push(await timedSeedBand(big));
    } else {
      clones.push(await timedSeedBand(big));
      bares.push(await bare(bigTemplate));
    }
  }
  const cloneP50 = quantile(clones, 0.5);
  const bareP50 = quantile(bares, 0.5);
  const reseed = cli("seed", big, "--fresh", "--json");
  console.log(
    `   seedBand('${big}') warm p50 ${cloneP50.toFixed(2)} s vs bare FILE_COPY p50 ${bareP50.toFixed(2)} s: ` +
      `overhead ${(cloneP50 / bareP50).toFixed(2)}x; re-seed (seedband seed ${big} --fresh) ${reseed.wall.toFixed(1)} s: ` +
      `clone is ${(reseed.wall / cloneP50).toFixed(0)}x faster`,
  );
  // 3. on disk: the cluster as `seedband seed` leaves it (the band database, no template copies)
  const { listOwnedDatabases, dropOwnedDatabase } = await import(join(root, "dist", "db", "index.js"));
  for (const d of await listOwnedDatabases(serverUrl)) {
    if (d.mark.kind === "snapshot") await dropOwnedDatabase(serverUrl, d.name);
  }
  await admin.end();
  const save = cli("snapshot", "save", big, "--physical", "--json");
  const physical = cli("snapshot", "restore", big, "--physical", "--json");
  const logical = cli("snapshot", "restore", big, "--fresh", "--json");
  console.log(
    `3. snapshot save ${big} --physical: ${save.wall.toFixed(1)} s; restore --physical ${physical.wall.toFixed(1)} s ` +
      `(${(reseed.wall / physical.wall).toFixed(1)}x faster than re-seeding); logical restore ${logical.wall.toFixed(1)} s ` +
      `(${(reseed.wall / logical.wall).toFixed(2)}x faster than re-seeding)`,
  );
} finally {
  useSeedbandContext(undefined);
  await run?.teardown().catch(() => {});
  spawnSync(process.execPath, [join(root, "bin", "seedband.js"), "db", "down"], { cwd: project });
  rmSync(project, { recursive: true, force: true });
}
