#!/usr/bin/env node
// Validates injected planner statistics where both sides can be measured: the small band (ci)
// with the big band's (dev) statistics injected by `seed --stats-as`, against the big band
// really seeded and ANALYZEd. For every case of a query catalog (representative parameters
// chosen on the big band, the same arguments on both sides) it plans with EXPLAIN (no ANALYZE)
// and compares the plan shape's fingerprint and the top node's estimated rows.
//
//   node bench/stats-validate.mjs                      # chat: queries/ (SQL and Prisma)
//   node bench/stats-validate.mjs --schema test/fixtures/schemas/issue-tracker/schema.prisma \
//        --queries bench/stats-validate/issue-tracker
//
// Options: --small ci --big dev --database-url URL (a PostgreSQL 18 whose files are on this
// machine; default: the embedded server). Gates (issue 17): shapes equal in >= 90% of cases, top
// rows within 2x in >= 90%. Prints every mismatch.
// --reanalyze N: then ANALYZE the big band N more times and compare again after each: ANALYZE
// reads a random sample, so one ANALYZE of the big band is one draw; this says per case how often
// the injected plan matches a fresh ANALYZE's (and the rates over all N × cases).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const { connect } = await import(join(root, "dist/db/index.js"));
const { explain, loadCatalog, planCases, planShape, renderShape, shapeFingerprint } = await import(
  join(root, "dist/explain/index.js")
);

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const small = flag("small", "ci");
const reanalyze = Number(flag("reanalyze", "0"));
const big = flag("big", "dev");
const schema = flag("schema");
const queriesDir = resolve(flag("queries", join(root, "queries")));
const common = [
  ...(schema ? ["--schema", schema] : []),
  ...(flag("database-url") ? ["--database-url", flag("database-url")] : []),
];
const cli = (...a) => {
  const started = performance.now();
  const out = execFileSync(process.execPath, [join(root, "bin/seedband.js"), ...a, ...common], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 256 * 1024 * 1024,
  });
  return { out, seconds: (performance.now() - started) / 1000 };
};

