// `seedband snapshot save|restore|list|prune`: the band's template database on the server, and
// on-disk snapshots under a folder CI can cache (default .seedband/snapshots): the logical format
// (restores into any server) and, for the embedded server, a physical copy of its data directory.
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type ProjectPaths, projectPaths } from "../config/index.js";
import {
  dropOwnedDatabase,
  listOwnedDatabases,
  markProject,
  redactUrl,
  type StartedServer,
} from "../db/index.js";
import { SeedbandError } from "../errors.js";
import {
  checkLogicalSnapshot,
  findBandSnapshot,
  type PreparedBand,
  prepareProjectBand,
  restoreLogicalSnapshot,
  restorePhysicalSnapshot,
  saveBandSnapshot,
} from "../pipeline/index.js";
import { dropLeftovers, listDiskSnapshots, removeStaleTemporaries } from "../snapshot/index.js";
import { intFlag, maxPositionals, type Parsed } from "./args.js";
import { notYours } from "./commands.js";
import type { Io } from "./io.js";
import { Progress } from "./progress.js";
import { configuredUrl, resolveServer } from "./server.js";

const USAGE = "seedband snapshot save|restore|list|prune [<band>] [--dir DIR]";

export async function snapshotCommand(args: Parsed, io: Io): Promise<number> {
  const [action, ...rest] = args.positionals;
  const sub: Parsed = { positionals: rest, flags: args.flags };
  switch (action) {
    case "save":
      return save(sub, io);
    case "restore":
      return restore(sub, io);
    case "list":
      return list(sub, io);
    case "prune":
      return prune(sub, io);
    default:
      throw new SeedbandError(
        "BAD_INPUT",
        `\`seedband snapshot\` needs an action: save, restore, list or prune (got ${action ? `"${action}"` : "none"}). Usage: ${USAGE}`,
      );
  }
}

