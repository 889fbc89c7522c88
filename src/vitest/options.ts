// The plugin's options and what its global setup hands to the test workers through Vitest's
// provide/inject (typed by augmenting Vitest's ProvidedContext).
import type { RunOwner } from "../db/index.js";

/**
 * A band to build before the tests start, with its seed (default 1) and the planner statistics its
 * clones get (default: the plugin's `statsAs`; `false`: none).
 */
export type BandRequest = string | { band: string; seed?: number; statsAs?: string | false };

export interface SeedbandPluginOptions {
  /** The band built before the tests start (shorthand for `bands: [band]`); default `ci`. */
  band?: string;
  /** Bands built before the tests start; a band asked for later is built on first use. */
  bands?: BandRequest[];
  /** Seed of `band` (default 1). */
  seed?: number;
  /** Preset name or spec file (as `seedband seed --preset`). */
  preset?: string;
  /** Prisma schema (default: prisma.config.ts's `schema`, else prisma/schema.prisma of the project root). */
  schema?: string;
  /**
   * Where PostgreSQL comes from. `auto` (default): `databaseUrl` / DATABASE_URL when given, else
   * Docker (Testcontainers) when reachable, else the embedded server under `.seedband/pg`.
   */
  provider?: "auto" | "url" | "embedded" | "testcontainers";
  /** The server for provider `url` (else DATABASE_URL). */
  databaseUrl?: string;
  /** The image for provider `testcontainers` (match production's major version), e.g. `postgres:15`. */
  image?: string;
  /** The project root (default: the nearest package.json above Vitest's root). */
  root?: string;
  /**
   * Ready clones kept per band so `seedBand()` returns at once (default: on, sized from the
   * workers). `false`: every `seedBand()` clones the template itself.
   */
  pool?: false | PoolOptions;
  /**
   * How a clone copies the template (PostgreSQL 15+). `auto` (default): a clone made for one
   * call (`fresh`, an empty pool) takes WAL_LOG for a template up to 256 MB and FILE_COPY above;
   * the pool refills with FILE_COPY (docs/vitest.md has the measurements). A strategy named here
   * is used for both.
   */
  cloneStrategy?: "auto" | "FILE_COPY" | "WAL_LOG";
  /**
   * On the embedded server: keep the clones of a template up to 256 MB in memory (a tablespace on
   * Linux's /dev/shm, when it has room), which makes them several times cheaper to create and drop
   * than files in the data directory (docs/vitest.md). Default true; `false` keeps them on disk.
   */
  ramClones?: boolean;
  /**
   * Plans at a bigger band's scale: that band's planner statistics (a band of the project, or a
   * file `seedband stats --out` wrote) injected into every clone of the bands built before the
   * tests (`bands: [{ band, statsAs }]` per band), never into their templates. Computed once in the
   * global setup (cached under `.seedband/stats/`). Needs PostgreSQL 18 with its files on this
   * machine: the embedded server (docs/plan-baselines.md).
   */
  statsAs?: string;
}

export interface PoolOptions {
  /** Ready clones kept per band (default: 2 × the worker count, at least 4). */
  size?: number;
  /** Clones created at the same time to refill (default: the worker count, 2 to 4). */
  concurrency?: number;
}

/** What every test worker receives: the server, the run's identity and the published templates. */
export interface SeedbandContext {
  serverUrl: string;
  root: string;
  owner: RunOwner;
  preset?: string;
  schema?: string;
  /** `band:seed` → template database name. */
  templates: Record<string, TemplateInfo>;
  /** `band:seed` → the `statsAs` its clones get unless `seedBand()` says otherwise. */
  statsAs?: Record<string, string>;
  /** Statistics the global setup prepared, by `statsKey(statsAs, seed)`. */
  statistics?: Record<string, PreparedStatistics>;
}

/** A statistics file ready to inject into clones. */
export interface PreparedStatistics {
  /** The band whose statistics these are, and its fingerprint. */
  band: string;
  bandFingerprint: string;
  /** The file's absolute path (the cache's, or the user's file). */
  file: string;
  /** The same, relative to the project root: what a clone's metadata names. */
  source: string;
}

export interface TemplateInfo {
  name: string;
  band: string;
  seed: number;
  fingerprint: string;
  /** The project the template belongs to: its clones carry it in their mark. */
  project?: string;
  /** How a clone copies it on this server (chosen from its size; absent before PostgreSQL 15). */
  strategy?: "FILE_COPY" | "WAL_LOG";
  /** Where its clones' files go: the embedded server's in-memory tablespace (absent: the data directory). */
  tablespace?: string;
  /** How long a claim on its empty pool waits for the refiller's next clone before copying (ms). */
  claimWaitMs?: number;
  /** Whether the run keeps a pool of ready clones of it (claimed by `seedBand()`). */
  pooled?: boolean;
}

declare module "vitest" {
  export interface ProvidedContext {
    seedband: SeedbandContext;
    seedbandOptions: SeedbandPluginOptions;
  }
}

export function bandRequests(options: SeedbandPluginOptions): Array<{ band: string; seed: number }> {
  const list: BandRequest[] = options.bands ?? [options.band ?? "ci"];
  return list.map((b) =>
    typeof b === "string"
      ? { band: b, seed: b === options.band ? (options.seed ?? 1) : 1 }
      : { band: b.band, seed: b.seed ?? 1 },
  );
}

/** `band:seed` → the statistics its clones get: a band request's own `statsAs`, else the plugin's. */
export function statsAsRequests(options: SeedbandPluginOptions): Record<string, string> {
  const list: BandRequest[] = options.bands ?? [options.band ?? "ci"];
  const requests = bandRequests(options);
  const out: Record<string, string> = {};
  list.forEach((b, i) => {
    const value = typeof b === "string" || b.statsAs === undefined ? options.statsAs : b.statsAs;
    const { band, seed } = requests[i]!;
    if (value) out[templateKey(band, seed)] = value;
  });
  return out;
}

export function statsKey(statsAs: string, seed: number): string {
  return `${statsAs}:${seed}`;
}

export function templateKey(band: string, seed: number): string {
  return `${band}:${seed}`;
}