const work = mkdtempSync(join(tmpdir(), "seedband-stats-validate-"));
try {
  const bigSeed = cli("seed", big, "--json");
  const bigRecord = JSON.parse(bigSeed.out);
  const statsFile = join(work, `${big}.json`);
  const stats = cli("stats", big, "--out", statsFile);
  const smallSeed = cli("seed", small, "--stats-as", statsFile, "--json");
  const smallRecord = JSON.parse(smallSeed.out);
  console.log(
    `seed ${big}: ${bigSeed.seconds.toFixed(1)} s${bigRecord.reused ? " (reused)" : ""}; stats ${big}: ${stats.seconds.toFixed(1)} s; seed ${small} --stats-as ${big}: ${smallSeed.seconds.toFixed(1)} s${smallRecord.reused ? " (database reused, statistics injected)" : ""}`,
  );
  const queries = await loadCatalog(queriesDir, root);
  const bigSession = await connect(bigRecord.database.url);
  // The big band in its steady state: auto-vacuum sets the visibility map of an insert-only table
  // some time after the load (relallvisible 0 → relpages), which flips index-only scans. The
  // injected statistics carry that steady state (relallvisible = relpages), so compare with it.
  await bigSession.query("VACUUM");
  const smallSession = await connect(smallRecord.database.url);
  const rows = [];
  const cases = [];
  const reanalyzed = [];
  try {
    for (const query of queries) {
      for (const c of await planCases(bigSession, bigRecord.database.url, query)) {
        cases.push(c);
        const real = (await explain(bigSession, c, false)).Plan;
        const injected = (await explain(smallSession, c, false)).Plan;
        const realShape = planShape(real);
        const injectedShape = planShape(injected);
        const ratio = Math.max(injected["Plan Rows"], 1) / Math.max(real["Plan Rows"], 1);
        rows.push({
          case: `${c.query} [${c.key}]`,
          args: c.args,
          shape: shapeFingerprint(realShape) === shapeFingerprint(injectedShape),
          realRows: real["Plan Rows"],
          injectedRows: injected["Plan Rows"],
          ratio,
          rowsOk: ratio <= 2 && ratio >= 0.5,
          realPlan: renderShape(realShape),
          injectedPlan: renderShape(injectedShape),
          realCost: real["Total Cost"],
          injectedCost: injected["Total Cost"],
        });
      }
    }
    if (reanalyze > 0) {
      const tally = new Map(
        rows.map((r) => [r.case, { shape: 0, rows: 0, low: Infinity, high: 0, ours: r.injectedRows }]),
      );
      for (let run = 0; run < reanalyze; run++) {
        await bigSession.query("ANALYZE");
        for (const c of cases) {
          const real = (await explain(bigSession, c, false)).Plan;
          const injected = (await explain(smallSession, c, false)).Plan;
          const t = tally.get(`${c.query} [${c.key}]`);
          if (shapeFingerprint(planShape(real)) === shapeFingerprint(planShape(injected))) t.shape++;
          const ratio = Math.max(injected["Plan Rows"], 1) / Math.max(real["Plan Rows"], 1);
          if (ratio <= 2 && ratio >= 0.5) t.rows++;
          t.low = Math.min(t.low, real["Plan Rows"]);
          t.high = Math.max(t.high, real["Plan Rows"]);
        }
      }
      reanalyzed.push(`\nover ${reanalyze} fresh ANALYZEs of ${big} (each a new random sample):`);
      let shapes = 0;
      let within = 0;
      for (const [name, t] of tally) {
        shapes += t.shape;
        within += t.rows;
        reanalyzed.push(
          `  ${name.padEnd(40)} shape same ${t.shape}/${reanalyze}, rows within 2x ${t.rows}/${reanalyze} (${big} ${t.low}–${t.high}, injected ${t.ours})`,
        );
      }
      const all = reanalyze * tally.size;
      reanalyzed.push(
        `  all: shapes equal ${shapes}/${all} (${((100 * shapes) / all).toFixed(0)}%), rows within 2x ${within}/${all} (${((100 * within) / all).toFixed(0)}%)`,
      );
    }
  } finally {
    await bigSession.end();
    await smallSession.end();
  }
  const pad = (s, n) => String(s).padEnd(n);
  const width = Math.max(4, ...rows.map((r) => r.case.length));
  console.log(
    `\n${pad("case", width)}  shape  rows ${big}  rows ${small}+stats  ratio  cost ${big}  cost ${small}+stats`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.case, width)}  ${pad(r.shape ? "same" : "DIFF", 5)}  ${pad(r.realRows, 8)}  ${pad(r.injectedRows, 14)}  ${pad(r.ratio.toFixed(2), 5)}${r.rowsOk ? " " : "!"}  ${pad(r.realCost, 9)}  ${r.injectedCost}`,
    );
  }
  const shapes = rows.filter((r) => r.shape).length;
  const within = rows.filter((r) => r.rowsOk).length;
  const pct = (n) => `${((100 * n) / Math.max(1, rows.length)).toFixed(0)}%`;
  console.log(
    `\nshapes equal: ${shapes}/${rows.length} (${pct(shapes)}, gate 90%); top rows within 2x: ${within}/${rows.length} (${pct(within)}, gate 90%)`,
  );
  for (const r of rows.filter((x) => !x.shape || !x.rowsOk)) {
    console.log(
      `\nmismatch ${r.case} (arguments ${JSON.stringify(r.args)}): rows ${r.realRows} (${big}) vs ${r.injectedRows} (${small} + ${big} statistics)`,
    );
    if (!r.shape) {
      console.log(`  ${big}:`);
      for (const l of r.realPlan) console.log(`    ${l}`);
      console.log(`  ${small} + ${big} statistics:`);
      for (const l of r.injectedPlan) console.log(`    ${l}`);
    }
  }
  for (const line of reanalyzed) console.log(line);
} finally {
  rmSync(work, { recursive: true, force: true });
}
