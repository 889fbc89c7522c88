// A band's snapshots, below the `seedband snapshot` face: save seeds the band (or reuses it),
// publishes it as a template database and writes the on-disk snapshots (logical, and physical
// for the embedded server); restore finds the on-disk snapshot of the band's current
// fingerprint and loads it (logical: as a one-shard load of its COPY folder, every file checked
// before any server is touched) or puts the embedded server's data directory back (physical).
// Human progress goes to `say`.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { ProjectPaths } from "../config/index.js";
import { restoreDataDirectory } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { type CopyFiles, checkCopyFolder, readLoadManifest } from "../load/index.js";
import {
  type DiskSnapshotInfo,
  diskSnapshotName,
  ensureTemplate,
  listDiskSnapshots,
  logicalSchemaSql,
  notFoundOnDisk,
  runOwner,
  saveLogicalSnapshot,
  savePhysicalSnapshot,
} from "../snapshot/index.js";
import type { PreparedBand } from "./prepared-band.js";
import type { RunRecord } from "./run-record.js";
import { runSeed } from "./run-seed.js";
import type { SeedEvent, SeedServer } from "./seed-run.js";

export interface SnapshotOptions {
  /** Where on-disk snapshots live. */
  dir: string;
  onEvent?: (event: SeedEvent) => void;
  signal?: AbortSignal;
  /** A line for people (what was written where). */
  say?: (line: string) => void;
}

export async function saveBandSnapshot(
  band: PreparedBand,
  server: SeedServer & { majorVersion: () => Promise<number> },
  paths: ProjectPaths,
  options: SnapshotOptions & { physical: boolean },
) {
  const say = options.say ?? (() => {});
  const { dir } = options;
  const { onEvent, signal } = options;
  const { record } = await runSeed(band, server, paths, {
    ...(onEvent && { onEvent }),
    ...(signal && { signal }),
  });
  if (record.status !== "ok") {
    throw new SeedbandError(
      "VERIFY_FAILED",
      `The band database ${record.database.name} did not verify; no snapshot was saved. See its run record.`,
    );
  }
  const info = snapshotInfo(band, await server.majorVersion(), record);
  // The physical copy first: the cluster holds the band database, not yet its template copy too.
  const physicalPath = options.physical
    ? await savePhysicalSnapshot(paths.embeddedDir, dir, info)
    : undefined;
  if (physicalPath) say(`  physical copy of the embedded server's data directory: ${physicalPath}`);
  const template = await ensureTemplate({
    serverUrl: server.url,
    band: band.band,
    seed: band.seed,
    fingerprint: band.fingerprint,
    owner: runOwner(randomBytes(8).toString("hex")),
    project: paths.projectId,
    build: async () => record.database.name,
    onEvent: (m) => say(`  ${m}`),
  });
  const started = performance.now();
  const tables = band.generator.tables().map((t) => ({
    model: band.inputs.graph.models.find((m) => m.modelName === t.modelName)!,
    columnNames: t.columnNames,
  }));
  const schemaSql = logicalSchemaSql(band.inputs.migrations);
  const logical = await saveLogicalSnapshot(server.url, dir, info, tables, schemaSql);
  say(`  logical snapshot: ${logical.path} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return {
    status: "ok",
    band: band.band,
    seed: band.seed,
    fingerprint: band.fingerprint,
    template: { name: template.name, built: template.built },
    logical: { path: logical.path, tables: logical.manifest.tables.length },
    ...(physicalPath ? { physical: { path: physicalPath } } : {}),
  };
}

function snapshotInfo(band: PreparedBand, pgMajor: number, record: RunRecord) {
  return {
    band: band.band,
    seed: band.seed,
    preset: band.inputs.preset,
    fingerprint: band.fingerprint,
    schemaFingerprint: band.inputs.schemaFingerprint,
    seedbandVersion: band.seedbandVersion,
    pgMajor,
    database: record.database.name,
    createdAt: new Date().toISOString(),
  };
}

/** The newest on-disk snapshot of the band's current fingerprint, of one kind; refused when none. */
export async function findBandSnapshot(
  band: PreparedBand,
  dir: string,
  kind: DiskSnapshotInfo["kind"],
): Promise<{ name: string; path: string; info: DiskSnapshotInfo }> {
  const found = await listDiskSnapshots(dir);
  const snapshot = found
    .filter((s) => s.info.band === band.band && s.info.seed === band.seed)
    .filter((s) => s.info.fingerprint === band.fingerprint && s.info.kind === kind)
    .at(-1);
  if (snapshot) return snapshot;
  const wanted =
    kind === "physical"
      ? `(physical) of ${band.band} seed ${band.seed}`
      : diskSnapshotName(band.band, band.seed, band.fingerprint, "logical");
  throw notFoundOnDisk(
    dir,
    wanted,
    found.map((s) => s.name),
  );
}

/** Puts a physical snapshot's data directory back as the embedded server's. */
export async function restorePhysicalSnapshot(paths: ProjectPaths, snapshotPath: string): Promise<void> {
  await restoreDataDirectory(paths.embeddedDir, join(snapshotPath, "data"));
}

/**
 * A logical snapshot's manifest and every file it names, checked before any server is touched (a
 * damaged snapshot must never cost the good database `fresh` would drop): of this band, seed and
 * fingerprint, listing the band's tables, each file inside the folder and of its SHA-256.
 */
export async function checkLogicalSnapshot(band: PreparedBand, snapshotPath: string): Promise<CopyFiles> {
  const fix = `save it again (\`seedband snapshot save ${band.band}${band.seed !== 1 ? ` --seed ${band.seed}` : ""}\`), or restore ${snapshotPath} from where CI keeps it.`;
  const read = await readLoadManifest(snapshotPath, fix);
  const { manifest, file } = read;
  if (manifest.band !== band.band || manifest.seed !== band.seed || manifest.fingerprint !== band.fingerprint)
    throw new SeedbandError(
      "BAD_INPUT",
      `${file} is of band ${manifest.band}, seed ${manifest.seed}, fingerprint ${manifest.fingerprint.slice(0, 12)}, not the band its snapshot.json names (${band.band}, seed ${band.seed}, ${band.fingerprint.slice(0, 12)}): the folder is damaged. Nothing was restored. Fix: ${fix}`,
    );
  const tables = band.generator.tables().map((t) => t.tableName);
  return checkCopyFolder(snapshotPath, read, tables, fix);
}

/**
 * Loads a logical snapshot's COPY files (checked by checkLogicalSnapshot) into the band's
 * database (reused when complete, unless fresh).
 */
export async function restoreLogicalSnapshot(
  band: PreparedBand,
  server: SeedServer,
  paths: ProjectPaths,
  options: Omit<SnapshotOptions, "dir" | "say"> & { fresh: boolean; files: CopyFiles },
): Promise<{ record: RunRecord; file: string }> {
  return runSeed(band, server, paths, {
    shard: { k: 1, n: 1 },
    fresh: options.fresh,
    files: options.files,
    ...(options.onEvent && { onEvent: options.onEvent }),
    ...(options.signal && { signal: options.signal }),
  });
}
