// `seedband baseline capture|check|compare`: EXPLAIN baselines of the project's query catalog.
// Which database: a --database-url that names a database is used as it is; otherwise the band's
// database of this project as `seedband seed <band> [--seed N] [--to-migration NAME]` would build
// it (same fingerprint), on --database-url / DATABASE_URL / the embedded server.
import { join, resolve } from "node:path";
import { projectPaths } from "../config/index.js";
import {
  connect,
  databaseUrl,
  inspectDatabase,
  listOwnedDatabases,
  MAINTENANCE_DATABASES,
  type OwnerMark,
  redactUrl,
} from "../db/index.js";
import { SeedbandError } from "../errors.js";
import {
  type BaselineCheck,
  type BaselineDocument,
  baselineDocuments,
  type CaseCapture,
  type CaseVerdict,
  captureCatalog,
  checkBaselines,
  compareBaselines,
  comparisonTable,
  DEFAULT_RUNS,
  DEFAULT_WARMUP,
  failedAssertions,
  loadCatalog,
  mismatchMessage,
  readBaselines,
  resolveBaselineDir,
  type StatisticsLabel,
  serverFacts,
  unstableCases,
  writeBaselines,
} from "../explain/index.js";
import { applyStatsAs, prepareProjectBand, resolveStatsAs, type StatsAsSource } from "../pipeline/index.js";
import { intFlag, type Parsed } from "./args.js";
import type { Io } from "./io.js";
import { configuredUrl, resolveServer } from "./server.js";

export const BASELINE_FLAGS = {
  band: "string",
  seed: "string",
  "to-migration": "string",
  preset: "string",
  schema: "string",
  dir: "string",
  queries: "string",
  runs: "string",
  warmup: "string",
  "stability-runs": "string",
  "stats-as": "string",
} as const;

interface Target {
  url: string;
  name: string;
  band: string;
  mark: OwnerMark | null;
}

export async function baselineCommand(args: Parsed, io: Io): Promise<number> {
  const [action, ...rest] = args.positionals;
  const sub = { ...args, positionals: rest };
  if (action === "capture" || action === "check") {
    if (rest.length > 0)
      bad(
        `\`seedband baseline ${action}\` takes no arguments (got ${rest.join(" ")}); name the band with --band.`,
      );
    return action === "capture" ? capture(sub, io) : check(sub, io);
  }
  if (action === "compare") return compare(sub, io);
  return bad(
    `\`seedband baseline\` takes capture, check or compare${action ? `, not "${action}"` : ""}. See \`seedband baseline --help\`.`,
  );
}

async function capture(args: Parsed, io: Io): Promise<number> {
  const json = args.flags.json === true;
  const say = (line: string) => io.stderr(`${line}\n`);
  const paths = projectPaths();
  const options = measureOptions(args);
  const stabilityRuns = intFlag(args.flags["stability-runs"], "stability-runs", 0);
  if (stabilityRuns < 0 || stabilityRuns > 50)
    bad(`--stability-runs must be between 0 and 50 (got ${stabilityRuns}).`);
  const queries = await loadCatalog(queriesDir(args, paths.root), paths.root);
  const target = await resolveTarget(args, paths, undefined);
  if (stabilityRuns > 0 && target.mark === null) {
    throw new SeedbandError(
      "NOT_OURS",
      `--stability-runs runs ANALYZE, which rewrites the statistics of "${target.name}", a database seedband did not create; it was left untouched. Run the stability check on a seedband database (omit the database from --database-url), or capture without --stability-runs.`,
    );
  }
  const statsAsFlag = str(args.flags["stats-as"]);
  const injected = await injectStatsAs(
    target,
    statsAsFlag === undefined ? undefined : await statsSource(args, paths, statsAsFlag),
  );
  if (injected && stabilityRuns > 0)
    bad(
      "--stability-runs runs ANALYZE, which would replace the injected statistics of --stats-as: capture with one or the other.",
    );
  const outDir = join(baseDir(args, paths.root), folderOf(target.band, injected));
  if (!json && injected)
    say(
      `seedband: statistics of band "${injected.band}" injected into ${target.name}: capturing plan shapes and estimates (EXPLAIN without ANALYZE), no timings or buffers`,
    );
  if (!json)
    say(
      `seedband: capturing ${queries.length} queries on ${target.name} (band ${target.band}): ${injected ? "one EXPLAIN (no ANALYZE) each" : `${options.warmup} warm-up + ${options.runs} runs each`}${stabilityRuns ? `, ${stabilityRuns} stability runs` : ""}`,
    );
  const session = await connect(target.url);
  let captures: CaseCapture[];
  let facts: Awaited<ReturnType<typeof serverFacts>>;
  try {
    facts = await serverFacts(session);
    const onQuery = (_query: string, cases: CaseCapture[]) => {
      for (const c of cases) say(`  ${caseLine(c)}`);
    };
    captures = await captureCatalog(session, target.url, queries, {
      ...options,
      ...(injected ? { estimatesOnly: true } : {}),
      stabilityRuns,
      onQuery: json ? undefined : onQuery,
    });
  } finally {
    await session.end();
  }
  const docs = baselineDocuments(captures, {
    band: target.band,
    bandFingerprint: target.mark?.fingerprint ?? null,
    server: facts,
    descriptions: Object.fromEntries(queries.map((q) => [q.name, q.description])),
    ...(injected ? { statistics: injected } : {}),
  });
  const files = writeBaselines(outDir, docs);
  const result = { target, facts, outDir, files, docs, stabilityRuns };
  if (json) io.stdout(`${JSON.stringify(captureJson(result), null, 2)}\n`);
  else printCapture(result, say);
  return 0;
}

