// On-disk snapshots. The logical format is seedband's own and restores into any server (another
// major version included), without pg_dump: per table a COPY text file of its rows in primary-key
// order, `manifest.json` in the format `seedband load` reads (rows and SHA-256 per file),
// `schema.sql` (the DDL: the migrations in order, or the schema engine's script) and
// `snapshot.json` (what it is, from where). A snapshot is written to a temporary folder named
// after the process that writes it and renamed into place when complete, so a folder under its
// final name is always whole; the temporary folder of a save that was killed is removed by the
// next save, list or prune.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { connect, databaseUrl, saveDataDirectory } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { LoadManifest } from "../load/index.js";
import type { Migration } from "../migrate/index.js";
import type { Model } from "../schema/index.js";
import { copyTableOut } from "../verify/index.js";
import { isOwnerAlive } from "./leftovers.js";
import { safeBand } from "./snapshot-key.js";

export interface DiskSnapshotInfo {
  version: 1;
  kind: "logical" | "physical";
  band: string;
  seed: number;
  preset: string;
  fingerprint: string;
  schemaFingerprint: string;
  seedbandVersion: string;
  /** The major version of the server it was taken from (a physical copy restores only there). */
  pgMajor: number;
  /** The band database it was taken from. */
  database: string;
  createdAt: string;
}

export interface SnapshotTable {
  model: Model;
  columnNames: string[];
}

/** `<band>-s<seed>-<fingerprint>` (logical) or `…-pg<major>-physical`. */
export function diskSnapshotName(
  band: string,
  seed: number,
  fingerprint: string,
  kind: "logical" | "physical",
  pgMajor?: number,
): string {
  const base = `${safeBand(band)}-s${seed}-${fingerprint.slice(0, 12)}`;
  return kind === "logical" ? base : `${base}-pg${pgMajor}-physical`;
}

