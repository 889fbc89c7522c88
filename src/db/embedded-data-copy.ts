// Physical snapshots of the embedded server: its whole data directory (every database in it),
// copied while the server is stopped, so the copy is consistent without backup mode. Restoring
// swaps the copy in by renames, so an interrupted restore never leaves a half-copied cluster
// where the server looks for its data.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { SeedbandError } from "../errors.js";
import { EmbeddedProvider } from "./embedded-provider.js";

/** Copies the embedded server's data directory (under `dataDir`) to `target` (must not exist). */
export async function saveDataDirectory(dataDir: string, target: string): Promise<{ pgMajor: number }> {
  const pgData = join(resolve(dataDir), "data");
  const pgMajor = Number.parseInt(await readFile(join(pgData, "PG_VERSION"), "utf8"), 10);
  const provider = new EmbeddedProvider({ dataDir });
  const wasRunning = (await provider.status()).running;
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString("hex")}`);
  await provider.stop();
  try {
    await copyTree(pgData, temporary);
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
  const pgData = join(resolve(dataDir), "data");
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
 * `cp -a`: as root the server runs as another OS user, and PostgreSQL starts only on a data
 * directory that user owns with mode 0700 — ownership and modes must survive the copy.
 */
function copyTree(from: string, to: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn("cp", ["-a", from, to], { stdio: ["ignore", "ignore", "pipe"] });
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
