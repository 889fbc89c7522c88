// runSeed: seedDatabase as every face calls it — with the drift check's cached notes when asked
// (an unchanged project does not pay for the schema engine on every seed), and a run record
// written under .seedband/runs/ whatever happens (status failed and the error, when it fails).
import type { ProjectPaths } from "../config/index.js";
import { SeedbandError } from "../errors.js";
import { DRIFT_NOTE } from "../load/index.js";
import { schemaFilesFingerprint } from "../schema/index.js";
import { DriftCache } from "./drift-cache.js";
import type { PreparedBand } from "./prepared-band.js";
import { emptyRecord, type RunRecord } from "./run-record.js";
import { seedDatabase } from "./seed-database.js";
import type { SeedOptions, SeedServer } from "./seed-run.js";
import { writeRunRecord } from "./write-run-record.js";

export interface RunSeedOptions extends SeedOptions {
  /** Reuse (and keep) the drift check's notes under .seedband/drift (needs the server's major). */
  cacheDrift?: boolean;
}

export async function runSeed(
  prepared: PreparedBand,
  server: SeedServer & { majorVersion?: () => Promise<number> },
  paths: ProjectPaths,
  options: RunSeedOptions = {},
): Promise<{ record: RunRecord; file: string }> {
  try {
    const { cacheDrift, ...seed } = options;
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
    const record = await seedDatabase(prepared, server, { ...(driftNotes ? { driftNotes } : {}), ...seed });
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
