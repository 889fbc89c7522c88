// runSeed: seedDatabase as every face calls it — with the drift check's cached notes when asked
// (an unchanged project does not pay for the schema engine on every seed), and a run record
// written under .seedband/runs/ whatever happens (status failed and the error, when it fails).
import type { ProjectPaths } from "../config/index.js";
import { databaseUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { DRIFT_NOTE } from "../load/index.js";
import { schemaFilesFingerprint } from "../schema/index.js";
import { DriftCache } from "./drift-cache.js";
import type { PreparedBand } from "./prepared-band.js";
import { emptyRecord, type RunRecord } from "./run-record.js";
import { seedDatabase } from "./seed-database.js";
import type { SeedOptions, SeedServer } from "./seed-run.js";
import { applyStatsAs, checkStatsServer, type StatsAsSource } from "./stats-as.js";
import { writeRunRecord } from "./write-run-record.js";

export interface RunSeedOptions extends SeedOptions {
  /** Reuse (and keep) the drift check's notes under .seedband/drift (needs the server's major). */
  cacheDrift?: boolean;
  /**
   * Inject these planner statistics (another band's) after the load; the server must be
   * PostgreSQL 18+, checked before anything is loaded. Without it, a database that had statistics
   * injected by an earlier run gets its own back (ANALYZE).
   */
  statsAs?: StatsAsSource;
}

export async function runSeed(
  prepared: PreparedBand,
  server: SeedServer & { majorVersion?: () => Promise<number> },
  paths: ProjectPaths,
  options: RunSeedOptions = {},
): Promise<{ record: RunRecord; file: string }> {
  try {
    const { cacheDrift, statsAs, ...seed } = options;
    if (statsAs) await checkStatsServer(server.url);
    const { inputs } = prepared;
    const cache =
      cacheDrift && server.majorVersion
        ? new DriftCache(paths.stateDir, [
            inputs.schemaFingerprint,
            schemaFilesFingerprint(inputs.schemaFiles),
            prepared.seedbandVersion,
            await server.majorVersion(),
          ])
        : undefined;
    const driftNotes = cache?.read();
    const record = await seedDatabase(prepared, server, {
      ...(driftNotes ? { driftNotes } : {}),
      ...(statsAs ? { injectsStats: true } : {}),
      ...seed,
    });
    if (record.status === "ok" && (!record.shard || record.shard.finished)) {
      const applied = await applyStatsAs(databaseUrl(server.url, record.database.name), statsAs?.file);
      if (applied.injected && statsAs) {
        const { band, bandFingerprint, tables, columns, indexes } = applied.injected;
        record.statistics = {
          injected: true,
          band,
          bandFingerprint,
          source: statsAs.path,
          tables,
          columns,
          indexes,
        };
        (record.notes ??= []).push(
          `planner statistics of band "${band}" injected (${tables} tables, ${columns} columns, ${indexes} indexes); auto-vacuum is off on those tables so auto-analyze keeps them. A seed without --stats-as puts the real statistics back.`,
        );
      } else if (applied.restored.length > 0) {
        (record.notes ??= []).push(
          `real planner statistics put back (ANALYZE) on ${applied.restored.length} tables that had another band's injected`,
        );
      }
    }
    if (cache && record.status === "ok" && inputs.migrations.length > 0) {
      cache.write((record.notes ?? []).filter((n) => DRIFT_NOTE.test(n)));
    }
    return { record, file: writeRunRecord(paths.runsDir, record, server.url) };
  } catch (error) {
    const record = emptyRecord("seed", prepared.band, prepared.seed);
    record.errors.push({
      code: error instanceof SeedbandError ? error.code : "ERROR",
      message: (error as Error).message,
    });
    record.finishedAt = new Date().toISOString();
    writeRunRecord(paths.runsDir, record, server.url);
    throw error;
  }
}
