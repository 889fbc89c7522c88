// Shards of one load find each other through the target database, under an advisory lock keyed
// by its name: the first shard (or the first after a load in another number of shards) makes the
// database and prepares it, keeping the shared state in `_seedband.shard_state`; each shard then
// loads its blocks in one transaction (an interrupted shard leaves nothing behind) and records
// itself in `_seedband.shards` before it commits; the one that completes the set finishes.
import {
  connect,
  createOwnedDatabase,
  databaseUrl,
  dropOwnedDatabase,
  inspectDatabase,
  type OwnerMark,
  type Session,
} from "../db/index.js";
import type { Emit } from "./load-event.js";
import { loadedShards, readShardState, recordShard, type ShardState, storeShardState } from "./meta-store.js";
import type { PreparedLoad } from "./prepare-load.js";

export class ShardedLoad {
  private constructor(
    private readonly lock: Session,
    private readonly lockKey: string,
    readonly state: ShardState,
    /** The run that prepared the database: its mark's run id, which "complete" is compared with. */
    readonly runId: string | undefined,
  ) {}

  /** Joins (or starts) the load of database `name` in `n` shards; `prepare` runs in the first. */
  static async join(
    serverUrl: string,
    name: string,
    n: number,
    mark: OwnerMark,
    prepare: (session: Session, url: string) => Promise<PreparedLoad>,
    emit: Emit,
  ): Promise<ShardedLoad> {
    const lockKey = `seedband:${name}`;
    const lock = await connect(serverUrl);
    const url = databaseUrl(serverUrl, name);
    try {
      let runId = mark.runId;
      const state = await withAdvisoryLock(lock, lockKey, async () => {
        const existing = await inspectDatabase(serverUrl, name);
        const kept =
          existing.exists && existing.mark?.status === "incomplete" ? await readShardState(url) : null;
        if (kept && kept.n === n) {
          runId = existing.mark?.runId;
          return kept;
        }
        if (existing.exists && existing.mark) {
          emit({ kind: "phase", phase: `dropping ${name}: it is not a load in ${n} shards` });
          await dropOwnedDatabase(serverUrl, name);
        }
        await createOwnedDatabase(serverUrl, name, mark);
        const session = await connect(url);
        try {
          const made: ShardState = { n, ...(await prepare(session, url)) };
          await storeShardState(session, made);
          return made;
        } finally {
          await session.end();
        }
      });
      return new ShardedLoad(lock, lockKey, state, runId);
    } catch (error) {
      await lock.end();
      throw error;
    }
  }

  /**
   * Commits shard k's transaction on `session` (unless it had loaded before) under the lock, and
   * runs `finish` there when every shard has loaded; returns how many have.
   */
  async commit(
    session: Session,
    shard: { k: number; rows?: Record<string, number> },
    finish: (state: ShardState) => Promise<void>,
  ): Promise<number> {
    return withAdvisoryLock(this.lock, this.lockKey, async () => {
      if (shard.rows) {
        await recordShard(session, shard.k, shard.rows);
        await session.query("COMMIT");
      }
      const loaded = await loadedShards(session);
      if (loaded >= this.state.n) await finish(this.state);
      return loaded;
    });
  }

  async end(): Promise<void> {
    await this.lock.end();
  }
}

async function withAdvisoryLock<T>(lock: Session, key: string, body: () => Promise<T>): Promise<T> {
  await lock.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
  try {
    return await body();
  } finally {
    await lock.query("SELECT pg_advisory_unlock(hashtext($1))", [key]).catch(() => {});
  }
}
