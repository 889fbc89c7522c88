// Clones in memory: on the embedded server (seedband's own, on this machine) the throwaway clones
// of a small template live in a tablespace on tmpfs (/dev/shm) instead of the data directory.
// A clone is a few hundred files (every catalog and relation fork); on ext4, creating and deleting
// that many files per test costs more than copying their bytes — the inode allocator scans past
// recently deleted inodes (measured: 169 ms per create + drop of the ci band's 24 MB template on
// the data directory's ext4, 50 ms in memory; docs/vitest.md). Clones are dropped at the end of
// the run, so nothing in it needs to outlive a reboot; after one, the folder is made again.
import { createHash } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { connect, quoteIdent, quoteLiteral } from "./session.js";

/** The tablespace's name on the embedded server. */
export const RAM_TABLESPACE = "seedband_ram";

const TMPFS_MAGIC = 0x01021994;
const RAM_ROOT = "/dev/shm";
const FOLDER_PREFIX = "seedband-ram-";
/** In each folder: the data directory whose server it belongs to (so an orphan can be told). */
export const RAM_OWNER_FILE = "seedband-data-directory";

/**
 * The name of the in-memory tablespace on the server at `serverUrl`, made when missing, or
 * undefined when clones should stay in the data directory: not Linux, no tmpfs at /dev/shm, less
 * than twice `bytesNeeded` free in it, or a server whose data directory is not on this machine.
 * Call it for seedband's embedded server only: it creates a tablespace.
 */
export async function ramTablespace(
  serverUrl: string,
  bytesNeeded: number,
  name = RAM_TABLESPACE,
): Promise<string | undefined> {
  if (process.platform !== "linux") return undefined;
  let free: number;
  try {
    const fs = statfsSync(RAM_ROOT);
    if (fs.type !== TMPFS_MAGIC) return undefined;
    free = fs.bavail * fs.bsize;
  } catch {
    return undefined;
  }
  if (free < 2 * bytesNeeded) return undefined;
  removeOrphanedRamFolders();
  const session = await connect(serverUrl);
  try {
    // Runs of one project starting together (shards) make it once.
    await session.query("SELECT pg_advisory_lock(hashtext($1))", ["seedband:ram-tablespace"]);
    const { rows } = await session.query<{
      dir: string;
      version: number;
      catalog: string;
      location: string | null;
    }>(
      `SELECT current_setting('data_directory') AS dir,
              current_setting('server_version_num')::int AS version,
              (pg_control_system()).catalog_version_no::text AS catalog,
              (SELECT pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname = $1) AS location`,
      [name],
    );
    const row = rows[0]!;
    if (!existsSync(join(row.dir, "PG_VERSION"))) return undefined;
    const place = ramPlace(row.dir, name);
    const owner = statSync(row.dir);
    const makeFolder = (path: string) => {
      mkdirSync(path, { recursive: true, mode: 0o700 });
      chownSync(path, owner.uid, owner.gid);
    };
    if (row.location === null) {
      // A folder left by an earlier cluster of the same data directory (deleted and made again)
      // holds nothing that cluster can use: PostgreSQL wants an empty one.
      if (existsSync(place) && readdirSync(place).length > 0) rmSync(place, { recursive: true, force: true });
      makeFolder(place);
      await session.query(`CREATE TABLESPACE ${quoteIdent(name)} LOCATION ${quoteLiteral(place)}`);
      writeFileSync(join(place, RAM_OWNER_FILE), row.dir);
    } else if (row.location !== place) {
      return undefined; // not the one seedband made: leave it
    } else {
      // After a reboot the memory is empty again: the folder PostgreSQL writes databases into.
      const versionFolder = join(place, `PG_${Math.floor(row.version / 10000)}_${row.catalog}`);
      if (!existsSync(versionFolder)) {
        makeFolder(place);
        makeFolder(versionFolder);
      }
      if (!existsSync(join(place, RAM_OWNER_FILE))) writeFileSync(join(place, RAM_OWNER_FILE), row.dir);
    }
    return name;
  } finally {
    await session.end().catch(() => {});
  }
}

/**
 * Removes the in-memory folders whose server is gone (its data directory deleted, as a test's or a
 * benchmark's temporary project is): they hold nothing a server can reach. Returns their paths.
 */
export function removeOrphanedRamFolders(): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(RAM_ROOT).filter((e) => e.startsWith(FOLDER_PREFIX));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const folder = join(RAM_ROOT, entry);
    let dataDirectory: string;
    try {
      dataDirectory = readFileSync(join(folder, RAM_OWNER_FILE), "utf8");
    } catch {
      continue; // not (yet) marked: being made, or not seedband's to judge
    }
    if (!isGone(dataDirectory)) continue;
    rmSync(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

/** Whether a data directory is gone for sure (not merely unreadable to this process). */
function isGone(dataDirectory: string): boolean {
  try {
    statSync(join(dataDirectory, "PG_VERSION"));
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** The folder in memory of tablespace `name` of the server whose data directory is `dataDirectory`. */
export function ramPlace(dataDirectory: string, name = RAM_TABLESPACE): string {
  const tag = createHash("sha256").update(`${dataDirectory}\0${name}`).digest("hex").slice(0, 16);
  return join(RAM_ROOT, `seedband-ram-${tag}`);
}