function snapshotDir(flags: Parsed["flags"], paths: ProjectPaths): string {
  const flag = typeof flags.dir === "string" ? flags.dir : process.env.SEEDBAND_SNAPSHOT_DIR;
  return flag ? resolve(process.cwd(), flag) : join(paths.stateDir, "snapshots");
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

async function prepared(args: Parsed, paths: ProjectPaths, usage: string): Promise<PreparedBand> {
  maxPositionals(args, 1, usage);
  const band = args.positionals[0];
  if (!band) throw new SeedbandError("BAD_INPUT", `Name a band, e.g. \`${usage.replace("<band>", "ci")}\`.`);
  const seed = intFlag(args.flags.seed, "seed", 1);
  return prepareProjectBand(
    paths,
    { preset: str(args.flags.preset), schema: str(args.flags.schema) },
    band,
    seed,
  );
}

function requireEmbedded(server: StartedServer, what: string): void {
  if (server.kind !== "embedded") {
    throw new SeedbandError(
      "BAD_INPUT",
      `--physical ${what} the embedded server's data directory, but the server in use is ${redactUrl(server.url)} ` +
        "(--database-url / DATABASE_URL). Fix: drop --physical (the logical format restores into any server), or unset the URL.",
    );
  }
}

async function save(args: Parsed, io: Io): Promise<number> {
  const paths = projectPaths();
  const band = await prepared(
    args,
    paths,
    "seedband snapshot save <band> [--seed N] [--dir DIR] [--physical]",
  );
  const json = args.flags.json === true;
  const progress = new Progress(json);
  const dir = snapshotDir(args.flags, paths);
  await removeStaleTemporaries(dir);
  const server = await resolveServer(args.flags, paths);
  // A killed save of this project may have left a half-built template copy: its run is dead.
  await dropLeftovers(server.url, paths.projectId);
  const physical = args.flags.physical === true;
  if (physical) requireEmbedded(server, "copies");
  progress.line(`seedband: snapshot of band "${band.band}" (seed ${band.seed}) on ${redactUrl(server.url)}`);
  const result = await saveBandSnapshot(band, server, paths, {
    dir,
    physical,
    onEvent: progress.event,
    say: (line) => progress.line(line),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else progress.line(`seedband: snapshot saved; template database ${result.template.name}`);
  return 0;
}

async function restore(args: Parsed, io: Io): Promise<number> {
  const paths = projectPaths();
  const band = await prepared(
    args,
    paths,
    "seedband snapshot restore <band> [--seed N] [--dir DIR] [--physical]",
  );
  const json = args.flags.json === true;
  const progress = new Progress(json);
  const dir = snapshotDir(args.flags, paths);
  const started = performance.now();
  if (args.flags.physical === true) {
    if (configuredUrl(args.flags)) {
      throw new SeedbandError(
        "BAD_INPUT",
        "--physical restores the embedded server's data directory; it cannot go into a server named with --database-url / DATABASE_URL. Fix: drop --physical or unset the URL.",
      );
    }
    const copy = await findBandSnapshot(band, dir, "physical");
    progress.line(`seedband: restoring the embedded server's data directory from ${copy.path}`);
    await restorePhysicalSnapshot(paths, copy.path);
    const seconds = round((performance.now() - started) / 1000);
    const result = {
      status: "ok",
      band: band.band,
      seed: band.seed,
      kind: "physical",
      database: copy.info.database,
      seconds,
    };
    if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else
      progress.line(
        `seedband: restored ${copy.info.database} (and the rest of that cluster) in ${seconds} s`,
      );
    return 0;
  }
  const snapshot = await findBandSnapshot(band, dir, "logical");
  // The whole snapshot checked before any server is touched: a damaged snapshot must never cost
  // the good database --fresh would drop.
  const files = await checkLogicalSnapshot(band, snapshot.path);
  const server = await resolveServer(args.flags, paths);
  progress.line(`seedband: restoring ${snapshot.path} into ${redactUrl(server.url)}`);
  const { record } = await restoreLogicalSnapshot(band, server, paths, {
    fresh: args.flags.fresh === true,
    files,
    onEvent: progress.event,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else
    progress.line(
      `seedband: ${record.status === "ok" ? "restored" : "FAILED"}: ${record.database.name}${record.reused ? " (already there: reused; --fresh restores again)" : ""}, ${round((performance.now() - started) / 1000)} s`,
    );
  return record.status === "ok" ? 0 : 1;
}

async function list(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband snapshot list [<band>] [--dir DIR]");
  const band = args.positionals[0];
  const paths = projectPaths();
  const dir = snapshotDir(args.flags, paths);
  await removeStaleTemporaries(dir);
  const onDisk = (await listDiskSnapshots(dir)).filter((s) => band === undefined || s.info.band === band);
  const server = await resolveServer(args.flags, paths);
  const templates = (await listOwnedDatabases(server.url)).filter(
    (d) =>
      d.mark.kind === "snapshot" &&
      d.mark.status === "complete" &&
      (band === undefined || d.mark.band === band),
  );
  if (args.flags.json === true) {
    io.stdout(
      `${JSON.stringify(
        {
          dir,
          onDisk: onDisk.map((s) => ({ name: s.name, path: s.path, ...s.info })),
          templates: templates.map((d) => ({
            name: d.name,
            band: d.mark.band,
            seed: d.mark.seed,
            fingerprint: d.mark.fingerprint,
            createdAt: d.mark.createdAt,
          })),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  io.stderr(`On disk (${dir}):\n`);
  for (const s of onDisk)
    io.stderr(
      `  ${s.name}  ${s.info.kind}  band ${s.info.band}  seed ${s.info.seed}  PostgreSQL ${s.info.pgMajor}  ${s.info.createdAt}\n`,
    );
  if (onDisk.length === 0) io.stderr("  (none)\n");
  io.stderr(`Template databases on ${redactUrl(server.url)}:\n`);
  for (const d of templates)
    io.stderr(`  ${d.name}  band ${d.mark.band}  seed ${d.mark.seed}  ${d.mark.createdAt}\n`);
  if (templates.length === 0) io.stderr("  (none)\n");
  return 0;
}

/**
 * Removes snapshots that can no longer be used: those whose fingerprint is not the band's current
 * one (the schema, spec, config or seedband changed since), on disk and on the server, and the
 * databases of runs that no longer run. Current snapshots stay.
 */
async function prune(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband snapshot prune [<band>] [--dir DIR]");
  const only = args.positionals[0];
  const paths = projectPaths();
  const dir = snapshotDir(args.flags, paths);
  const server = await resolveServer(args.flags, paths);
  const current = new Map<string, string | null>();
  const currentFingerprint = async (band: string, seed: number): Promise<string | null> => {
    const key = `${band}:${seed}`;
    if (!current.has(key)) {
      const fp = await prepareProjectBand(
        paths,
        { preset: str(args.flags.preset), schema: str(args.flags.schema) },
        band,
        seed,
      )
        .then((p) => p.fingerprint)
        .catch(() => null); // a band the preset no longer has: nothing of it is current
      current.set(key, fp);
    }
    return current.get(key)!;
  };
  const dryRun = args.flags["dry-run"] === true;
  const removed: string[] = dryRun ? [] : await removeStaleTemporaries(dir);
  for (const s of await listDiskSnapshots(dir)) {
    if (only !== undefined && s.info.band !== only) continue;
    if ((await currentFingerprint(s.info.band, s.info.seed)) === s.info.fingerprint) continue;
    if (!dryRun) await rm(s.path, { recursive: true, force: true });
    removed.push(s.path);
  }
  const { dropped, leftAlone } = await pruneTemplates(
    server.url,
    paths.projectId,
    only,
    currentFingerprint,
    dryRun,
  );
  const all = args.flags["all-projects"] === true;
  dropped.push(...(await dropLeftovers(server.url, all ? null : paths.projectId, { dryRun })));
  if (args.flags.json === true)
    io.stdout(
      `${JSON.stringify(
        dryRun
          ? { removed: [], dropped: [], leftAlone, dryRun, wouldRemove: removed, wouldDrop: dropped }
          : { removed, dropped, leftAlone },
        null,
        2,
      )}\n`,
    );
  else {
    const verb = dryRun ? "--dry-run: would prune" : "pruned";
    io.stderr(`seedband: ${verb} ${removed.length} on-disk snapshot(s) and ${dropped.length} database(s)\n`);
    for (const r of [...removed, ...dropped]) io.stderr(`  ${r}\n`);
    for (const d of leftAlone) io.stderr(`  ${d.name}: ${notYours(d.project)}, left alone\n`);
  }
  return 0;
}

/**
 * Drops this project's templates whose fingerprint is no longer current. Other projects'
 * templates (and those of older seedband versions, without a project) are left alone: whether
 * they are current is for their own project to say.
 */
async function pruneTemplates(
  serverUrl: string,
  project: string,
  only: string | undefined,
  currentFingerprint: (band: string, seed: number) => Promise<string | null>,
  dryRun: boolean,
): Promise<{ dropped: string[]; leftAlone: Array<{ name: string; project: string | null }> }> {
  const dropped: string[] = [];
  const leftAlone: Array<{ name: string; project: string | null }> = [];
  for (const d of await listOwnedDatabases(serverUrl)) {
    if (d.mark.kind !== "snapshot" || d.mark.status !== "complete") continue;
    if (only !== undefined && d.mark.band !== only) continue;
    if (markProject(d.mark, project) !== "ours") {
      leftAlone.push({ name: d.name, project: d.mark.project ?? null });
      continue;
    }
    if ((await currentFingerprint(d.mark.band ?? "", d.mark.seed ?? 1)) === d.mark.fingerprint) continue;
    if (dryRun || (await dropOwnedDatabase(serverUrl, d.name))) dropped.push(d.name);
  }
  return { dropped, leftAlone };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