interface CaptureResult {
  target: Target;
  facts: { major: number };
  outDir: string;
  files: string[];
  docs: BaselineDocument[];
  stabilityRuns: number;
}

function captureJson({ target, facts, outDir, files, docs }: CaptureResult) {
  return {
    status: "ok",
    band: target.band,
    database: target.name,
    server: { major: facts.major },
    dir: outDir,
    files,
    queries: docs.map((d) => ({
      query: d.query,
      cases: Object.entries(d.cases).map(([key, c]) => ({
        key,
        fingerprint: c.fingerprint,
        buffers: c.buffers,
        medianMs: c.timeMs.median,
        noiseMs: c.timeMs.noise,
        stable: c.stability ? c.stability.stable : null,
        assertions: c.assertions,
      })),
    })),
    unstable: unstableCases(docs),
    assertionsFailed: failedAssertions(docs),
  };
}

function printCapture(
  { facts, outDir, files, docs, stabilityRuns }: CaptureResult,
  say: (line: string) => void,
) {
  const unstable = unstableCases(docs);
  for (const u of unstable) {
    say(
      `  UNSTABLE ${u.query} [${u.key}]: ${u.fingerprints.length} plan shapes across ${stabilityRuns} re-ANALYZEs (${u.fingerprints.join(", ")}); all are recorded, the check accepts any of them. Alternatives:`,
    );
    for (const [fp, plan] of Object.entries(u.plans))
      say(`    ${fp}:\n${plan.map((l) => `      ${l}`).join("\n")}`);
  }
  for (const a of failedAssertions(docs))
    say(`  note: ${a.query} [${a.key}] assertion ${a.assert} does not hold: ${a.detail}`);
  say(
    `seedband: wrote ${files.length} baseline file(s) to ${outDir} (PostgreSQL ${facts.major})${unstable.length ? `; ${unstable.length} unstable case(s), see above` : ""}`,
  );
}

async function check(args: Parsed, io: Io): Promise<number> {
  const json = args.flags.json === true;
  const say = (line: string) => io.stderr(`${line}\n`);
  const paths = projectPaths();
  const measuring = measureOptions(args);
  const band = str(args.flags.band);
  const statsAsFlag = str(args.flags["stats-as"]);
  const source = statsAsFlag === undefined ? undefined : await statsSource(args, paths, statsAsFlag);
  const folderHint = band && source ? `${band}-as-${source.file.band}` : band;
  const baselineDir = resolveBaselineDir(baseDir(args, paths.root), folderHint);
  const docs = readBaselines(baselineDir);
  const labelled = docs.find((d) => d.statistics)?.statistics;
  if (labelled && !statsAsFlag)
    bad(
      `The baselines in ${baselineDir} are estimates under band "${labelled.band}"'s injected statistics: check them with --stats-as ${labelled.band} (or the statistics file they were captured with).`,
    );
  if (!labelled && statsAsFlag)
    bad(
      `The baselines in ${baselineDir} were measured on the band's own statistics, not captured with --stats-as: check them without it, or capture estimates first (\`seedband baseline capture --band <band> --stats-as ${statsAsFlag}\`).`,
    );
  const queries = await loadCatalog(queriesDir(args, paths.root), paths.root);
  const target = await resolveTarget(args, paths, band ?? docs[0]!.band);
  const injected = await injectStatsAs(target, source);
  if (injected && labelled && injected.bandFingerprint !== labelled.bandFingerprint)
    say(
      `  note: the injected statistics (band "${injected.band}", fingerprint ${injected.bandFingerprint.slice(0, 12)}) are not the ones the baselines were captured under (band "${labelled.band}", ${labelled.bandFingerprint.slice(0, 12)}): estimates may differ for that reason`,
    );
  const session = await connect(target.url);
  let result: BaselineCheck;
  try {
    const options = {
      ...measuring,
      dataFingerprint: target.mark?.fingerprint ?? null,
      ...(injected ? { estimatesOnly: true } : {}),
    };
    result = await checkBaselines(session, target.url, docs, queries, options);
  } finally {
    await session.end();
  }
  if (result.mismatches.length > 0) {
    if (json)
      io.stdout(
        `${JSON.stringify({ status: "version-mismatch", band: target.band, database: target.name, messages: result.mismatches }, null, 2)}\n`,
      );
    else {
      const captured = [...new Set(docs.map((d) => d.server.major))].filter((m) => m !== result.serverMajor);
      for (const m of captured)
        say(`seedband: ${mismatchMessage(`The baselines in ${baselineDir} were`, m, result.serverMajor)}`);
    }
    return 2;
  }
  const { verdicts, failed, notes } = result;
  if (json) {
    io.stdout(
      `${JSON.stringify({ status: failed.length ? "failed" : "ok", band: target.band, database: target.name, dir: baselineDir, cases: verdicts, notes }, null, 2)}\n`,
    );
  } else {
    printVerdicts(verdicts, notes, say);
    say(
      failed.length
        ? `seedband: baseline check FAILED: ${failed.length} of ${verdicts.length} case(s) (${target.name}, baselines ${baselineDir})`
        : `seedband: baseline check ok: ${verdicts.length} case(s) match their baselines (${target.name})`,
    );
  }
  return failed.length ? 1 : 0;
}

