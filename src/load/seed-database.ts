// One seed run, start to finish: name and claim the database, apply the migrations, drop keys
// and indexes, stream generated rows in with COPY, rebuild keys, indexes and foreign keys,
// advance sequences, ANALYZE, verify, and only then mark the database complete. Anything that
// stops it earlier leaves the database marked incomplete, and the next run drops it.
import {
  claimDatabase,
  connect,
  createOwnedDatabase,
  databaseUrl,
  dropOwnedDatabase,
  inspectDatabase,
  type OwnerMark,
  quoteIdent,
  quoteLiteral,
  type Session,
  serverMajorVersion,
  updateMark,
} from "../db/index.js";
import { redactUrl, SeedbandError } from "../errors.js";
import { FAKER_VERSION } from "../factories/seeded-faker.js";
import { BandGenerator } from "../generate/index.js";
import {
  applyMigrations,
  applySchemaDdl,
  checkDrift,
  type DriftReport,
  type Migration,
  type ModelGraph,
  type SchemaFile,
  schemaDdl,
} from "../schema/index.js";
import { fingerprint, type Spec } from "../spec/index.js";
import { copyInto } from "./copy-loader.js";
import { dropDeferred, readDeferrable, recreateStatements } from "./deferred-constraints.js";
import { suspendForLoad } from "./load-guards.js";
import { emptyRecord, type RunRecord } from "./run-record.js";
import { countOrphans, tableChecksum } from "./verify.js";

export type SeedEvent =
  | { kind: "phase"; phase: string }
  | { kind: "table"; table: string; rows: number; done: number; bytes: number }
  | { kind: "tableDone"; table: string; rows: number; seconds: number };

export interface SeedOptions {
  serverUrl: string;
  provider: string;
  graph: ModelGraph;
  /** The band's generator when the caller already planned it (the CLI plans before starting a server). */
  generator?: BandGenerator;
  migrations: Migration[];
  /**
   * The schema's files: without migrations, their DDL comes from Prisma's schema engine; with
   * migrations, the drift check compares the migrated database with them.
   */
  schemaFiles?: SchemaFile[];
  /**
   * The drift check's notes from an earlier run with the same migrations and schema: the check
   * is skipped and these are reported (the CLI caches them; the check costs ~0.3 s).
   */
  driftNotes?: string[];
  schemaFingerprint: string;
  spec: Spec;
  /** SHA-256 of seedband.config.ts ("" without one): its functions shape the data too. */
  configFingerprint?: string;
  specFile: string;
  preset: string;
  band: string;
  seed: number;
  seedbandVersion: string;
  into?: string;
  fresh?: boolean;
  onEvent?: (event: SeedEvent) => void;
  signal?: AbortSignal;
}

/** Our bookkeeping inside a seeded database; the emptiness check ignores this schema. */
const META_SCHEMA = "_seedband";

/**
 * The dependencies whose versions change generated values (faker's word lists and algorithms):
 * part of every fingerprint, so an upgrade never reuses a database built with another version.
 */
const GENERATOR_DEPENDENCIES = { faker: FAKER_VERSION };

export function seedFingerprints(
  options: Pick<SeedOptions, "spec" | "schemaFingerprint" | "seedbandVersion" | "configFingerprint">,
): {
  spec: string;
  combined: string;
} {
  const spec = fingerprint(options.spec);
  const inputs = {
    spec,
    schema: options.schemaFingerprint,
    seedband: options.seedbandVersion,
    dependencies: GENERATOR_DEPENDENCIES,
    ...(options.configFingerprint ? { config: options.configFingerprint } : {}),
  };
  return { spec, combined: fingerprint(inputs) };
}

/** Databases are named from band and fingerprint (and seed), so runs that would differ never share one. */
export function databaseNameFor(band: string, seed: number, combinedFingerprint: string): string {
  const safeBand = band
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "_")
    .slice(0, 20);
  return `seedband_${safeBand}_${fingerprint({ combinedFingerprint, band, seed }).slice(0, 12)}`;
}

