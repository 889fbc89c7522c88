// The commands: each parses its flags, calls the stages, and returns an exit code. Human output
// and progress go to stderr; with --json, one JSON document goes to stdout.

import { applyConfig } from "../config/apply-config.js";
import { projectPaths, seedbandVersion } from "../config/project.js";
import {
  connect,
  databaseUrl,
  dropOwnedDatabase,
  inspectDatabase,
  listOwnedDatabases,
  MAINTENANCE_DATABASES,
  shownUrl,
} from "../db/index.js";
import { redactUrl, SeedbandError } from "../errors.js";
import {
  checkDistributions,
  DRIFT_NOTE,
  emptyRecord,
  type RunRecord,
  readStoredRecord,
  verifyInto,
} from "../load/index.js";
import {
  loadSchemaFile,
  migrationsFingerprint,
  readMigrations,
  schemaFilesFingerprint,
} from "../schema/index.js";
import { intFlag, maxPositionals, type Parsed } from "./args.js";
import { DriftCache } from "./drift-cache.js";
import { parseShard } from "./file-commands.js";
import { prepareBand, runSeed } from "./prepared-band.js";
import { Progress } from "./progress.js";
import { readProjectInputs } from "./project-inputs.js";
import { configuredUrl, embedded, resolveServer } from "./server.js";
import { writeRunRecord } from "./write-run-record.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal?: AbortSignal;
}

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
  const prepared = await prepareBand(
    paths,
    {
      preset: str(args.flags.preset),
      schema: str(args.flags.schema),
      toMigration: str(args.flags["to-migration"]),
    },
    band,
    seed,
  );
  const { inputs } = prepared;
  const server = await resolveServer(args.flags, paths);
  const driftCache = new DriftCache(paths.stateDir, [
    inputs.schemaFingerprint,
    schemaFilesFingerprint(inputs.schemaFiles),
    seedbandVersion(),
    await server.majorVersion(),
  ]);
  progress.line(
    `seedband: seeding band "${band}" (seed ${seed}, preset ${inputs.preset}) on the ${server.kind} server ${redactUrl(server.url)}`,
  );
  const { record, file } = await runSeed(prepared, server, paths, {
    driftNotes: driftCache.read(),
    into,
    fresh: args.flags.fresh === true,
    workers,
    ...(shard ? { shard } : {}),
    onEvent: progress.event,
    signal: io.signal,
  });
  if (record.status === "ok" && inputs.migrations.length > 0) {
    driftCache.write((record.notes ?? []).filter((n) => DRIFT_NOTE.test(n)));
  }
  if (json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else {
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
    for (const e of record.errors) progress.line(`  problem: ${e.message}`);
  }
  return record.status === "ok" ? 0 : 1;
}

export async function verifyCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband verify [<band>]");
  const band = args.positionals[0];
  const json = args.flags.json === true;
  const progress = new Progress(json);
  const paths = projectPaths();
  const server = await resolveServer(args.flags, paths);
  const owned = (await listOwnedDatabases(server.url)).filter(
    (d) =>
      d.mark.status === "complete" &&
      d.mark.kind === undefined &&
      (band === undefined || d.mark.band === band),
  );
  const target = owned
    .sort((a, b) =>
      (a.mark.seededAt ?? a.mark.completedAt ?? "").localeCompare(
        b.mark.seededAt ?? b.mark.completedAt ?? "",
      ),
    )
    .at(-1);
  if (!target) {
    throw new SeedbandError(
      "NOT_FOUND",
      `No complete seedband database${band ? ` of band "${band}"` : ""} on ${redactUrl(server.url)}. Seed one first: \`seedband seed ${band ?? "ci"}\`.`,
    );
  }
  const url = databaseUrl(server.url, target.name);
  const stored = await readStoredRecord(url);
  if (!stored) {
    throw new SeedbandError(
      "NOT_FOUND",
      `${target.name} is marked complete but holds no run record (_seedband.run). Seed it again with \`seedband seed ${target.mark.band ?? "<band>"} --fresh\`.`,
    );
  }
  progress.line(`seedband: verifying ${target.name} (band ${stored.band}, seed ${stored.seed})`);
  // Verification needs the schema's keys and foreign keys, not the preset (it may have changed since).
  const graph = await loadSchemaFile(paths.schema);
  const migrations = await readMigrations(paths.migrationsDir);
  const started = performance.now();
  const record: RunRecord = {
    ...emptyRecord("verify", stored.band, stored.seed),
    fingerprint: stored.fingerprint,
    database: { name: target.name, url: shownUrl(url, server.kind) },
    preset: stored.preset,
    schemaFingerprint: stored.schemaFingerprint,
    specFingerprint: stored.specFingerprint,
    seedbandVersion: seedbandVersion(),
    provider: server.kind,
    serverVersion: await server.majorVersion(),
  };
  const session = await connect(url);
  try {
    const planned = Object.fromEntries(Object.entries(stored.tables).map(([t, x]) => [t, x.rows]));
    await verifyInto(session, graph, planned, record);
    if (args.flags.distributions === true) {
      // The spec the data should follow: the seed's preset with the project's config over it.
      const inputs = await readProjectInputs(paths, { preset: stored.preset ?? "chat" });
      const configFile = inputs.config.file ?? "seedband.config.ts";
      const { spec } = applyConfig(inputs.spec, inputs.config.config, stored.band, graph, configFile);
      const checks = await checkDistributions(session, graph, spec, spec.bands[stored.band] ?? {});
      record.distributions = checks;
      for (const c of checks.filter((x) => !x.pass)) {
        record.errors.push({
          code: "DISTRIBUTION",
          message: `${c.check}: measured ${c.measured}, expected ${c.expected} ± ${c.tolerance}.`,
        });
      }
    }
  } finally {
    await session.end();
  }
  for (const [table, check] of Object.entries(record.tables)) {
    if (stored.tables[table] && stored.tables[table].checksum !== check.checksum) {
      record.errors.push({
        code: "CHECKSUM",
        message: `${table} changed since it was seeded (its checksum differs from the seed's).`,
      });
    }
  }
  if (migrationsFingerprint(migrations) !== stored.schemaFingerprint) {
    progress.line("  note: the project's migrations changed since this database was seeded.");
  }
  record.durations.verify = round((performance.now() - started) / 1000);
  record.durations.total = record.durations.verify;
  record.status = record.errors.length === 0 ? "ok" : "failed";
  record.finishedAt = new Date().toISOString();
  const file = writeRunRecord(paths.runsDir, record, server.url);
  if (json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else {
    for (const c of record.distributions ?? []) {
      progress.line(
        `  ${c.pass ? "ok  " : "FAIL"} ${c.check}: ${c.measured} (expected ${c.expected} ± ${c.tolerance})${c.detail ? `; ${c.detail}` : ""}`,
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
  const owned = (await listOwnedDatabases(server.url)).filter(
    (d) => band === undefined || d.mark.band === band,
  );
  const dropped: string[] = [];
  for (const d of owned) {
    if (d.name === named) continue; // we are connected through it
    await dropOwnedDatabase(server.url, d.name);
    dropped.push(d.name);
    if (!json) io.stderr(`  dropped ${d.name}\n`);
  }
  if (json) io.stdout(`${JSON.stringify({ dropped })}\n`);
  else io.stderr(`seedband: dropped ${dropped.length} database(s)${band ? ` of band "${band}"` : ""}.\n`);
  return 0;
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
