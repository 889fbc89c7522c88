// Databases a run made for itself (clones, snapshots being built) and what is left of runs that
// died: a database whose owner is a process on this host that no longer runs is dropped; one of
// a live run, or of another host (several machines may share a server), is left alone.
import { hostname } from "node:os";
import { dropOwnedDatabase, listOwnedDatabases, type RunOwner } from "../db/index.js";

/** The owner of this process's databases: pid and host, and a run id unique to this run. */
export function runOwner(runId: string, pid = process.pid): RunOwner {
  return { runId, pid, host: hostname() };
}

export function isOwnerAlive(owner: RunOwner): boolean {
  if (owner.host !== hostname()) return true; // cannot tell: leave it to its own host
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Drops the databases of runs of project `project` that are no longer alive; `project` null: of
 * every project (`--all-projects`), marks without a project (older seedband versions) included.
 * One drop at a time, each on its own short session, so a server near `max_connections` is not
 * pushed over it.
 */
export async function dropLeftovers(
  serverUrl: string,
  project: string | null,
  options: { dryRun?: boolean } = {},
): Promise<string[]> {
  const dropped: string[] = [];
  for (const { name, mark } of await listOwnedDatabases(serverUrl)) {
    if (project !== null && mark.project !== project) continue;
    // Clones, pools' ready clones, and snapshots still being built; a published snapshot is
    // nobody's leftover, and a band database is dropped only by the next run of its band (shards
    // of one load may outlive the process that prepared it).
    const leftover =
      mark.kind === "clone" ||
      mark.kind === "pool" ||
      (mark.kind === "snapshot" && mark.status === "incomplete");
    if (!leftover) continue;
    if (!mark.owner || isOwnerAlive(mark.owner)) continue;
    if (options.dryRun) dropped.push(name);
    else if (await dropOwnedDatabase(serverUrl, name).catch(() => false)) dropped.push(name);
  }
  return dropped;
}

/** Drops every database this run (`runId`) created: its clones and its pool's ready clones. */
export async function dropRunDatabases(serverUrl: string, runId: string): Promise<string[]> {
  const dropped: string[] = [];
  for (const { name, mark } of await listOwnedDatabases(serverUrl)) {
    if (mark.owner?.runId !== runId || (mark.kind !== "clone" && mark.kind !== "pool")) continue;
    if (await dropOwnedDatabase(serverUrl, name).catch(() => false)) dropped.push(name);
  }
  return dropped;
}