export async function seedDatabase(options: SeedOptions): Promise<RunRecord> {
  const started = performance.now();
  const record = emptyRecord("seed", options.band, options.seed);
  const fp = seedFingerprints(options);
  const name = options.into ?? databaseNameFor(options.band, options.seed, fp.combined);
  const url = databaseUrl(options.serverUrl, name);
  Object.assign(record, {
    fingerprint: fp.combined,
    specFingerprint: fp.spec,
    schemaFingerprint: options.schemaFingerprint,
    preset: options.preset,
    seedbandVersion: options.seedbandVersion,
    provider: options.provider,
    database: { name, url: redactUrl(url) },
    serverVersion: await serverMajorVersion(options.serverUrl),
  });
  const emit = options.onEvent ?? (() => {});
  const check = () => {
    if (options.signal?.aborted)
      throw new SeedbandError(
        "INTERRUPTED",
        "Interrupted; the database stays marked incomplete and the next run drops it.",
      );
  };

  // Plan first: a bad spec or band fails before anything is created.
  const generator =
    options.generator ??
    new BandGenerator(options.graph, options.spec, options.band, options.seed, options.specFile);
  const existing = await inspectDatabase(options.serverUrl, name);
  const mark: OwnerMark = {
    v: 1,
    band: options.band,
    seed: options.seed,
    fingerprint: fp.combined,
    status: "incomplete",
    createdAt: new Date().toISOString(),
  };

  if (existing.exists && existing.mark && !options.fresh) {
    const m = existing.mark;
    if (
      m.status === "complete" &&
      m.fingerprint === fp.combined &&
      m.seed === options.seed &&
      m.band === options.band
    ) {
      const stored = await readStoredRecord(url);
      if (stored) {
        emit({
          kind: "phase",
          phase: `reusing ${name} (same band, seed and fingerprint; --fresh rebuilds it)`,
        });
        return {
          ...stored,
          reused: true,
          startedAt: record.startedAt,
          finishedAt: new Date().toISOString(),
          durations: { generate: 0, load: 0, index: 0, verify: 0, total: seconds(started) },
        };
      }
    }
  }

  if (options.into) {
    await claimDatabase(options.serverUrl, name, mark);
    await clearDatabase(url);
  } else {
    if (existing.exists) {
      emit({
        kind: "phase",
        phase: `dropping ${existing.mark?.status === "incomplete" ? "the incomplete " : ""}${name}`,
      });
      await dropOwnedDatabase(options.serverUrl, name);
    }
    await createOwnedDatabase(options.serverUrl, name, mark);
  }

  const session = await connect(url);
  try {
    record.notes = [];
    if (options.migrations.length > 0) {
      emit({ kind: "phase", phase: `applying ${options.migrations.length} migration(s)` });
      await applyMigrations(session, options.migrations);
      const driftNotes =
        options.driftNotes ??
        (options.schemaFiles
          ? driftToNotes(await checkDrift(options.schemaFiles, options.migrations, url))
          : []);
      for (const note of driftNotes) {
        record.notes.push(note);
        emit({ kind: "phase", phase: note });
      }
    } else if (options.schemaFiles) {
      emit({ kind: "phase", phase: "no migrations: applying the schema's DDL from Prisma's schema engine" });
      await applySchemaDdl(session, await schemaDdl(options.schemaFiles, url), options.schemaFingerprint);
    } else {
      throw new SeedbandError(
        "SCHEMA_UNSUPPORTED",
        "Neither migrations nor schema files were given: nothing defines the tables.",
      );
    }
    check();
    const tables = generator.tables();
    const deferred = await readDeferrable(
      session,
      tables.map((t) => [t.schemaName, t.tableName]),
    );
    await dropDeferred(session, deferred);
    const guards = await suspendForLoad(
      session,
      tables.map((t) => [t.schemaName, t.tableName]),
    );
    for (const note of guards.notes) emit({ kind: "phase", phase: note });
    record.notes.push(...guards.notes);

    let generateMs = 0;
    const loadStart = performance.now();
    for (const table of tables) {
      check();
      const tableStart = performance.now();
      let done = 0;
      let bytes = 0;
      const chunks = timed(generator.copyChunks(table.planned), (ms) => (generateMs += ms));
      await copyInto(
        session,
        table,
        chunks,
        (chunk) => {
          bytes += chunk.bytes.length;
          done += chunk.rows;
          emit({ kind: "table", table: table.tableName, rows: table.rows, done, bytes });
        },
        options.signal,
      );
      emit({ kind: "tableDone", table: table.tableName, rows: table.rows, seconds: seconds(tableStart) });
    }
    const loadSeconds = seconds(loadStart);
    record.durations.generate = round(generateMs / 1000);
    record.durations.load = round(loadSeconds - generateMs / 1000);

    check();
    const indexStart = performance.now();
    await guards.restore(session);
    const { keysAndIndexes, foreignKeys } = recreateStatements(deferred);
    emit({
      kind: "phase",
      phase: `building ${keysAndIndexes.length} keys and indexes, ${foreignKeys.length} foreign keys`,
    });
    for (const sql of [...keysAndIndexes, ...foreignKeys]) {
      check();
      await session.query(sql);
    }
    await advanceSequences(session, tables);
    emit({ kind: "phase", phase: "ANALYZE" });
    await session.query(
      `ANALYZE ${tables.map((t) => `${quoteIdent(t.schemaName)}.${quoteIdent(t.tableName)}`).join(", ")}`,
    );
    record.durations.index = seconds(indexStart);

    check();
    const verifyStart = performance.now();
    emit({ kind: "phase", phase: "verifying rows, orphans and checksums" });
    const planned = Object.fromEntries(tables.map((t) => [t.tableName, t.rows]));
    await verifyInto(session, options.graph, planned, record);
    record.durations.verify = seconds(verifyStart);
    record.durations.total = seconds(started);
    record.finishedAt = new Date().toISOString();
    record.status = record.errors.length === 0 ? "ok" : "failed";
    if (record.status === "ok") {
      await storeRecord(session, record);
      await updateMark(options.serverUrl, name, { status: "complete", completedAt: record.finishedAt });
    }
    return record;
  } finally {
    await session.end();
  }
}