/** Writes the logical snapshot of database `info.database` on `serverUrl` to `<dir>/<name>`. */
export async function saveLogicalSnapshot(
  serverUrl: string,
  dir: string,
  info: Omit<DiskSnapshotInfo, "kind" | "version">,
  tables: SnapshotTable[],
  schemaSql: string,
): Promise<{ path: string; manifest: LoadManifest }> {
  const name = diskSnapshotName(info.band, info.seed, info.fingerprint, "logical");
  const path = join(dir, name);
  await mkdir(dir, { recursive: true });
  const temporary = temporaryFolder(dir, name);
  await mkdir(temporary);
  try {
    const session = await connect(databaseUrl(serverUrl, info.database));
    const manifestTables: LoadManifest["tables"] = [];
    try {
      // One snapshot of the whole database: every table's rows as of the same moment.
      await session.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      for (const { model, columnNames } of tables) {
        const file = `${model.schemaName}.${model.tableName}.copy`;
        const { rows, checksum } = await copyTableOut(
          session,
          model,
          createWriteStream(join(temporary, file)),
          columnNames,
        );
        manifestTables.push({ model: model.modelName, table: model.tableName, file, rows, sha256: checksum });
      }
      await session.query("COMMIT");
    } finally {
      await session.end();
    }
    const manifest: LoadManifest = {
      version: 1,
      band: info.band,
      seed: info.seed,
      preset: info.preset,
      fingerprint: info.fingerprint,
      schemaFingerprint: info.schemaFingerprint,
      seedbandVersion: info.seedbandVersion,
      shard: { k: 1, n: 1 },
      format: "text",
      tables: manifestTables,
    };
    await writeFile(join(temporary, "schema.sql"), schemaSql);
    await writeFile(join(temporary, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const full: DiskSnapshotInfo = { version: 1, kind: "logical", ...info };
    await writeFile(join(temporary, "snapshot.json"), `${JSON.stringify(full, null, 2)}\n`);
    await rm(path, { recursive: true, force: true });
    await rename(temporary, path);
    return { path, manifest };
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** `.<name>.tmp-<pid>@<host>-<random>`: a snapshot being saved, and which process saves it. */
export function temporaryFolder(dir: string, name: string): string {
  return join(dir, `.${name}.tmp-${process.pid}@${hostname()}-${randomBytes(4).toString("hex")}`);
}

const TEMPORARY = /^\..+\.tmp-(?:(\d+)@(.+)-)?[0-9a-f]{8}$/;
// Temporary folders of seedband 0.1.0 do not name their process: removed once a day old.
const UNOWNED_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * Removes the temporary folders in `dir` of saves whose process no longer runs (killed, or the
 * machine restarted); a live save's folder, or one of another host, stays. Returns their paths.
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    const match = entry.isDirectory() ? TEMPORARY.exec(entry.name) : null;
    if (!match) continue;
    const path = join(dir, entry.name);
    if (match[1] !== undefined) {
      if (isOwnerAlive({ runId: "", pid: Number(match[1]), host: match[2]! })) continue;
    } else {
      const age = Date.now() - (await stat(path)).mtimeMs;
      if (age < UNOWNED_MAX_AGE_MS) continue;
    }
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** Every complete on-disk snapshot in `dir` (temporary folders of unfinished saves are skipped). */
export async function listDiskSnapshots(
  dir: string,
): Promise<Array<{ name: string; path: string; info: DiskSnapshotInfo }>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: Array<{ name: string; path: string; info: DiskSnapshotInfo }> = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    const info = await readInfo(path);
    if (info) found.push({ name: entry.name, path, info });
  }
  return found.sort((a, b) => a.info.createdAt.localeCompare(b.info.createdAt));
}

export async function readInfo(path: string): Promise<DiskSnapshotInfo | null> {
  try {
    const info = JSON.parse(await readFile(join(path, "snapshot.json"), "utf8")) as DiskSnapshotInfo;
    return info.version === 1 ? info : null;
  } catch {
    return null;
  }
}

/** The physical copy's `snapshot.json` beside its data (`<path>/data`). */
export async function writePhysicalInfo(
  path: string,
  info: Omit<DiskSnapshotInfo, "kind" | "version">,
): Promise<void> {
  const full: DiskSnapshotInfo = { version: 1, kind: "physical", ...info };
  await writeFile(join(path, "snapshot.json"), `${JSON.stringify(full, null, 2)}\n`);
}

/**
 * The physical snapshot: a copy of the embedded server's whole data directory (`embeddedDir`,
 * stopped meanwhile) and its `snapshot.json`, written to a temporary folder and renamed into
 * `<dir>/<name>`. Returns its path.
 */
export async function savePhysicalSnapshot(
  embeddedDir: string,
  dir: string,
  info: Omit<DiskSnapshotInfo, "kind" | "version">,
): Promise<string> {
  const name = diskSnapshotName(info.band, info.seed, info.fingerprint, "physical", info.pgMajor);
  const path = join(dir, name);
  const temporary = temporaryFolder(dir, name);
  await mkdir(temporary, { recursive: true });
  try {
    await saveDataDirectory(embeddedDir, join(temporary, "data"));
    await writePhysicalInfo(temporary, info);
    await rm(path, { recursive: true, force: true });
    await rename(temporary, path);
    return path;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** The DDL that made the band database, for `schema.sql`: the migrations in order. */
export function logicalSchemaSql(migrations: Migration[]): string {
  if (migrations.length === 0) {
    return "-- No migrations: the tables come from Prisma's schema engine for the schema files of this fingerprint.\n";
  }
  return migrations
    .map((m) => `-- migration ${m.name} (sha256 ${m.checksum})\n${m.sql.trimEnd()}\n`)
    .join("\n");
}

export function notFoundOnDisk(dir: string, wanted: string, available: string[]): SeedbandError {
  return new SeedbandError(
    "NOT_FOUND",
    `No snapshot ${wanted} in ${dir}${available.length ? ` (there: ${available.join(", ")})` : " (it holds none)"}. ` +
      "Fix: save one first (`seedband snapshot save <band>`), or give the folder your CI restored with --dir.",
  );
}
