// Physical snapshots of the embedded server: its whole data directory (every database in it),
// copied while the server is stopped, so the copy is consistent without backup mode. Restoring
// swaps the copy in by renames, so an interrupted restore never leaves a half-copied cluster
// where the server looks for its data.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, chown, mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SeedbandError } from "../errors.js";
import { embeddedDataPlace } from "./embedded-place.js";
import { EmbeddedProvider } from "./embedded-provider.js";

/** Copies the embedded server's data directory (under `dataDir`) to `target` (must not exist). */
export async function saveDataDirectory(dataDir: string, target: string): Promise<{ pgMajor: number }> {
  const pgData = join(embeddedDataPlace(dataDir), "data");
  const pgMajor = Number.parseInt(await readFile(join(pgData, "PG_VERSION"), "utf8"), 10);
  const provider = new EmbeddedProvider({ dataDir });
  const wasRunning = (await provider.status()).running;
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString("hex")}`);
  await provider.stop();
  try {
    await copyCluster(pgData, temporary);
    // A stopped server leaves no postmaster.pid; make sure a copy never carries one.
    await rm(join(temporary, "postmaster.pid"), { force: true });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  } finally {
    if (wasRunning) await provider.start();
  }
  return { pgMajor };
}

/** Replaces the embedded server's data directory with the copy in `source`, then starts it. */
export async function restoreDataDirectory(dataDir: string, source: string): Promise<void> {
  const pgData = join(embeddedDataPlace(dataDir), "data");
  if (!(await stat(join(source, "PG_VERSION")).catch(() => null))) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${source} is not a copy of a PostgreSQL data directory (no PG_VERSION). Fix: give a folder \`seedband snapshot save --physical\` wrote.`,
    );
  }
  const provider = new EmbeddedProvider({ dataDir });
  await provider.stop();
  const suffix = randomBytes(4).toString("hex");
  const incoming = `${pgData}.incoming-${suffix}`;
  const previous = `${pgData}.previous-${suffix}`;
  await copyTree(source, incoming);
  const hadData = !!(await stat(pgData).catch(() => null));
  if (hadData) await rename(pgData, previous);
  await rename(incoming, pgData);
  await provider.start();
  if (hadData) await rm(previous, { recursive: true, force: true });
}

/**
 * Copies a cleanly stopped cluster without the WAL it does not need: after a shutdown
 * checkpoint, recovery reads only the segment holding that checkpoint (and its redo point);
 * the other segments in pg_wal are old or recycled ones kept for reuse (up to max_wal_size,
 * about as much as the data after a big load). When pg_control does not say "shut down" or the
 * segments are not where it says, everything is copied.
 */
async function copyCluster(pgData: string, target: string): Promise<void> {
  const needed = await neededWal(pgData);
  if (!needed) return copyTree(pgData, target);
  const entries = (await readdir(pgData)).filter((e) => e !== "pg_wal");
  await mkdir(target);
  const own = await stat(pgData);
  await chmod(target, own.mode & 0o7777);
  await chown(target, own.uid, own.gid);
  await copyTree(...entries.map((e) => join(pgData, e)), target);
  const walDir = join(pgData, "pg_wal");
  const wal = await stat(walDir);
  await mkdir(join(target, "pg_wal"));
  await chmod(join(target, "pg_wal"), wal.mode & 0o7777);
  await chown(join(target, "pg_wal"), wal.uid, wal.gid);
  const keep = (await readdir(walDir)).filter(
    (f) => needed.has(f) || f.endsWith(".history") || f === "archive_status" || f === "summaries",
  );
  await copyTree(...keep.map((f) => join(walDir, f)), join(target, "pg_wal"));
}

/** The WAL segment files a shut-down cluster needs, from pg_control; null when unsure. */
async function neededWal(pgData: string): Promise<Set<string> | null> {
  try {
    // ControlFileData: system_identifier u64, pg_control_version u32, catalog_version_no u32,
    // state (4 bytes, 1 = shut down) + padding, time i64, checkPoint u64 @32, then the
    // checkpoint copy: redo u64 @40, ThisTimeLineID u32 @48 (the same from PostgreSQL 9.6 to 18).
    const control = await readFile(join(pgData, "global", "pg_control"));
    if (control.readUInt32LE(16) !== 1) return null;
    const checkpoint = control.readBigUInt64LE(32);
    const redo = control.readBigUInt64LE(40);
    const timeline = control.readUInt32LE(48);
    const segments = (await readdir(join(pgData, "pg_wal"))).filter((f) => /^[0-9A-F]{24}$/.test(f));
    if (segments.length === 0) return null;
    const segmentSize = BigInt((await stat(join(pgData, "pg_wal", segments[0]!))).size);
    const perId = (1n << 32n) / segmentSize;
    const fileOf = (lsn: bigint) => {
      const segment = lsn / segmentSize;
      return [BigInt(timeline), segment / perId, segment % perId]
        .map((n) => n.toString(16).toUpperCase().padStart(8, "0"))
        .join("");
    };
    const needed = new Set([fileOf(redo), fileOf(checkpoint)]);
    return [...needed].every((f) => segments.includes(f)) ? needed : null;
  } catch {
    return null;
  }
}

/**
 * `cp -a`: as root the server runs as another OS user, and PostgreSQL starts only on a data
 * directory that user owns with mode 0700 — ownership and modes must survive the copy.
 */
function copyTree(...paths: string[]): Promise<void> {
  const to = paths.at(-1)!;
  const from = paths.slice(0, -1).join(", ");
  return new Promise((done, fail) => {
    const child = spawn("cp", ["-a", ...paths], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) =>
      code === 0
        ? done()
        : fail(
            new SeedbandError(
              "DB_ERROR",
              `Copying ${from} to ${to} failed (cp -a exit ${code}: ${stderr.trim()}). Fix: check free disk space and permissions.`,
            ),
          ),
    );
  });
}