export const DRIFT_NOTE = /^(intended difference|drift): /;

function driftToNotes(drift: DriftReport): string[] {
  return drift.differences.map((d) =>
    d.intended
      ? `intended difference: ${d.kind} ${d.object} exists only in the migrations${d.why ? ` (${d.why})` : ""}`
      : `drift: the migrations and the schema disagree: ${d.kind} ${d.object}`,
  );
}

/** Recomputes rows, orphans and checksums from the database into `record` (errors for problems). */
export async function verifyInto(
  session: Session,
  graph: ModelGraph,
  planned: Record<string, number>,
  record: RunRecord,
): Promise<void> {
  record.tables = {};
  record.foreignKeys = [];
  for (const model of graph.models) {
    if (planned[model.tableName] === undefined) continue;
    const check = await tableChecksum(session, model);
    record.tables[model.tableName] = check;
    if (check.rows !== planned[model.tableName]) {
      record.errors.push({
        code: "ROW_COUNT",
        message: `${model.tableName} has ${check.rows} rows; the plan says ${planned[model.tableName]}.`,
      });
    }
    record.foreignKeys.push(...(await countOrphans(session, model, graph)));
  }
  record.orphans = record.foreignKeys.reduce((s, f) => s + f.orphans, 0);
  for (const fk of record.foreignKeys.filter((f) => f.orphans > 0)) {
    record.errors.push({ code: "ORPHANS", message: `${fk.orphans} row(s) break foreign key ${fk.name}.` });
  }
}

/** Sequences (autoincrement) continue after the largest loaded id, so users' own inserts never collide. */
async function advanceSequences(
  session: Session,
  tables: Array<{ schemaName: string; tableName: string }>,
): Promise<void> {
  for (const t of tables) {
    const rel = `${quoteIdent(t.schemaName)}.${quoteIdent(t.tableName)}`;
    const { rows } = await session.query<{ col: string; seq: string }>(
      `SELECT a.attname AS col, pg_get_serial_sequence($1, a.attname) AS seq
         FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
      [rel],
    );
    for (const { col, seq } of rows.filter((r) => r.seq)) {
      await session.query(
        `SELECT setval(${quoteLiteral(seq)}, COALESCE((SELECT max(${quoteIdent(col)}) FROM ${rel}), 0) + 1, false)`,
      );
    }
  }
}

async function storeRecord(session: Session, record: RunRecord): Promise<void> {
  await session.query(
    `CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA};
     CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.run (id int PRIMARY KEY, record jsonb NOT NULL);`,
  );
  await session.query(
    `INSERT INTO ${META_SCHEMA}.run (id, record) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record`,
    [JSON.stringify(record)],
  );
}

/** The record the seed stored in the database, or null when it has none. */
export async function readStoredRecord(url: string): Promise<RunRecord | null> {
  const session = await connect(url);
  try {
    const { rows } = await session
      .query<{ record: RunRecord }>(`SELECT record FROM ${META_SCHEMA}.run WHERE id = 1`)
      .catch(() => ({ rows: [] as Array<{ record: RunRecord }> }));
    return rows[0]?.record ?? null;
  } finally {
    await session.end();
  }
}

/** An `--into` database that is already ours: remove what an earlier run loaded. */
async function clearDatabase(url: string): Promise<void> {
  const session = await connect(url);
  try {
    const { rows } = await session.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'`,
    );
    const drops = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`).join("\n");
    await session.query(`${drops}\nCREATE SCHEMA IF NOT EXISTS public;`);
  } finally {
    await session.end();
  }
}

function* timed<T>(source: Iterable<T>, add: (ms: number) => void): Generator<T> {
  const it = source[Symbol.iterator]();
  for (;;) {
    const t = performance.now();
    const next = it.next();
    add(performance.now() - t);
    if (next.done) return;
    yield next.value;
  }
}

function seconds(since: number): number {
  return round((performance.now() - since) / 1000);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
