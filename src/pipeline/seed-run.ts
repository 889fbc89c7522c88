// A seed run's context and the steps every seed shares: the database's name and mark and the
// run record's identity (fixed before anything is touched), the schema the load applies, and the
// finish — keys, indexes and foreign keys back, verification, then the database marked complete.
import { randomBytes } from "node:crypto";
import {
  databaseUrl,
  type OwnerMark,
  pauseAt,
  type Session,
  serverMajorVersion,
  shownUrl,
} from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { databaseNameFor, type NondeterministicTable, type Shard } from "../generate/index.js";
import {
  type CopyFiles,
  type Emit,
  elapsedSeconds,
  finishLoad,
  type LoadEvent,
  markComplete,
  type PreparedLoad,
  type SchemaSource,
  storeRunRecord,
} from "../load/index.js";
import { type RequiredExtension, requiredExtensions } from "../schema/index.js";
import { runOwner } from "../snapshot/index.js";
import { type TableCheck, verifyDatabase } from "../verify/index.js";
import type { PreparedBand } from "./prepared-band.js";
import { emptyRecord, type RunRecord } from "./run-record.js";

export type SeedEvent = LoadEvent;

/** The server to seed on (a StartedServer fits). */
export interface SeedServer {
  url: string;
  /** The provider, for the run record (url, embedded, testcontainers). */
  kind: string;
}

export interface SeedOptions {
  /** Load into this database (empty or already seedband's); rebuild even when a complete one exists. */
  into?: string;
  fresh?: boolean;
  /** Generator threads (0: this thread); the bytes are the same for any number. */
  workers?: number;
  /**
   * Load only shard k of n (the blocks ≡ k−1 mod n) into the band's database shared by all
   * shards: the first to arrive prepares it, the last to finish builds keys, verifies and marks
   * it complete; the union equals the single-process run.
   */
  shard?: Shard;
  /** With `shard`: the COPY files `seedband generate` wrote, instead of generating. */
  files?: CopyFiles;
  /** The drift check's notes from an earlier run with the same migrations and schema. */
  driftNotes?: string[];
  /**
   * Another band's planner statistics will be injected after the load (`--stats-as`): a complete
   * database that has some injected is reused. Without it such a database is rebuilt, not reused.
   */
  injectsStats?: boolean;
  onEvent?: (event: SeedEvent) => void;
  signal?: AbortSignal;
}

export interface SeedRun {
  band: PreparedBand;
  server: SeedServer;
  options: SeedOptions;
  name: string;
  url: string;
  mark: OwnerMark;
  record: RunRecord;
  /** The PostgreSQL extensions the schema needs: checked before anything is created. */
  extensions: RequiredExtension[];
  emit: Emit;
  check: () => void;
  started: number;
}

/** The database's name and mark and the record's identity, before anything is touched. */
export async function startRun(
  band: PreparedBand,
  server: SeedServer,
  options: SeedOptions,
): Promise<SeedRun> {
  const project = band.inputs.project;
  const name = options.into ?? databaseNameFor(band.band, band.seed, band.fingerprint, project);
  const url = databaseUrl(server.url, name);
  const record: RunRecord = {
    ...emptyRecord("seed", band.band, band.seed),
    fingerprint: band.fingerprint,
    database: { name, url: shownUrl(url, server.kind) },
    specFingerprint: band.fingerprints.spec,
    schemaFingerprint: band.inputs.schemaFingerprint,
    preset: band.inputs.preset,
    seedbandVersion: band.seedbandVersion,
    provider: server.kind,
    serverVersion: await serverMajorVersion(server.url),
  };
  const warnings = band.generator.warnings();
  if (warnings.length > 0) record.warnings = warnings;
  addNondeterministic(record, band.generator.nondeterministic());
  const mark: OwnerMark = {
    v: 1,
    band: band.band,
    seed: band.seed,
    fingerprint: band.fingerprint,
    status: "incomplete",
    // Who fills it: "complete" is written only if the mark still names this run (compare-and-set).
    runId: randomBytes(8).toString("hex"),
    createdAt: new Date().toISOString(),
    ...(project ? { project } : {}),
  };
  mark.owner = runOwner(mark.runId!);
  const interrupted = "Interrupted; the database stays marked incomplete and the next run drops it.";
  const check = () => {
    if (options.signal?.aborted) throw new SeedbandError("INTERRUPTED", interrupted);
  };
  const emit = options.onEvent ?? (() => {});
  const extensions = requiredExtensions(band.inputs.schemaFiles, band.inputs.graph);
  const started = performance.now();
  return { band, server, options, name, url, mark, record, extensions, emit, check, started };
}

/** Merges findings into the record's `nondeterministic` (one entry per table). */
export function addNondeterministic(record: RunRecord, found: NondeterministicTable[]): void {
  for (const entry of found) {
    const list = (record.nondeterministic ??= []);
    const existing = list.find((e) => e.table === entry.table);
    if (existing) existing.columns = [...new Set([...existing.columns, ...entry.columns])];
    else list.push({ ...entry, columns: [...entry.columns] });
  }
}

export function schemaSource(run: SeedRun): SchemaSource {
  const { inputs } = run.band;
  return {
    migrations: inputs.migrations,
    schemaFiles: inputs.schemaFiles,
    schemaFingerprint: inputs.schemaFingerprint,
    extensions: run.extensions,
    ...(run.options.driftNotes ? { driftNotes: run.options.driftNotes } : {}),
  };
}

export function loopControl(run: SeedRun) {
  return { emit: run.emit, check: run.check, ...(run.options.signal ? { signal: run.options.signal } : {}) };
}

/**
 * Keys, indexes and foreign keys back, verification, and only then the database marked complete,
 * if its mark still names run `runId` (this run's own unless shards share the database).
 */
export async function finishRun(
  run: SeedRun,
  session: Session,
  prepared: Pick<PreparedLoad, "deferred" | "restoreSql">,
  streamed: Map<string, TableCheck>,
  runId: string | undefined = run.mark.runId,
): Promise<void> {
  const { record } = run;
  const tables = run.band.generator.tables();
  record.durations.index = await finishLoad(session, run.url, tables, prepared, run);
  run.check();
  const verifyStart = performance.now();
  run.emit({ kind: "phase", phase: "verifying rows, orphans and checksums" });
  const planned = Object.fromEntries(tables.map((t) => [t.tableName, t.rows]));
  const verified = await verifyDatabase(session, run.band.inputs.graph, { planned, streamed });
  record.tables = verified.tables;
  record.foreignKeys = verified.foreignKeys;
  record.orphans = verified.orphans;
  record.errors.push(...verified.errors);
  record.durations.verify = elapsedSeconds(verifyStart);
  record.durations.total = elapsedSeconds(run.started);
  record.finishedAt = new Date().toISOString();
  record.status = record.errors.length === 0 ? "ok" : "failed";
  if (record.status === "ok") {
    await storeRunRecord(session, record);
    await pauseAt("mark");
    await markComplete(run.server.url, run.name, record.finishedAt, runId);
  }
}
