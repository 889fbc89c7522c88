// The commands: each parses its flags, calls one stage function (seed and verify: src/pipeline),
// prints, and returns an exit code. Human output and progress go to stderr; with --json, one
// JSON document goes to stdout.

import { projectPaths } from "../config/index.js";
import {
  dropOwnedDatabase,
  inspectDatabase,
  listOwnedDatabases,
  MAINTENANCE_DATABASES,
  markProject,
  redactUrl,
  shownUrl,
} from "../db/index.js";
import { SeedbandError } from "../errors.js";
import {
  prepareProjectBand,
  type RunRecord,
  resolveStatsAs,
  runSeed,
  verifyBand,
} from "../pipeline/index.js";
import { intFlag, maxPositionals, type Parsed, parseShard } from "./args.js";
import type { Io } from "./io.js";
import { Progress } from "./progress.js";
import { configuredUrl, embedded, resolveServer, serverSource } from "./server.js";

export type { Io } from "./io.js";

export async function seedCommand(args: Parsed, io: Io): Promise<number> {
  const band = args.positionals[0];
  if (!band || args.positionals.length > 1) {
    throw new SeedbandError(
      "BAD_INPUT",
      "`seedband seed` takes one band, e.g. `seedband seed ci`. See `seedband seed --help`.",
    );
  }
  const json = args.flags.json === true;
  const progress = new Progress(json);
  const paths = projectPaths();
  const seed = intFlag(args.flags.seed, "seed", 1);
  if (seed < 0)
    throw new SeedbandError("BAD_INPUT", `--seed must be 0 or more (got ${seed}), e.g. --seed 1.`);
  const workers = intFlag(args.flags.workers, "workers", 0);
  const shard = parseShard(args.flags.shard);
  if (shard && (workers > 0 || args.flags.fresh === true || args.flags.into !== undefined)) {
    throw new SeedbandError(
      "BAD_INPUT",
      "--shard loads one shard in this process: it does not combine with --workers, --fresh or --into. To rebuild a sharded band, run `seedband teardown <band>` first.",
    );
  }
  if (workers < 0 || workers > 64) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--workers must be between 0 and 64 (got ${workers}); 0 generates in the main thread.`,
    );
  }
  const into = str(args.flags.into);
  if (into !== undefined && (!/^[A-Za-z_][\w$-]{0,62}$/.test(into) || MAINTENANCE_DATABASES.includes(into))) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--into ${JSON.stringify(into)} is not a database seedband may use: give a plain database name (letters, digits, _), not postgres/template0/template1.`,
    );
  }
  // Plan before touching any server: a bad band or spec fails here and changes nothing.
  const prepared = await prepareProjectBand(
    paths,
    {
      preset: str(args.flags.preset),
      schema: str(args.flags.schema),
      toMigration: str(args.flags["to-migration"]),
    },
    band,
    seed,
  );
  const statsAs = await statsAsOf(args, paths, seed, shard !== undefined);
  const server = await resolveServer(args.flags, paths);
  progress.line(
    `seedband: seeding band "${band}" (seed ${seed}, preset ${prepared.inputs.preset}) on the ${server.kind} server ${redactUrl(server.url)} (${serverSource(args.flags)})`,
  );
  const { record, file } = await runSeed(prepared, server, paths, {
    cacheDrift: true,
    ...(into !== undefined ? { into } : {}),
    fresh: args.flags.fresh === true,
    ...(statsAs ? { statsAs } : {}),
    workers,
    ...(shard ? { shard } : {}),
    onEvent: progress.event,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else printSeed(progress, record, file);
  return record.status === "ok" ? 0 : 1;
}

/** `--stats-as`: the statistics to inject after the load (computed or read before any server is touched). */
async function statsAsOf(
  args: Parsed,
  paths: ReturnType<typeof projectPaths>,
  seed: number,
  sharded: boolean,
) {
  const value = str(args.flags["stats-as"]);
  if (value === undefined) return undefined;
  if (sharded)
    throw new SeedbandError(
      "BAD_INPUT",
      "--stats-as injects statistics into the complete database: run the shards without it, then `seedband seed <band> --stats-as <band>` once (it reuses the database).",
    );
  const options = {
    preset: str(args.flags.preset),
    schema: str(args.flags.schema),
    toMigration: str(args.flags["to-migration"]),
  };
  return resolveStatsAs(paths, options, value, seed);
}

function printSeed(progress: Progress, record: RunRecord, file: string): void {
  const total = Object.values(record.tables).reduce((s, t) => s + t.rows, 0);
  if (record.shard && !record.shard.finished) {
    progress.line(
      `seedband: shard ${record.shard.k}/${record.shard.n} loaded into ${record.database.name}: ${total.toLocaleString("en-US")} rows, ${record.durations.total.toFixed(1)} s. The database is complete once every shard has run (the last one finishes it).`,
    );
  } else {
    progress.line(
      `seedband: ${record.status === "ok" ? "done" : "FAILED"}: ${record.database.name}, ${total.toLocaleString("en-US")} rows in ${Object.keys(record.tables).length} tables, ${record.orphans} orphans, ${record.durations.total.toFixed(1)} s${record.reused ? " (reused)" : ""}`,
    );
  }
  progress.line(`  url:        ${record.database.url}`);
  progress.line(`  run record: ${file}`);
  if (record.statistics)
    progress.line(
      `  statistics: band "${record.statistics.band}"'s, injected (${record.statistics.tables} tables, ${record.statistics.columns} columns, ${record.statistics.indexes} indexes; from ${record.statistics.source}); auto-analyze is off on those tables`,
    );
  for (const n of record.notes ?? [])
    if (n.startsWith("real planner statistics")) progress.line(`  note: ${n}`);
  for (const w of record.warnings ?? []) progress.line(`  warning: ${w}`);
  for (const n of record.nondeterministic ?? [])
    progress.line(`  warning: ${n.table} can differ between builds: ${n.columns.join(", ")} ${n.reason}`);
  for (const e of record.errors) progress.line(`  problem: ${e.message}`);
}

export async function verifyCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband verify [<band>]");
  const json = args.flags.json === true;
  const progress = new Progress(json);
  const paths = projectPaths();
  const server = await resolveServer(args.flags, paths);
  const { record, file, notes } = await verifyBand(paths, server, {
    band: args.positionals[0],
    distributions: args.flags.distributions === true,
    realism: args.flags.realism === true,
    onTarget: (t) => progress.line(`seedband: verifying ${t.name} (band ${t.band}, seed ${t.seed})`),
  });
  for (const note of notes) progress.line(`  note: ${note}`);
  if (json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else {
    for (const c of record.distributions ?? []) {
      progress.line(
        `  ${c.pass ? "ok  " : "FAIL"} ${c.check}: ${c.measured} (expected ${c.expected} ± ${c.tolerance})${c.detail ? `; ${c.detail}` : ""}`,
      );
    }
    for (const c of record.realism?.timeOrder ?? []) {
      progress.line(
        `  ${c.violations === 0 ? "ok  " : "FAIL"} ${c.check}: ${c.violations} of ${c.rows.toLocaleString("en-US")} row(s) out of order`,
      );
    }
    for (const c of record.realism?.tenants ?? []) {
      progress.line(
        `  ${c.violations === 0 ? "ok  " : "FAIL"} ${c.check}: ${c.violations} of ${c.rows.toLocaleString("en-US")} row(s) in another tenant${c.fallbacks > 0 ? ` (${c.fallbacks.toLocaleString("en-US")} whose tenant has none: any row)` : ""}`,
      );
    }
    for (const [t, x] of Object.entries(record.tables))
      progress.line(
        `  ${t.padEnd(22)} ${x.rows.toLocaleString("en-US").padStart(12)} rows  ${x.checksum.slice(0, 16)}…`,
      );
    progress.line(
      `seedband: verify ${record.status === "ok" ? "ok" : "FAILED"}: ${record.orphans} orphans; run record ${file}`,
    );
    for (const e of record.errors) progress.line(`  problem: ${e.message}`);
  }
  return record.status === "ok" ? 0 : 1;
}

export async function dbCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband db up|down|status|url");
  const action = args.positionals[0];
  const paths = projectPaths();
  const json = args.flags.json === true;
  const provider = embedded(paths);
  const print = (human: string, data: unknown) =>
    json ? io.stdout(`${JSON.stringify(data, null, 2)}\n`) : io.stderr(`${human}\n`);
  switch (action) {
    case "up": {
      const server = await provider.start();
      print(`seedband: embedded PostgreSQL ${await server.majorVersion()} is running at ${server.url}`, {
        running: true,
        url: server.url,
      });
      return 0;
    }
    case "down": {
      await provider.stop();
      print("seedband: the embedded server is stopped (its data stays under .seedband/pg).", {
        running: false,
      });
      return 0;
    }
    case "status": {
      const url = configuredUrl(args.flags);
      const status = await provider.status();
      const databases = url ?? (status.running ? status.url : undefined);
      const owned = databases ? await listOwnedDatabases(databases) : [];
      const data = {
        embedded: status,
        server: databases ? shownUrl(databases, url ? "url" : "embedded") : null,
        databases: owned.map((d) => ({ name: d.name, ...d.mark })),
      };
      const lines = [
        `embedded server: ${status.running ? `running at ${status.url} (PostgreSQL ${status.version ?? "?"})` : status.initialized ? "stopped" : "not initialised"}`,
        ...(url ? [`--database-url / DATABASE_URL: ${redactUrl(url)}`] : []),
        ...owned.map(
          (d) => `  ${d.name}  band ${d.mark.band ?? "?"}  seed ${d.mark.seed ?? "?"}  ${d.mark.status}`,
        ),
      ];
      print(lines.join("\n"), data);
      return 0;
    }
    case "url": {
      // The embedded server's URL whole (it has no password); a URL the user gave, masked.
      const configured = configuredUrl(args.flags);
      const url = configured ? redactUrl(configured) : (await provider.start()).url;
      io.stdout(json ? `${JSON.stringify({ url })}\n` : `${url}\n`);
      return 0;
    }
    default:
      throw new SeedbandError(
        "BAD_INPUT",
        `\`seedband db\` takes up, down, status or url${action ? `, not "${action}"` : ""}. See \`seedband db --help\`.`,
      );
  }
}

