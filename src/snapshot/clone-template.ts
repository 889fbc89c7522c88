// Clones of a template snapshot: a fresh database per test (or per caller), marked as seedband's
// with the run that made it, so a crashed run's clones can be told from a live run's. The pool's
// ready databases (clone-pool.ts) are made the same way, marked `kind: "pool"`.
import { randomBytes } from "node:crypto";
import { createOwnedDatabase, databaseUrl, type OwnerMark, type RunOwner } from "../db/index.js";
import { safeBand } from "./snapshot-key.js";
import type { TemplateSnapshot } from "./template-snapshot.js";

export interface Clone {
  name: string;
  url: string;
}

type SnapshotIdentity = Pick<TemplateSnapshot, "name" | "band" | "seed" | "fingerprint" | "project">;

/** How a copy is made: the strategy (PostgreSQL 15+) and the tablespace its files go to. */
export interface CopyHow {
  strategy?: "FILE_COPY" | "WAL_LOG";
  /** The embedded server's in-memory tablespace (db/ram-tablespace.ts); absent: the default one. */
  tablespace?: string;
}

/** A new clone's name: `seedband_t_<band>_<12 hex>`. */
export function cloneName(band: string): string {
  return `seedband_t_${safeBand(band)}_${randomBytes(6).toString("hex")}`;
}

/**
 * The mark of a complete copy of `snapshot` made now by `owner`: a clone, or a pool database.
 * It carries the snapshot's project, so only that project's teardown and leftover sweep drop it.
 */
export function cloneMark(snapshot: SnapshotIdentity, owner: RunOwner, kind: "clone" | "pool"): OwnerMark {
  const now = new Date().toISOString();
  return {
    v: 1,
    kind,
    band: snapshot.band,
    seed: snapshot.seed,
    fingerprint: snapshot.fingerprint,
    status: "complete",
    owner,
    ...(snapshot.project ? { project: snapshot.project } : {}),
    createdAt: now,
    completedAt: now,
  };
}

/** `CREATE DATABASE <name> TEMPLATE <snapshot>` as `how` says, marked complete with its owner. */
export async function copyTemplate(
  serverUrl: string,
  name: string,
  snapshot: SnapshotIdentity,
  owner: RunOwner,
  kind: "clone" | "pool",
  how: CopyHow = {},
): Promise<void> {
  await createOwnedDatabase(serverUrl, name, cloneMark(snapshot, owner, kind), {
    template: snapshot.name,
    ...(how.strategy ? { strategy: how.strategy } : {}),
    ...(how.tablespace ? { tablespace: how.tablespace } : {}),
  });
}

/**
 * `CREATE DATABASE <clone> TEMPLATE <snapshot>` (STRATEGY FILE_COPY on PostgreSQL 15+, or
 * `how.strategy`; in `how.tablespace` when given), marked complete with its owner.
 */
export async function cloneTemplate(
  serverUrl: string,
  snapshot: SnapshotIdentity,
  owner: RunOwner,
  how: CopyHow = {},
): Promise<Clone> {
  const name = cloneName(snapshot.band);
  await copyTemplate(serverUrl, name, snapshot, owner, "clone", how);
  return { name, url: databaseUrl(serverUrl, name) };
}
