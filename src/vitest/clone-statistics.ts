// Another band's planner statistics in a test's clone (`statsAs`): prepared once by the global
// setup through the pipeline (so the CLI's cache under .seedband/stats/ serves both), injected by
// seedBand() into each clone right after it is obtained, pooled or fresh. Never into the template:
// every clone would copy its padded files, and the template build puts real statistics back.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { projectPaths } from "../config/index.js";
import { connect } from "../db/index.js";
import { type BandStatsFile, checkStatsFile, injectStats, requireStatsInjection } from "../explain/index.js";
import { checkStatsServer, resolveStatsAs } from "../pipeline/index.js";
import type { CloneStatistics } from "./band-database.js";
import {
  bandRequests,
  type PreparedStatistics,
  type SeedbandPluginOptions,
  statsAsRequests,
  statsKey,
  templateKey,
} from "./options.js";

const FLAG = "statsAs";
/** The way out when the server cannot take injected statistics (too old, or its files elsewhere). */
const FIX = {
  oldServer:
    'use the embedded PostgreSQL 18 server (the plugin\'s provider: "embedded"), or a PostgreSQL 18 server running on this machine (provider "url")',
  remoteFiles:
    'use the embedded PostgreSQL 18 server (the plugin\'s provider: "embedded"), or a PostgreSQL 18 server running on this machine as this user can reach its data directory; a server in a container or on another host cannot be padded',
};

interface ProjectChoice {
  root: string;
  preset?: string;
  schema?: string;
}

/** A `statsAs` value's statistics file: a band's (computed once, then read from the cache) or a file. */
export async function prepareStatistics(
  project: ProjectChoice,
  value: string,
  seed: number,
): Promise<PreparedStatistics & { computed: boolean }> {
  const source = await resolveStatsAs(
    projectPaths(project.root),
    {
      ...(project.preset ? { preset: project.preset } : {}),
      ...(project.schema ? { schema: project.schema } : {}),
    },
    value,
    seed,
    { flag: FLAG, base: project.root },
  );
  return {
    band: source.file.band,
    bandFingerprint: source.file.bandFingerprint,
    file: resolve(project.root, source.path),
    source: source.path,
    computed: source.computed,
  };
}

/**
 * The global setup's part: the server checked (PostgreSQL 18, files on this machine) before any
 * band is built, and every `statsAs` of the plugin's bands prepared once. Nothing when no band has one.
 */
export async function prepareRunStatistics(
  serverUrl: string,
  project: ProjectChoice,
  options: SeedbandPluginOptions,
  log: (message: string) => void,
): Promise<{ statsAs: Record<string, string>; statistics: Record<string, PreparedStatistics> } | undefined> {
  const statsAs = statsAsRequests(options);
  if (Object.keys(statsAs).length === 0) return undefined;
  await checkStatsServer(serverUrl, FLAG, FIX);
  const statistics: Record<string, PreparedStatistics> = {};
  for (const { band, seed } of bandRequests(options)) {
    const value = statsAs[templateKey(band, seed)];
    if (!value || statistics[statsKey(value, seed)]) continue;
    const started = performance.now();
    const { computed, ...prepared } = await prepareStatistics(project, value, seed);
    statistics[statsKey(value, seed)] = prepared;
    const took = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `statistics of ${prepared.band} (seed ${seed}): ${computed ? `computed in ${took} s, cached` : "read from"} ${prepared.source}; injected into every clone of ${band} (seed ${seed}), not into its template`,
    );
  }
  return { statsAs, statistics };
}

const files = new Map<string, Promise<BandStatsFile>>();

/** Injects the statistics into a clone (the seedBand() side); what the clone's metadata says. */
export async function injectIntoClone(
  cloneUrl: string,
  prepared: PreparedStatistics,
): Promise<CloneStatistics> {
  let file = files.get(prepared.file);
  if (!file) {
    file = readFile(prepared.file, "utf8").then((text) => checkStatsFile(JSON.parse(text), prepared.source));
    files.set(prepared.file, file);
    file.catch(() => files.delete(prepared.file));
  }
  const stats = await file;
  const session = await connect(cloneUrl);
  try {
    await requireStatsInjection(session, FLAG, FIX);
    const injected = await injectStats(session, stats);
    return { injected: true, ...injected, source: prepared.source };
  } finally {
    await session.end();
  }
}
