#!/usr/bin/env node
// The pool of ready clones against cloning per call, in one run on one server, while a background
// writer keeps dirtying shared buffers (UPDATEs over a 200k-row table in its own database):
//   1. strategies: a bare `CREATE DATABASE … TEMPLATE <ci> STRATEGY FILE_COPY` against WAL_LOG and,
//      on the embedded server, FILE_COPY into the in-memory tablespace, alternating, from one session;
//   2. 4 worker threads × CALLS/4 calls, each call followed by ~100 ms of work on its database:
//        reference  bare `CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY` (what seedBand() did)
//        fresh      seedBand('ci', { fresh: true }) (no pool, the strategy chosen by size)
//        pool       seedBand('ci') claiming from the pool
//      p50/p95/max of the call itself; the pool's warm-up (before the first test, under the same
//      writer) and its refill throughput (clones/s against claims/s) printed apart;
//   3. with BENCH_DEV=1: the dev band, a pooled claim against a bare FILE_COPY clone (ratio).
//
//   npm run build && node bench/clone-pool.mjs       # the embedded PostgreSQL 18 (the plugin's default)
//   BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/postgres node bench/clone-pool.mjs   # any 15+
// BENCH_RAM=0 keeps the embedded server's clones on disk. Databases it makes are dropped at the end.
// The pool refills with FILE_COPY, 4 at once (the plugin's defaults for 4 workers); BENCH_POOL_STRATEGY,
// BENCH_POOL_CONCURRENCY, BENCH_POOL_SIZE try others; BENCH_REFERENCE=0 / BENCH_FRESH=0 skip those phases.
// BENCH_WORK_MS (default 100): the work each test does on its database between calls.
import { randomBytes } from "node:crypto";
import { chmodSync, cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = (p) => join(root, "dist", p);
const { startSeedbandRun } = await import(dist("vitest/index.js"));
const { connect, quoteIdent, databaseUrl, createOwnedDatabase, dropOwnedDatabase, removeOrphanedRamFolders } =
  await import(dist("db/index.js"));
const { ClonePool, dropRunDatabases } = await import(dist("snapshot/index.js"));

// The server: BENCH_PG_URL (any PostgreSQL 15+ seedband may create databases on), else the
// embedded PostgreSQL 18 of a temporary project — what the plugin uses when no URL is set, with
// the ci band's clones in memory (BENCH_RAM=0 keeps them on disk).
const givenUrl = process.env.BENCH_PG_URL;
let serverUrl = givenUrl;
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const WORKERS = 4;
const WORK_MS = Number(process.env.BENCH_WORK_MS ?? 100);

const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const summary = (xs) =>
  `p50 ${ms(quantile(xs, 0.5))}  p95 ${ms(quantile(xs, 0.95))}  max ${ms(Math.max(...xs))}  (n=${xs.length})`;

const project = realpathSync(mkdtempSync(join(tmpdir(), "sb-bench-pool-")));
chmodSync(project, 0o755);
writeFileSync(join(project, "package.json"), '{ "name": "sb-bench-pool", "private": true }\n');
cpSync(join(root, "prisma"), join(project, "prisma"), { recursive: true });

// One worker's calls: the clone (timed), ~100 ms of work on it, the drop.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { randomBytes } = require("node:crypto");
(async () => {
  const { dist, mode, calls, context, band, workMs } = workerData;
  const { seedBand } = await import(dist + "/index.js");
  const { useSeedbandContext } = await import(dist + "/vitest/index.js");
  const { connect, quoteIdent, databaseUrl } = await import(dist + "/db/index.js");
  useSeedbandContext(context);
  const template = context.templates[band + ":1"];
  const admin = mode === "reference" ? await connect(context.serverUrl) : null;
  const times = [];
  let fallbacks = 0;
  for (let i = 0; i < calls; i++) {
    let url, drop;
    const t = performance.now();
    if (mode === "reference") {
      const name = "seedband_bench_bare_" + randomBytes(5).toString("hex");
      await admin.query("CREATE DATABASE " + quoteIdent(name) + " TEMPLATE " + quoteIdent(template.name) + " STRATEGY FILE_COPY");
      url = databaseUrl(context.serverUrl, name);
      drop = () => admin.query("DROP DATABASE " + quoteIdent(name) + " WITH (FORCE)");
    } else {
      const db = await seedBand(band, mode === "fresh" ? { fresh: true } : {});
      if (mode === "pool" && !db.pooled) fallbacks++;
      url = db.url;
      drop = () => db.drop();
    }
    times.push((performance.now() - t) / 1000);
    const w = performance.now();
    const s = await connect(url);
    await s.query("SELECT count(*) FROM messages");
    await s.query("UPDATE users SET \\"displayName\\" = \\"displayName\\" || '!' WHERE id IN (SELECT id FROM users ORDER BY id LIMIT 50)");
    await s.end();
    const left = workMs - (performance.now() - w);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    await drop();
  }
  await admin?.end();
  parentPort.postMessage({ times, fallbacks });
})().catch((e) => { parentPort.postMessage({ error: String(e && e.stack || e) }); });
`;

function runWorkers(mode, context, band, totalCalls) {
  const perWorker = Math.ceil(totalCalls / WORKERS);
  const t = performance.now();
  return Promise.all(
    Array.from(
      { length: WORKERS },
      () =>
        new Promise((done, fail) => {
          const worker = new Worker(WORKER, {
            eval: true,
            workerData: { dist: join(root, "dist"), mode, calls: perWorker, context, band, workMs: WORK_MS },
          });
          worker.once("message", (m) => (m.error ? fail(new Error(m.error)) : done(m)));
          worker.once("error", fail);
        }),
    ),
  ).then((results) => ({
    wall: (performance.now() - t) / 1000,
    times: results.flatMap((r) => r.times),
    fallbacks: results.reduce((n, r) => n + r.fallbacks, 0),
  }));
}

/** A writer that keeps updating a 200k-row table (own database) until stopped. */
async function startWriter(owner) {
  const name = `seedband_bench_writer_${randomBytes(4).toString("hex")}`;
  const now = new Date().toISOString();
  await createOwnedDatabase(serverUrl, name, {
    v: 1,
    kind: "clone",
    status: "complete",
    owner,
    createdAt: now,
  });
  const s = await connect(databaseUrl(serverUrl, name));
  await s.query("CREATE TABLE busy (id int PRIMARY KEY, v int NOT NULL, pad text NOT NULL)");
  await s.query("INSERT INTO busy SELECT g, 0, repeat('x', 200) FROM generate_series(1, 200000) g");
  let stop = false;
  let updates = 0;
  const loop = (async () => {
    for (let k = 0; !stop; k = (k + 1) % 10) {
      await s.query("UPDATE busy SET v = v + 1 WHERE id % 10 = $1", [k]);
      updates++;
    }
  })();
  return {
    updates: () => updates,
    stop: async () => {
      stop = true;
      await loop.catch(() => {});
      await s.end();
      await dropOwnedDatabase(serverUrl, name);
    },
  };
}

async function strategies(url, template, rounds, label, tablespace) {
  const admin = await connect(url);
  const variants = {
    FILE_COPY: "STRATEGY FILE_COPY",
    WAL_LOG: "STRATEGY WAL_LOG",
    ...(tablespace
      ? { "FILE_COPY, in memory": `STRATEGY FILE_COPY TABLESPACE ${quoteIdent(tablespace)}` }
      : {}),
  };
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const drops = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  try {
    for (let i = 0; i < rounds; i++) {
      const order = Object.keys(variants);
      if (i % 2) order.reverse();
      for (const variant of order) {
        const name = `seedband_bench_s_${randomBytes(5).toString("hex")}`;
        const t = performance.now();
        await admin.query(
          `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)} ${variants[variant]}`,
        );
        times[variant].push((performance.now() - t) / 1000);
        const d = performance.now();
        await admin.query(`DROP DATABASE ${quoteIdent(name)}`);
        drops[variant].push((performance.now() - d) / 1000);
      }
    }
    const { rows } = await admin.query("SELECT pg_database_size($1)::bigint AS b, version() AS v", [
      template,
    ]);
    console.log(
      `\n${label}: ${rows[0].v.split(" ").slice(0, 2).join(" ")}, template ${(Number(rows[0].b) / 2 ** 20).toFixed(0)} MB`,
    );
  } finally {
    await admin.end();
  }
  for (const variant of Object.keys(variants)) {
    console.log(
      `  ${variant.padEnd(20)} create ${summary(times[variant])}; its drop p50 ${ms(quantile(drops[variant], 0.5))}`,
    );
  }
  for (const variant of Object.keys(variants).slice(1)) {
    console.log(
      `  ${variant} / FILE_COPY (create p50): ${(quantile(times[variant], 0.5) / quantile(times.FILE_COPY, 0.5)).toFixed(2)}`,
    );
  }
}

let run;
let writer;
const pools = [];
try {
  const bands = process.env.BENCH_DEV === "1" ? ["ci", "dev"] : ["ci"];
  run = await startSeedbandRun(
    { provide() {}, config: { maxWorkers: WORKERS } },
    {
      ...(givenUrl ? { provider: "url", databaseUrl: givenUrl } : { provider: "embedded" }),
      root: project,
      bands,
      pool: false,
      ...(process.env.BENCH_RAM === "0" ? { ramClones: false } : {}),
    },
    (m) => process.stderr.write(`  (${m})\n`),
  );
  serverUrl = run.server.url;
  const ci = run.context.templates["ci:1"];
  console.log(
    `server ${run.server.kind} ${serverUrl.replace(/\/\/[^@]*@/, "//")}, ci template ${ci.name}, chosen strategy ${ci.strategy}, clones ${ci.tablespace ? `in tablespace ${ci.tablespace} (memory)` : "in the data directory"}`,
  );
  writer = await startWriter(run.context.owner);
  await new Promise((r) => setTimeout(r, 2000)); // let it dirty the buffers

  await strategies(serverUrl, ci.name, 10, "1. strategies under the writer", ci.tablespace);

  console.log(`\n2. ci band, ${CALLS} calls from ${WORKERS} worker threads, ~${WORK_MS} ms of work per call`);
  const reference =
    process.env.BENCH_REFERENCE === "0" ? null : await runWorkers("reference", run.context, "ci", CALLS);
  if (reference)
    console.log(
      `  reference  bare CREATE DATABASE … STRATEGY FILE_COPY  ${summary(reference.times)}, wall ${reference.wall.toFixed(1)} s`,
    );
  if (process.env.BENCH_FRESH !== "0") {
    const freshContext = { ...run.context, templates: { "ci:1": { ...ci, pooled: false } } };
    const fresh = await runWorkers("fresh", freshContext, "ci", CALLS);
    console.log(
      `  fresh      seedBand('ci', { fresh: true }) (${ci.strategy})  ${summary(fresh.times)}, wall ${fresh.wall.toFixed(1)} s`,
    );
  }

  // BENCH_POOL_SIZE, BENCH_POOL_CONCURRENCY, BENCH_POOL_STRATEGY: other settings than the plugin's defaults.
  const size = Number(process.env.BENCH_POOL_SIZE ?? 2 * WORKERS);
  const concurrency = Number(process.env.BENCH_POOL_CONCURRENCY ?? Math.min(4, Math.max(2, WORKERS)));
  const poolTemplate = { ...ci, strategy: process.env.BENCH_POOL_STRATEGY ?? "FILE_COPY" };
  console.log(`  pool of ${size}, ${concurrency} at once, ${poolTemplate.strategy}`);
  const pool = new ClonePool({
    serverUrl,
    owner: run.context.owner,
    templates: [poolTemplate],
    size,
    concurrency,
    warm: WORKERS,
    onEvent: (m) => process.stderr.write(`  (${m})\n`),
  });
  pools.push(pool);
  const warm = await pool.start();
  console.log(
    `  pool warm-up (one clone per worker before the first test; filling to ${size}, concurrency ${concurrency}): ${warm.warmUpSeconds.toFixed(2)} s`,
  );
  const created0 = pool.stats.created;
  const t = performance.now();
  const pooled = await runWorkers(
    "pool",
    { ...run.context, templates: { "ci:1": { ...poolTemplate, pooled: true } } },
    "ci",
    CALLS,
  );
  const wall = (performance.now() - t) / 1000;
  const refilled = pool.stats.created - created0;
  console.log(`  pool       seedBand('ci') claims  ${summary(pooled.times)}`);
  console.log(
    `  pool: ${pooled.times.length} claims in ${wall.toFixed(1)} s (${(pooled.times.length / wall).toFixed(1)} claims/s); ` +
      `refilled ${refilled} clones (${(refilled / wall).toFixed(1)} clones/s, ${ms(pool.stats.createSeconds / Math.max(1, pool.stats.created))} per clone); ` +
      `dropped ${pool.stats.dropped} used clones in the background; ` +
      `${pooled.fallbacks} claim(s) found the pool empty and cloned`,
  );
  if (reference)
    console.log(
      `  pool p50 / reference p50: ${(quantile(pooled.times, 0.5) / quantile(reference.times, 0.5)).toFixed(3)}; ` +
        `p95 / p95: ${(quantile(pooled.times, 0.95) / quantile(reference.times, 0.95)).toFixed(3)}`,
    );
  console.log(`  writer: ${writer.updates()} UPDATEs of 20k rows meanwhile`);
  await pool.stop();

  if (process.env.BENCH_DEV === "1") {
    const dev = run.context.templates["dev:1"];
    console.log(`\n3. dev band (${dev.name}, chosen strategy ${dev.strategy})`);
    const devPool = new ClonePool({
      serverUrl,
      owner: run.context.owner,
      templates: [dev],
      size: 2,
      concurrency: 1,
    });
    pools.push(devPool);
    const w = await devPool.start();
    console.log(`  pool warm-up (2 clones): ${w.warmUpSeconds.toFixed(2)} s`);
    const devContext = { ...run.context, templates: { "dev:1": { ...dev, pooled: true } } };
    const ref = await runWorkers("reference", devContext, "dev", 8);
    const claimed = await runWorkers("pool", devContext, "dev", 8);
    console.log(`  reference  bare FILE_COPY  ${summary(ref.times)}`);
    console.log(
      `  pool       seedBand('dev') ${summary(claimed.times)} (${claimed.fallbacks} found the pool empty)`,
    );
    console.log(
      `  claimed p50 / bare p50: ${(quantile(claimed.times, 0.5) / quantile(ref.times, 0.5)).toFixed(3)}`,
    );
    await devPool.stop();
  }
} finally {
  for (const p of pools) await p.stop().catch(() => {});
  await writer?.stop().catch((e) => console.error(`writer: ${e.message}`));
  if (run) {
    await dropRunDatabases(serverUrl, run.context.owner.runId).catch(() => {});
    await run.teardown();
  }
}

rmSync(project, { recursive: true, force: true });
removeOrphanedRamFolders(); // the temporary project's in-memory tablespace folder
