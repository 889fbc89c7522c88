#!/usr/bin/env node
// `npm run e2e:privacy`: the privacy pipeline at the dev band with the default k = 10, on two
// schemas: the chat reference (5M messages, a 30-day window, calibrated with the chat preset as its
// template) and the issue tracker of test/fixtures/schemas/issue-tracker (40k workspaces, ~2M rows,
// the whole 181-day window, calibrated from the generic preset: every family chosen by fit). Each:
// seed a production database from a known spec, plant personal data, sample, gate, calibrate,
// regenerate, verify; prints the recovered-vs-true table and exits 1 when a gated parameter is out
// of tolerance or a step did not do what it must.
//
//   npm run e2e:privacy                       (the embedded server, or DATABASE_URL)
//   E2E_SCHEMA=tracker npm run e2e:privacy    (chat, tracker or both: the default)
//   E2E_BAND=ci E2E_WINDOW_DAYS=181 npm run e2e:privacy
//   E2E_EPSILON=1 npm run e2e:privacy         (Laplace noise on the sampler's counts)
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cli, formatTable, runPrivacyPipeline } from "./privacy-pipeline.mjs";
import { runTrackerPipeline, TRACKER_SCHEMA, trackerTruth } from "./privacy-tracker.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const sizes = process.env.E2E_BAND ?? "dev";
const schemas =
  (process.env.E2E_SCHEMA ?? "both") === "both" ? ["chat", "tracker"] : [process.env.E2E_SCHEMA];
const k = Number(process.env.E2E_K ?? 10);
const epsilon = process.env.E2E_EPSILON ? Number(process.env.E2E_EPSILON) : undefined;
const band = `privacy${sizes}`;
const started = performance.now();
const log = (m) => console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${m}`);

// One server for both schemas: DATABASE_URL, else the project's embedded server (started here
// when it was not running, and stopped again at the end).
let server = process.env.DATABASE_URL || undefined;
let stopEmbedded = false;
if (!server) {
  const status = JSON.parse(cli(["db", "status", "--json"], { cwd: root }).stdout);
  stopEmbedded = !status.embedded.running;
  server = JSON.parse(cli(["db", "up", "--json"], { cwd: root }).stdout).url;
}

const failures = [];
const temporary = [];
try {
  for (const schema of schemas) {
    const dir = mkdtempSync(join(tmpdir(), "sb-privacy-"));
    temporary.push(dir);
    const salt = randomBytes(24).toString("hex");
    const t0 = performance.now();
    let result;
    let cwd = root;
    let windowDays;
    const common = { dir, band, k, epsilon, server, salt, log };
    if (schema === "chat") {
      windowDays = Number(process.env.E2E_WINDOW_DAYS ?? 30);
      const preset = JSON.parse(readFileSync(join(root, "presets", "chat.json"), "utf8"));
      preset.description =
        "The privacy e2e's production database: the chat preset's parameters (the truth calibration must recover).";
      preset.bands = { [band]: preset.bands[sizes] };
      result = await runPrivacyPipeline({ ...common, cwd, preset, windowDays });
    } else if (schema === "tracker") {
      // A project of its own whose schema is the tracker's; the whole window, as its spec spans it.
      windowDays = Number(process.env.E2E_WINDOW_DAYS ?? 181);
      cwd = mkdtempSync(join(tmpdir(), "sb-privacy-tracker-"));
      temporary.push(cwd);
      writeFileSync(join(cwd, "package.json"), `${JSON.stringify({ name: "tracker", private: true })}\n`);
      mkdirSync(join(cwd, "prisma"));
      copyFileSync(TRACKER_SCHEMA, join(cwd, "prisma", "schema.prisma"));
      const preset = trackerTruth(sizes, band);
      result = await runTrackerPipeline({ ...common, cwd, preset, windowDays });
    } else throw new Error(`E2E_SCHEMA=${schema}: use chat, tracker or both.`);
    report(schema, result, salt, windowDays, (performance.now() - t0) / 1000);
    if (process.env.E2E_KEEP !== "1")
      for (const b of new Set([band, schema === "chat" ? band : `${band}s`]))
        cli(["teardown", b, "--database-url", server], { cwd });
  }
} finally {
  if (stopEmbedded) cli(["db", "down"], { cwd: root });
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}

function report(schema, result, salt, windowDays, seconds) {
  const fail = (m) => failures.push(`${schema}: ${m}`);
  const metricsFindings = JSON.parse(result.metricsCheck.stdout);
  if (result.metricsCheck.code !== 0) fail(`pii check of the metrics exited ${result.metricsCheck.code}`);
  if (result.metricsText.includes(salt)) fail("the metrics contain the salt");
  const dbFindings = JSON.parse(result.dbCheck.stdout);
  const dbTypes = [...new Set(dbFindings.findings.map((f) => f.type))].sort();
  if (result.dbCheck.code !== 1)
    fail(`pii check of the production database exited ${result.dbCheck.code}, expected 1`);
  if (result.regeneratedCheck.code !== 0)
    fail(
      `pii check of the regenerated (synthetic) database exited ${result.regeneratedCheck.code}, expected 0`,
    );
  if (result.verify.code !== 0)
    fail(`verify --distributions of the regenerated band exited ${result.verify.code}`);
  for (const r of result.rows)
    if (r.gated && r.pass === false) fail(`${r.parameter}: ${r.recovered} vs ${r.truth} ± ${r.tolerance}`);

  console.log(
    `\nPrivacy pipeline, ${schema}, band sizes "${sizes}", k = ${k}, window ${windowDays} days${epsilon ? `, epsilon ${epsilon}` : ""} (${seconds.toFixed(0)} s)\n`,
  );
  console.log(formatTable(result.rows));
  if (result.rows.some((r) => r.uncertainty !== null))
    console.log(
      "\nsampling: what sampling alone leaves at this size (3 standard errors; for an L1, twice its expected value); a row whose tolerance is below it is reported, not gated.",
    );
  console.log(
    `\npii check of metrics.json: exit ${result.metricsCheck.code}, ${metricsFindings.findings.length} findings; salt in file: ${result.metricsText.includes(salt)}`,
  );
  console.log(
    `pii check of the production database: exit ${result.dbCheck.code}, ${dbFindings.findings.length} findings in ${dbFindings.scanned.values} values of ${dbFindings.scanned.columns} columns; types: ${dbTypes.join(", ")}`,
  );
  const regeneratedScan = JSON.parse(result.regeneratedCheck.stdout);
  console.log(
    `pii check of the regenerated database: exit ${result.regeneratedCheck.code}, ${regeneratedScan.findings.length} findings in ${regeneratedScan.scanned.values} values`,
  );
  console.log(
    `metrics: ${result.metrics.privacy.suppressedBuckets} buckets suppressed; ${result.metricsText.length} bytes`,
  );
  const verify = JSON.parse(result.verify.stdout);
  console.log(`verify --distributions of the regenerated band: exit ${result.verify.code}`);
  for (const d of verify.distributions ?? [])
    console.log(
      `  ${d.pass ? "ok  " : "FAIL"} ${d.check}: ${d.measured} (expected ${d.expected} ± ${d.tolerance})`,
    );
}

if (failures.length > 0) {
  console.log(`\nFAILED:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("\nAll steps and gated tolerances passed.");
