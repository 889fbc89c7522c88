// `seedband stats <band>`: the planner statistics the band would have after ANALYZE, computed
// from its plan and a deterministic sample of its generated rows (no server, nothing loaded).
// Written to --out (or stdout) for `seed --stats-as FILE` and `baseline … --stats-as FILE`.
import { renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { projectPaths } from "../config/index.js";
import { SeedbandError } from "../errors.js";
import { bandStats, prepareProjectBand, statsText } from "../pipeline/index.js";
import { intFlag, maxPositionals, type Parsed } from "./args.js";
import type { Io } from "./io.js";

export const STATS_FLAGS = { out: "string", seed: "string", preset: "string", schema: "string" } as const;

export async function statsCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband stats <band> [--out FILE]");
  const band = args.positionals[0];
  if (!band)
    throw new SeedbandError(
      "BAD_INPUT",
      "`seedband stats` needs a band, e.g. `seedband stats dev --out stats/dev.json`.",
    );
  const seed = intFlag(args.flags.seed, "seed", 1);
  const out = typeof args.flags.out === "string" ? resolve(process.cwd(), args.flags.out) : undefined;
  const json = args.flags.json === true;
  const paths = projectPaths();
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const prepared = await prepareProjectBand(
    paths,
    { preset: str(args.flags.preset), schema: str(args.flags.schema) },
    band,
    seed,
  );
  const started = performance.now();
  const file = bandStats(prepared);
  const seconds = (performance.now() - started) / 1000;
  const text = statsText(file);
  if (out) {
    writeFileSync(`${out}.tmp`, text);
    renameSync(`${out}.tmp`, out);
  }
  if (json || !out) io.stdout(text);
  if (!json) {
    const tables = Object.entries(file.tables);
    io.stderr(
      `seedband: planner statistics of band "${band}" (seed ${seed}) from ${tables.reduce((s, [, t]) => s + t.sampleRows, 0).toLocaleString("en-US")} sampled rows in ${seconds.toFixed(1)} s${out ? `, written to ${out}` : ""}\n`,
    );
    for (const [name, t] of tables)
      io.stderr(
        `  ${name}: ${t.reltuples.toLocaleString("en-US")} rows, ${t.relpages.toLocaleString("en-US")} pages, ${Object.keys(t.columns).length} columns (sample ${t.sampleRows.toLocaleString("en-US")} of ${t.generatedRows.toLocaleString("en-US")} generated)\n`,
      );
  }
  return 0;
}
