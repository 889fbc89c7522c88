// seedDatabase: a prepared band into its database, start to finish — reuse a complete one, or
// make it (load/band-database), apply the schema and drop keys (load/prepare-load), stream the
// rows in (load/load-blocks), rebuild keys, indexes and foreign keys (load/finish-load), verify
// (verify/), and only then mark it complete (seed-run.ts). Each step returns its result; the run
// record is assembled from them. Anything that stops a run earlier leaves the database marked
// incomplete, and the next run drops it. A shard joins the load of the band's database instead
// (seed-shard.ts).
import { acquireBuildLock, connect, inspectDatabase, pauseAt } from "../db/index.js";
import { hasInjectedStats } from "../explain/index.js";
import { GeneratorPool } from "../generate/index.js";
import {
  checkExtensions,
  elapsedSeconds,
  freshDatabase,
  loadBlocks,
  prepareLoad,
  reuseDatabase,
  roundSeconds,
  volatileDefaultColumns,
} from "../load/index.js";
import type { PreparedBand } from "./prepared-band.js";
import type { RunRecord } from "./run-record.js";
import {
  addNondeterministic,
  finishRun,
  loopControl,
  type SeedOptions,
  type SeedRun,
  type SeedServer,
  schemaSource,
  startRun,
} from "./seed-run.js";
import { seedShard } from "./seed-shard.js";

export async function seedDatabase(
  band: PreparedBand,
  server: SeedServer,
  options: SeedOptions = {},
): Promise<RunRecord> {
  const run = await startRun(band, server, options);
  // One run per database: shards of one load in several processes meet in ShardedLoad instead.
  if (options.shard && options.shard.n > 1) return seedLocked(run);
  const lock = await acquireBuildLock(server.url, run.name, {
    owner: run.mark.owner!,
    onWait: (message) => run.emit({ kind: "phase", phase: message }),
  });
  try {
    return await seedLocked(run);
  } finally {
    await lock.release();
  }
}

async function seedLocked(run: SeedRun): Promise<RunRecord> {
  const { band, server, options } = run;
  const existing = await inspectDatabase(server.url, run.name);
  if (!options.fresh) {
    const key = { band: band.band, seed: band.seed, fingerprint: band.fingerprint };
    const stored = await reuseDatabase<RunRecord>(server.url, run.name, key, existing);
    // A database with another band's statistics injected has its files padded to that band's
    // size: putting real statistics back means VACUUMing the padding (minutes at perf scale),
    // while rebuilding takes the band's own seeding time. So it is rebuilt, not reused.
    if (stored && (options.injectsStats || !(await injectedStats(run.url)))) return reused(run, stored);
    if (stored)
      run.emit({
        kind: "phase",
        phase: "rebuilding: the database had another band's planner statistics injected",
      });
  }
  // Extensions the schema needs must be on the server before anything is created.
  await checkExtensions(server.url, run.extensions);
  if (options.shard) return seedShard(run, options.shard);
  const into = options.into !== undefined;
  await freshDatabase(server.url, run.name, run.mark, { into, existing, emit: run.emit });
  const session = await connect(run.url);
  try {
    const tables = band.generator.tables();
    const prepared = await prepareLoad(session, run.url, schemaSource(run), tables, run.emit);
    await pauseAt("migrate");
    run.record.notes = prepared.notes;
    addNondeterministic(run.record, await volatileDefaultColumns(session, tables));
    run.check();
    const workers = options.workers ?? 0;
    const pool = workers > 0 ? await GeneratorPool.start(band.recipe, workers) : undefined;
    run.record.threads = pool?.size ?? 0;
    const loaded = await loadBlocks(session, band.generator, tables, {
      ...(pool ? { pool } : {}),
      streamChecksums: true,
      ...loopControl(run),
    }).finally(() => pool?.stop());
    run.record.durations.generate = loaded.generateSeconds;
    run.record.durations.load = roundSeconds(loaded.seconds - loaded.generateSeconds);
    run.check();
    await finishRun(run, session, prepared, loaded.streamed);
    return run.record;
  } finally {
    await session.end();
  }
}

function reused(run: SeedRun, stored: RunRecord): RunRecord {
  run.emit({
    kind: "phase",
    phase: `reusing ${run.name} (same band, seed and fingerprint; --fresh rebuilds it)`,
  });
  return {
    ...stored,
    reused: true,
    startedAt: run.record.startedAt,
    finishedAt: new Date().toISOString(),
    durations: { generate: 0, load: 0, index: 0, verify: 0, total: elapsedSeconds(run.started) },
  };
}

async function injectedStats(url: string): Promise<boolean> {
  const session = await connect(url);
  try {
    return await hasInjectedStats(session);
  } finally {
    await session.end();
  }
}
