// Clones of a template snapshot: a fresh database per test (or per caller), marked as seedband's
// with the run that made it, so a crashed run's clones can be told from a live run's.
import { randomBytes } from "node:crypto";
import { createOwnedDatabase, databaseUrl, type RunOwner } from "../db/index.js";
import { safeBand } from "./snapshot-key.js";
import type { TemplateSnapshot } from "./template-snapshot.js";

export interface Clone {
  name: string;
  url: string;
}

/**
 * `CREATE DATABASE <clone> TEMPLATE <snapshot>` (STRATEGY FILE_COPY on PostgreSQL 15+, or
 * `strategy`), marked complete with its owner.
 */
export async function cloneTemplate(
  serverUrl: string,
  snapshot: Pick<TemplateSnapshot, "name" | "band" | "seed" | "fingerprint" | "project">,
  owner: RunOwner,
  strategy?: "FILE_COPY" | "WAL_LOG",
  tablespace?: string,
): Promise<Clone> {
  const name = `seedband_t_${safeBand(snapshot.band)}_${randomBytes(6).toString("hex")}`;
  const now = new Date().toISOString();
  await createOwnedDatabase(
    serverUrl,
    name,
    {
      v: 1,
      kind: "clone",
      band: snapshot.band,
      seed: snapshot.seed,
      fingerprint: snapshot.fingerprint,
      status: "complete",
      owner,
      createdAt: now,
      completedAt: now,
      ...(snapshot.project ? { project: snapshot.project } : {}),
    },
    { template: snapshot.name, ...(strategy ? { strategy } : {}), ...(tablespace ? { tablespace } : {}) },
  );
  return { name, url: databaseUrl(serverUrl, name) };
}