export async function teardownCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband teardown [<band>]");
  const band = args.positionals[0];
  const json = args.flags.json === true;
  const paths = projectPaths();
  const url = configuredUrl(args.flags);
  if (!url && !(await embedded(paths).status()).running) {
    if (json) io.stdout(`${JSON.stringify({ dropped: [] })}\n`);
    else io.stderr("seedband: the embedded server is not running; nothing to tear down.\n");
    return 0;
  }
  const server = await resolveServer(args.flags, paths);
  const named = new URL(server.url).pathname.slice(1);
  if (named && !MAINTENANCE_DATABASES.includes(named)) {
    const inspection = await inspectDatabase(server.url, named);
    if (inspection.exists && !inspection.mark) {
      throw new SeedbandError(
        "NOT_OURS",
        `The URL names the database "${named}", which seedband did not create; teardown drops only seedband's own databases and left "${named}" untouched. Point --database-url at the server's postgres database to drop seedband's databases there.`,
      );
    }
  }
  const all = args.flags["all-projects"] === true;
  const dryRun = args.flags["dry-run"] === true;
  const owned = (await listOwnedDatabases(server.url)).filter(
    (d) => (band === undefined || d.mark.band === band) && d.name !== named, // we are connected through it
  );
  const mine = owned.filter((d) => all || markProject(d.mark, paths.projectId) === "ours");
  const leftAlone = owned
    .filter((d) => !mine.includes(d))
    .map((d) => ({ name: d.name, project: d.mark.project ?? null }));
  const dropped: string[] = [];
  for (const d of mine) {
    if (dryRun) continue;
    await dropOwnedDatabase(server.url, d.name);
    dropped.push(d.name);
    if (!json) io.stderr(`  dropped ${d.name}\n`);
  }
  const wouldDrop = dryRun ? mine.map((d) => d.name) : [];
  // What is left alone is said on stderr with --json too: nobody should miss it.
  for (const d of leftAlone) io.stderr(`  ${d.name}: ${notYours(d.project)}, left alone\n`);
  if (json)
    io.stdout(`${JSON.stringify({ dropped, leftAlone, ...(dryRun ? { dryRun, wouldDrop } : {}) })}\n`);
  else {
    for (const name of wouldDrop) io.stderr(`  would drop ${name}\n`);
    const of = band ? ` of band "${band}"` : "";
    io.stderr(
      dryRun
        ? `seedband: --dry-run: would drop ${wouldDrop.length} database(s)${of}; dropped nothing.\n`
        : `seedband: dropped ${dropped.length} database(s)${of}${leftAlone.length > 0 ? `; left ${leftAlone.length} of other projects alone (--all-projects drops them too)` : ""}.\n`,
    );
  }
  return 0;
}

/** How a database that is not provably this project's is described. */
export function notYours(project: string | null): string {
  return project === null
    ? "not yours (marked by an older seedband, without a project)"
    : `not yours (project ${project})`;
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}
