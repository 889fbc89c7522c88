// Where the embedded server lives when seedband runs as root. PostgreSQL refuses to run as root,
// so its server runs as an unprivileged OS user, which must be able to walk down to its data
// directory and to its binaries. A project in a folder that user cannot enter (a `mktemp -d`
// folder is 0700, so is root's home) keeps both in a shared place instead: the data under
// `<shared>/data-<hash of the project's data directory>`, the binaries copied once per version
// under `<shared>/binaries-<platform>-<version>`. `<shared>` is /var/tmp/seedband-pg, or
// SEEDBAND_EMBEDDED_SHARED_DIR; every run of the same project finds the same place again.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { chmod, cp, mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { EmbeddedBinaries } from "./embedded-binaries.js";

/** The folder that holds relocated data directories and binaries. */
export function sharedEmbeddedRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SEEDBAND_EMBEDDED_SHARED_DIR?.trim() || "/var/tmp/seedband-pg");
}

/** Whether any OS user may walk down to `path`: every existing folder on the way has o+x. */
export function othersCanReach(path: string): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const s = statSync(dir, { throwIfNoEntry: false });
    if (s?.isDirectory() && !(s.mode & 0o001)) return false;
    if (dir === dirname(dir)) return true;
  }
}

/**
 * The folder the embedded server of `dataDir` really uses: `dataDir` itself, unless this process
 * runs as root and `dataDir` lies in a folder other users cannot enter; then its place under the
 * shared root (the same one on every run).
 */
export function embeddedDataPlace(dataDir: string, uid = process.getuid?.()): string {
  const wanted = resolve(dataDir);
  if (uid !== 0 || othersCanReach(wanted)) return wanted;
  return join(sharedEmbeddedRoot(), `data-${hashOf(wanted)}`);
}

/**
 * The binaries as the server's OS user can run them: where npm installed them when that user can
 * reach them, else a copy of the platform package's `native` folder under the shared root (made
 * once per package version, published by rename so a half-made copy is never used).
 */
export async function reachableBinaries(
  binaries: EmbeddedBinaries,
  uid = process.getuid?.(),
): Promise<EmbeddedBinaries> {
  if (uid !== 0 || othersCanReach(binaries.postgres)) return binaries;
  const native = nativeFolder(binaries.postgres);
  const version = packageVersion(native);
  const place = join(sharedEmbeddedRoot(), `binaries-${process.platform}-${process.arch}-${version}`);
  if (!(await stat(join(place, "bin", "postgres")).catch(() => null))) {
    await ensureSharedRoot();
    const temporary = `${place}.tmp-${randomBytes(4).toString("hex")}`;
    try {
      await cp(native, temporary, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      await chmod(temporary, 0o755);
      await rename(temporary, place).catch(async (error: NodeJS.ErrnoException) => {
        // Another run published it first: theirs is as good as ours.
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
  }
  const moved = (path: string) => join(place, path.slice(native.length));
  return {
    initdb: moved(binaries.initdb),
    pg_ctl: moved(binaries.pg_ctl),
    postgres: moved(binaries.postgres),
  };
}

/** Creates the shared root, enterable by the server's OS user. */
export async function ensureSharedRoot(): Promise<void> {
  const root = sharedEmbeddedRoot();
  await mkdir(root, { recursive: true });
  await chmod(root, 0o755);
}

/** `<platform package>/native`: the folder above `bin/postgres`. */
function nativeFolder(postgres: string): string {
  return dirname(dirname(postgres));
}

function packageVersion(native: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(native), "package.json"), "utf8")) as {
      version?: string;
    };
    return (pkg.version ?? "unknown").replace(/[^A-Za-z0-9._-]/g, "_");
  } catch {
    return hashOf(native);
  }
}

function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