function printVerdicts(verdicts: CaseVerdict[], notes: string[], say: (line: string) => void): void {
  for (const v of verdicts) {
    const head = `${v.status === "ok" ? "ok  " : v.status === "new" ? "new " : "FAIL"} ${v.query} [${v.key}]`;
    const figures = Number.isNaN(v.current.medianMs)
      ? "estimates"
      : v.baseline
        ? `${v.current.medianMs} ms (baseline ${v.baseline.medianMs}), ${v.current.buffers} buffers (baseline ${v.baseline.buffers})`
        : `${v.current.medianMs} ms, ${v.current.buffers} buffers`;
    say(`  ${head}: ${figures}`);
    for (const r of v.reasons) say(`      ${r}`);
    for (const n of v.notes) say(`      note: ${n}`);
    if (v.diff) {
      say("      plan (- baseline, + now):");
      for (const line of v.diff) say(`        ${line}`);
    }
  }
  for (const n of notes) say(`  note: ${n}`);
}

async function compare(args: Parsed, io: Io): Promise<number> {
  if (args.positionals.length !== 2)
    bad("`seedband baseline compare` takes two baseline folders: seedband baseline compare <dirA> <dirB>.");
  const band = str(args.flags.band);
  const [a, b] = args.positionals.map((d) => resolveBaselineDir(resolve(process.cwd(), d), band)) as [
    string,
    string,
  ];
  const comparison = compareBaselines(readBaselines(a), readBaselines(b));
  if (args.flags.json === true) {
    io.stdout(
      `${JSON.stringify({ a: args.positionals[0], b: args.positionals[1], ...comparison }, null, 2)}\n`,
    );
  } else {
    io.stdout(
      `A: ${args.positionals[0]}\nB: ${args.positionals[1]}\n${comparisonTable(comparison).join("\n")}\n`,
    );
    for (const n of comparison.notes) io.stderr(`note: ${n}\n`);
  }
  return 0;
}

/** Baselines under injected statistics live beside the band's own: `<band>-as-<statistics band>`. */
function folderOf(band: string, injected: StatisticsLabel | undefined): string {
  return injected ? `${band}-as-${injected.band}` : band;
}

/** The statistics --stats-as names: a band of the project (computed once, then cached) or a file. */
function statsSource(args: Parsed, paths: ReturnType<typeof projectPaths>, value: string) {
  const options = {
    preset: str(args.flags.preset),
    schema: str(args.flags.schema),
    toMigration: str(args.flags["to-migration"]),
  };
  return resolveStatsAs(paths, options, value, intFlag(args.flags.seed, "seed", 1));
}

/**
 * --stats-as: injects the statistics into the target database (seedband's own only: it rewrites
 * statistics), after checking the server is PostgreSQL 18+ with its files on this machine.
 * Returns the label baselines carry, or undefined without the flag.
 */
async function injectStatsAs(
  target: Target,
  source: StatsAsSource | undefined,
): Promise<StatisticsLabel | undefined> {
  if (!source) return undefined;
  if (target.mark === null) {
    throw new SeedbandError(
      "NOT_OURS",
      `--stats-as rewrites the planner statistics of "${target.name}", a database seedband did not create; it was left untouched. Use a seedband database (omit the database from --database-url).`,
    );
  }
  const { injected } = await applyStatsAs(target.url, source.file);
  return {
    injected: true,
    band: injected!.band,
    bandFingerprint: injected!.bandFingerprint,
    measured: "estimates",
  };
}

