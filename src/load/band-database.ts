// A band's database through its life: reused when a complete one of the same band, seed and
// fingerprint exists; otherwise made anew (an incomplete or stale one dropped first), or, with
// `--into`, an empty database (or one already ours) claimed and cleared. Only databases seedband
// created or claimed are ever dropped or cleared (src/db checks the marks).
import {
  claimDatabase,
  connect,
  createOwnedDatabase,
  type DatabaseInspection,
  databaseUrl,
  dropOwnedDatabase,
  type OwnerMark,
  quoteIdent,
  updateMark,
} from "../db/index.js";
import type { Emit } from "./load-event.js";
import { readStoredRecord } from "./meta-store.js";

/** What decides whether a database holds the band: the same band, seed and combined fingerprint. */
export interface BandKey {
  band: string;
  seed: number;
  fingerprint: string;
}

/**
 * The stored run record of a complete database of this band, seed and fingerprint, marked as the
 * latest seed (`verify` without a band takes it); null when there is none to reuse.
 */
export async function reuseDatabase<T>(
  serverUrl: string,
  name: string,
  key: BandKey,
  existing: DatabaseInspection,
): Promise<T | null> {
  const m = existing.mark;
  if (!existing.exists || !m || m.status !== "complete") return null;
  if (m.fingerprint !== key.fingerprint || m.seed !== key.seed || m.band !== key.band) return null;
  const stored = await readStoredRecord<T>(databaseUrl(serverUrl, name));
  if (stored) await updateMark(serverUrl, name, { seededAt: new Date().toISOString() });
  return stored;
}

/** An empty database for the load, marked incomplete: `into` claimed and cleared, else made anew. */
export async function freshDatabase(
  serverUrl: string,
  name: string,
  mark: OwnerMark,
  options: { into: boolean; existing: DatabaseInspection; emit: Emit },
): Promise<void> {
  if (options.into) {
    await claimDatabase(serverUrl, name, mark);
    await clearDatabase(databaseUrl(serverUrl, name));
    return;
  }
  // Unmarked: createOwnedDatabase rebuilds it when it is a half-created one of ours, else refuses.
  if (options.existing.exists && options.existing.mark) {
    const incomplete = options.existing.mark.status === "incomplete" ? "the incomplete " : "";
    options.emit({ kind: "phase", phase: `dropping ${incomplete}${name}` });
    await dropOwnedDatabase(serverUrl, name);
  }
  await createOwnedDatabase(serverUrl, name, mark);
}

/**
 * Marks a verified database complete (and the latest seed), compare-and-set on the run id: only
 * when its mark is still this run's (`runId`); another run's database is refused with BUSY.
 */
export async function markComplete(
  serverUrl: string,
  name: string,
  at: string,
  runId?: string,
): Promise<void> {
  await updateMark(
    serverUrl,
    name,
    { status: "complete", completedAt: at, seededAt: at },
    runId !== undefined ? { runId } : {},
  );
}

/** An `--into` database that is already ours: remove what an earlier run loaded. */
async function clearDatabase(url: string): Promise<void> {
  const session = await connect(url);
  try {
    const { rows } = await session.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
    );
    const drops = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`).join("\n");
    await session.query(`${drops}\nCREATE SCHEMA IF NOT EXISTS public;`);
  } finally {
    await session.end();
  }
}
