// One shard of a band's load: join the load of the band's database (the first shard prepares
// it), load this shard's blocks in one transaction, commit it under the lock, and finish the
// database when this shard completes the set (load/sharded-load.ts says how shards meet).
import { connect, type Session } from "../db/index.js";
import type { Shard } from "../generate/index.js";
import { elapsedSeconds, loadBlocks, prepareLoad, ShardedLoad, shardLoaded } from "../load/index.js";
import type { RunRecord } from "./run-record.js";
import { finishRun, loopControl, type SeedRun, schemaSource } from "./seed-run.js";

/**
 * One shard: join the load (the first prepares the database), load this shard's blocks in one
 * transaction, commit it under the lock, and finish the database when this shard completes the set.
 */
export async function seedShard(run: SeedRun, shard: Shard): Promise<RunRecord> {
  const { band, record, emit } = run;
  const { k, n } = shard;
  const tables = band.generator.tables();
  const prepare = (session: Session, url: string) =>
    prepareLoad(session, url, schemaSource(run), tables, emit);
  const load = await ShardedLoad.join(run.server.url, run.name, n, run.mark, prepare, emit);
  record.notes = load.state.notes;
  const session = await connect(run.url);
  try {
    const loadStart = performance.now();
    let rows: Record<string, number> | undefined;
    if (await shardLoaded(session, k)) emit({ kind: "phase", phase: `shard ${k}/${n} is already loaded` });
    else {
      await session.query("BEGIN");
      const files = run.options.files ? { files: run.options.files } : {};
      ({ rows } = await loadBlocks(session, band.generator, tables, {
        shard,
        ...files,
        ...loopControl(run),
      }));
    }
    record.durations.load = elapsedSeconds(loadStart);
    let finished = false;
    const loadedShards = await load.commit(session, { k, ...(rows ? { rows } : {}) }, async (state) => {
      emit({ kind: "phase", phase: `shard ${k}/${n} completes the set: finishing ${run.name}` });
      // No stream checksums (each shard saw part of a table): read back; validated FKs still count.
      await finishRun(run, session, state, new Map(), load.runId);
      finished = true;
    });
    if (finished) record.shard = { k, n, finished: true };
    else {
      emit({
        kind: "phase",
        phase: `shard ${k}/${n} loaded; ${n - loadedShards} shard(s) to go: the last one finishes the database`,
      });
      record.status = "ok";
      record.shard = { k, n, finished: false };
      record.tables = Object.fromEntries(
        Object.entries(rows ?? {}).map(([t, r]) => [t, { rows: r, checksum: "" }]),
      );
      record.durations.total = elapsedSeconds(run.started);
      record.finishedAt = new Date().toISOString();
    }
    return record;
  } catch (error) {
    await session.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await session.end();
    await load.end();
  }
}
