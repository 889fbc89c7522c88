// The `_seedband` schema inside a seeded database: our bookkeeping, which the emptiness check
// ignores. It keeps a copy of the run record (so a reused database reports the same checksums)
// and, during a sharded load, the shared state of the load and the shards that have finished.
import { connect, type Session } from "../db/index.js";
import type { DeferredObject } from "./deferred-constraints.js";

export const META_SCHEMA = "_seedband";

/** What every shard of a load needs from the one that prepared the database. */
export interface ShardState {
  n: number;
  deferred: DeferredObject[];
  restoreSql: string[];
  notes: string[];
}

/** Kept as `json`, not `jsonb`: jsonb reorders keys, and a reused run must print the same document. */
export async function storeRunRecord(session: Session, record: object): Promise<void> {
  await session.query(
    `CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA};
     CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.run (id int PRIMARY KEY, record json NOT NULL);`,
  );
  await session.query(
    `INSERT INTO ${META_SCHEMA}.run (id, record) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record`,
    [JSON.stringify(record)],
  );
}

/** The run record the seed stored in the database, or null when it has none. */
export function readStoredRecord<T>(url: string): Promise<T | null> {
  return readMeta<T>(url, "run", "record");
}

/** Creates the shard tables and keeps the load's state (the session of the shard that prepares). */
export async function storeShardState(session: Session, state: ShardState): Promise<void> {
  await session.query(
    `CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA};
     CREATE TABLE ${META_SCHEMA}.shard_state (id int PRIMARY KEY, state jsonb NOT NULL);
     CREATE TABLE ${META_SCHEMA}.shards (k int PRIMARY KEY, rows jsonb NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());`,
  );
  await session.query(`INSERT INTO ${META_SCHEMA}.shard_state (id, state) VALUES (1, $1)`, [
    JSON.stringify(state),
  ]);
}

export function readShardState(url: string): Promise<ShardState | null> {
  return readMeta<ShardState>(url, "shard_state", "state");
}

/** Whether shard k has loaded (and committed) its rows. */
export async function shardLoaded(session: Session, k: number): Promise<boolean> {
  const { rows } = await session.query(`SELECT k FROM ${META_SCHEMA}.shards WHERE k = $1`, [k]);
  return rows.length > 0;
}

/** Records shard k, in the transaction that loaded its rows. */
export async function recordShard(session: Session, k: number, rows: Record<string, number>): Promise<void> {
  await session.query(`INSERT INTO ${META_SCHEMA}.shards (k, rows) VALUES ($1, $2)`, [
    k,
    JSON.stringify(rows),
  ]);
}

export async function loadedShards(session: Session): Promise<number> {
  const { rows } = await session.query<{ n: string }>(`SELECT count(*) AS n FROM ${META_SCHEMA}.shards`);
  return Number(rows[0]?.n);
}

/** The one row (id 1) of a table of ours in the database, or null when there is none. */
async function readMeta<T>(url: string, table: string, column: string): Promise<T | null> {
  const session = await connect(url);
  try {
    const { rows } = await session
      .query<Record<string, T>>(`SELECT ${column} FROM ${META_SCHEMA}.${table} WHERE id = 1`)
      .catch(() => ({ rows: [] as Array<Record<string, T>> }));
    return rows[0]?.[column] ?? null;
  } finally {
    await session.end();
  }
}
