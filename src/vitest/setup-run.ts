// The run's global setup, shared by the plugin's globalSetup file and by a project's own
// vitest.setup.ts: provision the server, drop what dead runs left, build the configured bands'
// templates, fill the pools of ready clones (kept full in the background for the whole run),
// provide the connection info, and at teardown stop the pools and drop every clone this run made.
import { randomBytes } from "node:crypto";
import { findProjectRoot, projectId } from "../config/index.js";
import { connect, ramTablespace, redactUrl, type StartedServer } from "../db/index.js";
import {
  CLAIM_WAIT_MS,
  ClonePool,
  type ClonePoolStats,
  cloneChoice,
  dropLeftovers,
  dropRunDatabases,
  MAX_DISCARDED,
  runOwner,
  WAL_LOG_MAX_BYTES,
} from "../snapshot/index.js";
import { bandTemplate } from "./band-template.js";
import { prepareRunStatistics } from "./clone-statistics.js";
import {
  bandRequests,
  type SeedbandContext,
  type SeedbandPluginOptions,
  type TemplateInfo,
  templateKey,
} from "./options.js";
import { provisionServer } from "./provision-server.js";

/** What Vitest's global setup receives, as far as seedband uses it. */
export interface ProvidingProject {
  provide(key: "seedband", value: SeedbandContext): void;
  /** Vitest's resolved config: the worker count sizes the pool. */
  config?: { maxWorkers?: number };
}

export interface SeedbandRun {
  context: SeedbandContext;
  server: StartedServer;
  /** The pools' counters (warm-up, clones created); absent with `pool: false`. */
  pool?: ClonePoolStats;
  teardown(): Promise<void>;
}

