#!/usr/bin/env node
// `npm run e2e:privacy`: the privacy pipeline at the dev band (5M messages) with the default k = 10
// and a 30-day window: seed a production database from a known spec, plant personal data, sample,
// gate, calibrate, regenerate, verify; prints the recovered-vs-true table and exits 1 when a
// parameter is out of tolerance or a step did not do what it must.
//
//   npm run e2e:privacy                       (the embedded server, or DATABASE_URL)
//   E2E_BAND=ci E2E_WINDOW_DAYS=181 npm run e2e:privacy
//   E2E_EPSILON=1 npm run e2e:privacy         (Laplace noise on the sampler's counts)
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cli, formatTable, runPrivacyPipeline } from "./privacy-pipeline.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const sizes = process.env.E2E_BAND ?? "dev";
const k = Number(process.env.E2E_K ?? 10);
const windowDays = Number(process.env.E2E_WINDOW_DAYS ?? 30);
const epsilon = process.env.E2E_EPSILON ? Number(process.env.E2E_EPSILON) : undefined;
const server = process.env.DATABASE_URL || undefined;
const band = `privacy${sizes}`;

const preset = JSON.parse(readFileSync(join(root, "presets", "chat.json"), "utf8"));
preset.description =
  "The privacy e2e's production database: the chat preset's parameters (the truth calibration must recover).";
preset.bands = { [band]: preset.bands[sizes] };
const dir = mkdtempSync(join(tmpdir(), "sb-privacy-"));
const salt = randomBytes(24).toString("hex");
const started = performance.now();

const result = await runPrivacyPipeline({
  cwd: root,
  dir,
  preset,
  band,
  k,
  windowDays,
  epsilon,
  server,
  salt,
  log: (m) => console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${m}`),
});

const failures = [];
const metricsFindings = JSON.parse(result.metricsCheck.stdout);
if (result.metricsCheck.code !== 0)
  failures.push(`pii check of the metrics exited ${result.metricsCheck.code}`);
if (result.metricsText.includes(salt)) failures.push("the metrics contain the salt");
const dbFindings = JSON.parse(result.dbCheck.stdout);
const dbTypes = [...new Set(dbFindings.findings.map((f) => f.type))].sort();
if (result.dbCheck.code !== 1)
  failures.push(`pii check of the production database exited ${result.dbCheck.code}, expected 1`);
if (result.regeneratedCheck.code !== 0)
  failures.push(
    `pii check of the regenerated (synthetic) database exited ${result.regeneratedCheck.code}, expected 0`,
  );
if (result.verify.code !== 0)
  failures.push(`verify --distributions of the regenerated band exited ${result.verify.code}`);
for (const r of result.rows)
  if (r.pass === false) failures.push(`${r.parameter}: ${r.recovered} vs ${r.truth} ± ${r.tolerance}`);

console.log(
  `\nPrivacy pipeline, band sizes "${sizes}", k = ${k}, window ${windowDays} days${epsilon ? `, epsilon ${epsilon}` : ""} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
);
console.log(formatTable(result.rows));
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

if (process.env.E2E_KEEP !== "1")
  cli(["teardown", band, ...(server ? ["--database-url", server] : [])], { cwd: root });
if (failures.length > 0) {
  console.log(`\nFAILED:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("\nAll steps and tolerances passed.");