/** Which database to explain on (see the module header). */
async function resolveTarget(
  args: Parsed,
  paths: ReturnType<typeof projectPaths>,
  bandHint: string | undefined,
): Promise<Target> {
  const url = configuredUrl(args.flags);
  const named = url ? decodeURIComponent(new URL(url).pathname.slice(1)) : "";
  if (url && named && !MAINTENANCE_DATABASES.includes(named)) {
    const inspection = await inspectDatabase(url, named);
    if (!inspection.exists)
      bad(
        `The database "${named}" named by --database-url / DATABASE_URL does not exist on ${redactUrl(url)}.`,
      );
    const band = str(args.flags.band) ?? inspection.mark?.band ?? bandHint;
    if (!band)
      bad(`"${named}" is not a seedband database: name the band its baselines belong to with --band.`);
    return { url, name: named, band: band!, mark: inspection.mark };
  }
  const server = await resolveServer(args.flags, paths);
  // Band databases only: a snapshot template of the same band (the Vitest plugin's) takes no connections.
  const owned = (await listOwnedDatabases(server.url)).filter(
    (d) => d.mark.status === "complete" && d.mark.kind === undefined,
  );
  const band =
    str(args.flags.band) ??
    bandHint ??
    owned
      .sort((x, y) =>
        (x.mark.seededAt ?? x.mark.completedAt ?? "").localeCompare(
          y.mark.seededAt ?? y.mark.completedAt ?? "",
        ),
      )
      .at(-1)?.mark.band;
  if (!band) {
    throw new SeedbandError(
      "NOT_FOUND",
      `No complete seedband database on ${redactUrl(server.url)}. Seed one first (\`seedband seed ci\`), or pass --band.`,
    );
  }
  const seed = intFlag(args.flags.seed, "seed", 1);
  const toMigration = str(args.flags["to-migration"]);
  const prepared = await prepareProjectBand(
    paths,
    { preset: str(args.flags.preset), schema: str(args.flags.schema), toMigration },
    band,
    seed,
  );
  const match = owned.find(
    (d) => d.mark.band === band && d.mark.seed === seed && d.mark.fingerprint === prepared.fingerprint,
  );
  if (!match) {
    throw new SeedbandError(
      "NOT_FOUND",
      `No complete database of band "${band}" (seed ${seed}${toMigration ? `, migrations up to ${toMigration}` : ""}) for this project on ${redactUrl(server.url)}. Seed it first: \`seedband seed ${band}${seed !== 1 ? ` --seed ${seed}` : ""}${toMigration ? ` --to-migration ${toMigration}` : ""}\`.`,
    );
  }
  return { url: databaseUrl(server.url, match.name), name: match.name, band, mark: match.mark };
}

function measureOptions(args: Parsed) {
  const runs = intFlag(args.flags.runs, "runs", DEFAULT_RUNS);
  const warmup = intFlag(args.flags.warmup, "warmup", DEFAULT_WARMUP);
  if (runs < 1 || runs > 1000) bad(`--runs must be between 1 and 1000 (got ${runs}).`);
  if (warmup < 0 || warmup > 1000) bad(`--warmup must be between 0 and 1000 (got ${warmup}).`);
  return { runs, warmup };
}

function baseDir(args: Parsed, root: string): string {
  const dir = str(args.flags.dir);
  return dir ? resolve(process.cwd(), dir) : join(root, "baselines");
}

function queriesDir(args: Parsed, root: string): string {
  const dir = str(args.flags.queries);
  return dir ? resolve(process.cwd(), dir) : join(root, "queries");
}

function caseLine(c: CaseCapture): string {
  const m = c.measurement;
  const sorted = [...m.timesMs].sort((x, y) => x - y);
  const med = sorted[sorted.length >> 1]!;
  const params = Object.entries(c.params)
    .map(([k, p]) => `${k}=${String(p.value)}${p.fanout !== undefined ? ` (${p.fanout} children)` : ""}`)
    .join(", ");
  const figures =
    m.timesMs.length === 0
      ? `estimated ${Math.round(m.estimate.rows)} rows, cost ${m.estimate.cost}`
      : `~${med?.toFixed(3)} ms, ${m.buffers[0]} buffers`;
  return `${c.query} [${c.key}]${params ? ` ${params}` : ""}: ${m.plan[0]?.trim()}…, ${figures}, plan ${m.fingerprint}`;
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function bad(message: string): never {
  throw new SeedbandError("BAD_INPUT", message);
}