export async function startSeedbandRun(
  project: ProvidingProject,
  options: SeedbandPluginOptions = {},
  log: (message: string) => void = (m) => process.stderr.write(`seedband: ${m}\n`),
): Promise<SeedbandRun> {
  const root = options.root ?? findProjectRoot();
  const provisioned = await provisionServer(options, root);
  const { server } = provisioned;
  log(providerLine(server, provisioned.skipped));
  const owner = runOwner(randomBytes(8).toString("hex"));
  // Held (shared) for the whole run: a run that started the server stops it at its end only when
  // no other run holds it (`vitest --shard` processes, several projects, share one server).
  const presence = await connect(server.url);
  await presence.query("SELECT pg_advisory_lock_shared(hashtext($1))", [RUNS_LOCK]);
  const release = async () => {
    await presence.end().catch(() => {});
    if (await otherRunsActive(server.url)) {
      log("the server stays up: another run is using it");
      return;
    }
    await provisioned.release();
  };
  let stopPool = async () => {};
  try {
    // Only this project's: another project's run on the same server is not ours to judge.
    const dropped = await dropLeftovers(server.url, projectId(root));
    if (dropped.length > 0) log(`dropped ${dropped.length} database(s) left by runs that no longer run`);
    // `statsAs`: the server checked and the statistics prepared before any band is built.
    const prepared = await prepareRunStatistics(server.url, { ...options, root }, options, log);
    const templates: Record<string, TemplateInfo> = {};
    const pinned = options.cloneStrategy === "auto" ? undefined : options.cloneStrategy;
    const workers = Math.max(1, project.config?.maxWorkers ?? 4);
    const poolSize = options.pool === false ? 0 : (options.pool?.size ?? Math.max(4, 2 * workers));
    const concurrency =
      options.pool === false ? 0 : (options.pool?.concurrency ?? Math.min(4, Math.max(2, workers)));
    for (const { band, seed } of bandRequests(options)) {
      const snapshot = await bandTemplate({
        serverUrl: server.url,
        kind: server.kind,
        root,
        band,
        seed,
        ...(options.preset ? { preset: options.preset } : {}),
        ...(options.schema ? { schema: options.schema } : {}),
        owner,
        onEvent: log,
      });
      log(
        snapshot.built
          ? `template ${band} (seed ${seed}): built ${snapshot.name}: none of fingerprint ${snapshot.fingerprint.slice(0, 12)} on this server yet (first run, or the schema, migrations, preset, seedband.config.ts or seedband's version changed)`
          : `template ${band} (seed ${seed}): reused ${snapshot.name} (same fingerprint ${snapshot.fingerprint.slice(0, 12)})`,
      );
      const choice = await cloneChoice(server.url, snapshot.name);
      const strategy = pinned ?? choice.strategy;
      // On seedband's own server, a small template's clones live in memory (db/ram-tablespace.ts):
      // room for the pool, the clones being made and dropped, and one in use per worker.
      const inMemory =
        server.kind === "embedded" &&
        options.ramClones !== false &&
        choice.bytes !== undefined &&
        choice.bytes <= WAL_LOG_MAX_BYTES;
      const tablespace = inMemory
        ? await ramTablespace(server.url, choice.bytes! * (poolSize + concurrency + MAX_DISCARDED + workers))
        : undefined;
      templates[templateKey(band, seed)] = {
        name: snapshot.name,
        band,
        seed,
        fingerprint: snapshot.fingerprint,
        ...(snapshot.project ? { project: snapshot.project } : {}),
        ...(strategy ? { strategy } : {}),
        ...(tablespace ? { tablespace } : {}),
        // A claim on an empty pool waits for the refiller's next clone when clones are quick to
        // make; a big template's (over 256 MB) takes seconds, and a copy of its own started at once
        // is then no slower than the wait behind the refiller's queue (bench/clone-pool.mjs, dev).
        ...(options.pool !== false
          ? {
              claimWaitMs: choice.bytes !== undefined && choice.bytes > WAL_LOG_MAX_BYTES ? 0 : CLAIM_WAIT_MS,
            }
          : {}),
        ...(options.pool !== false ? { pooled: true } : {}),
      };
    }
    let pool: ClonePool | undefined;
    if (options.pool !== false) {
      const size = poolSize;
      pool = new ClonePool({
        serverUrl: server.url,
        owner,
        // Refills copy files (FILE_COPY) on PostgreSQL 15+, several at once: concurrent copies
        // share the checkpoint each forces, and unlike WAL_LOG they leave no dirty buffers for
        // the next checkpoint — the one every DROP DATABASE of a used clone forces (docs/vitest.md).
        templates: Object.values(templates).map((t) => ({
          ...t,
          ...(t.strategy ? { strategy: pinned ?? "FILE_COPY" } : {}),
        })),
        size,
        concurrency,
        // The first test of each worker finds one ready; the rest fill while the tests start.
        warm: Math.min(size, workers),
        onEvent: log,
      });
      stopPool = () => pool!.stop();
      const stats = await pool.start();
      log(
        `pool ready: ${stats.created} clone(s) in ${stats.warmUpSeconds.toFixed(2)} s, filling to ${size} per band` +
          (Object.values(templates).some((t) => t.tablespace) ? " (clones in memory, /dev/shm)" : ""),
      );
    }
    const context: SeedbandContext = {
      serverUrl: server.url,
      root,
      owner,
      templates,
      ...(prepared ?? {}),
      ...(options.preset ? { preset: options.preset } : {}),
      ...(options.schema ? { schema: options.schema } : {}),
    };
    project.provide("seedband", context);
    return {
      context,
      server,
      ...(pool ? { pool: pool.stats } : {}),
      teardown: async () => {
        try {
          await stopPool();
          await dropRunDatabases(server.url, owner.runId);
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await stopPool().catch(() => {});
    await dropRunDatabases(server.url, owner.runId).catch(() => {});
    await release().catch(() => {});
    throw error;
  }
}

const RUNS_LOCK = "seedband:vitest-runs";

/** One line: the server used and why the providers before it were skipped. */
function providerLine(server: StartedServer, skipped: string[]): string {
  const where = server.kind === "embedded" ? "the embedded server under .seedband/pg" : redactUrl(server.url);
  return `server: ${server.kind}, ${where}${skipped.length > 0 ? `; skipped ${skipped.join("; ")}` : ""}`;
}

/** Whether another run holds the runs lock (it takes it shared for as long as it runs). */
async function otherRunsActive(serverUrl: string): Promise<boolean> {
  const session = await connect(serverUrl);
  try {
    const { rows } = await session.query<{ got: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext($1)) AS got",
      [RUNS_LOCK],
    );
    return !rows[0]!.got;
  } finally {
    await session.end().catch(() => {});
  }
}
