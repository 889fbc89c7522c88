// `--stats-as <band|file>`: the planner statistics to inject into a smaller band's database. A
// band name computes them (bandStats) and keeps them under .seedband/stats/, keyed by band, seed
// and fingerprint (they are a pure function of those, so the cache is never stale); a path reads
// a file `seedband stats --out` wrote. Also: injecting them into a seeded database, or putting
// real statistics back into one that had them injected before.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { threadId } from "node:worker_threads";
import type { ProjectPaths } from "../config/index.js";
import { connect } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import {
  type BandStatsFile,
  checkStatsFile,
  type InjectedStats,
  injectStats,
  requireStatsInjection,
  restoreRealStats,
  STATS_METHOD,
} from "../explain/index.js";
import { bandStats } from "./band-stats.js";
import { bandFingerprintOf, prepareBand } from "./prepared-band.js";
import { type ProjectOptions, readProjectInputs } from "./project-inputs.js";

export interface StatsAsSource {
  file: BandStatsFile;
  /** Where it came from: the cache file or the user's file, relative to the project root. */
  path: string;
  /** Computed now (not read from a file or the cache). */
  computed: boolean;
}

/** A value of --stats-as that names a file rather than a band. */
function isFileValue(value: string): boolean {
  return value.endsWith(".json") || value.includes("/") || value.includes("\\");
}

/** The statistics `--stats-as value` names (a band of this project, or a file). */
export async function resolveStatsAs(
  paths: ProjectPaths,
  options: ProjectOptions,
  value: string,
  seed: number,
  /** How the caller names the option in messages, and what a relative file path is relative to. */
  face: { flag?: string; base?: string } = {},
): Promise<StatsAsSource> {
  const flag = face.flag ?? "--stats-as";
  if (isFileValue(value)) {
    const file = resolve(face.base ?? process.cwd(), value);
    if (!existsSync(file))
      throw new SeedbandError(
        "BAD_INPUT",
        `${flag} ${value}: no such file. Fix: write it with \`seedband stats <band> --out ${value}\`, or give a band name (e.g. ${flag} dev).`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${flag} ${value} is not valid JSON (${(error as Error).message}). Fix: write it again with \`seedband stats <band> --out ${value}\`.`,
      );
    }
    return { file: checkStatsFile(parsed, value), path: relative(paths.root, file), computed: false };
  }
  const inputs = await readProjectInputs(paths, options);
  if (!Object.hasOwn(inputs.spec.bands ?? {}, value))
    throw new SeedbandError(
      "BAD_INPUT",
      `${flag} ${value}: no band "${value}" in the preset (bands: ${Object.keys(inputs.spec.bands ?? {}).join(", ")}), and not a file. Fix: name a band, or a file \`seedband stats <band> --out FILE.json\` wrote.`,
    );
  // The cache is looked up by fingerprint before planning: planning perf alone takes seconds.
  const fingerprint = bandFingerprintOf(inputs, value);
  const cacheDir = join(paths.stateDir, "stats");
  const cached = join(cacheDir, `${value}-${seed}-${fingerprint.slice(0, 16)}.json`);
  if (existsSync(cached)) {
    try {
      const file = checkStatsFile(JSON.parse(readFileSync(cached, "utf8")), cached);
      if (
        file.bandFingerprint === fingerprint &&
        file.band === value &&
        file.seed === seed &&
        file.method === STATS_METHOD
      )
        return { file, path: relative(paths.root, cached), computed: false };
    } catch {
      // A damaged cache file is computed again below.
    }
  }
  const file = bandStats(prepareBand(inputs, value, seed));
  mkdirSync(cacheDir, { recursive: true });
  // Its own temporary name: test workers that miss the cache at once each write theirs.
  const temporary = `${cached}.${process.pid}-${threadId}.tmp`;
  writeFileSync(temporary, statsText(file));
  renameSync(temporary, cached);
  return { file, path: relative(paths.root, cached), computed: true };
}

/** The statistics file as written: two-space JSON, a final newline. */
export function statsText(file: BandStatsFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Refuses a server older than PostgreSQL 18 before anything is loaded (exit 2). */
export async function checkStatsServer(
  serverUrl: string,
  ...face: Parameters<typeof requireStatsInjection> extends [unknown, ...infer R] ? R : never
): Promise<void> {
  const session = await connect(serverUrl);
  try {
    await requireStatsInjection(session, ...face);
  } finally {
    await session.end();
  }
}

/**
 * The statistics of a seeded database: `file`'s injected (auto-analyze off on its tables), or,
 * without one, real statistics put back when an earlier run had injected some.
 */
export async function applyStatsAs(
  databaseUrl: string,
  file: BandStatsFile | undefined,
): Promise<{ injected?: InjectedStats; restored: string[] }> {
  const session = await connect(databaseUrl);
  try {
    if (file) return { injected: await injectStats(session, file), restored: [] };
    return { restored: await restoreRealStats(session) };
  } finally {
    await session.end();
  }
}
