#!/usr/bin/env node
// The figure of issue 18: `seedband report --band dev` after `seedband seed dev` builds its page in
// under 5 s on the 2-core machine. Seeds the dev band (or reuses its complete database), then
// times the report end to end as a user runs it (a child process: start, aggregate queries on
// two sessions, ECharts, the page written), BENCH_RUNS times, and prints each wall time and the
// median, beside the CLI's bare start (`seedband --version`) for scale. Plain figures, not a
// gate: they are as noisy as the machine is busy.
//
//   npm run bench:report                  (uses postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_URL=… BENCH_BAND=ci BENCH_RUNS=5 npm run bench:report
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "seedband.js");
const server = process.env.BENCH_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const band = process.env.BENCH_BAND ?? "dev";
const runs = Number(process.env.BENCH_RUNS ?? 3);
const out = mkdtempSync(join(tmpdir(), "sb-bench-report-"));

function timed(args) {
  const t = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  const seconds = (performance.now() - t) / 1000;
  if (run.status !== 0 && args[0] !== "report") {
    throw new Error(`seedband ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  }
  return { seconds, run };
}

try {
  const seeded = timed(["seed", band, "--database-url", server]);
  console.log(`seedband seed ${band}: ${seeded.seconds.toFixed(1)} s (a complete database is reused)`);
  const start = timed(["--version"]).seconds;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const file = join(out, `report-${i}.html`);
    const { seconds, run } = timed(["report", "--band", band, "--out", file, "--database-url", server]);
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`seedband report exited ${run.status}:\n${run.stderr}`);
    times.push(seconds);
    console.log(
      `  run ${i + 1}: ${seconds.toFixed(2)} s (${(statSync(file).size / 1024).toFixed(0)} KiB page)`,
    );
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `seedband report --band ${band}: median ${median.toFixed(2)} s of ${runs} runs (target: under 5 s for dev); the CLI's bare start: ${start.toFixed(2)} s`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
