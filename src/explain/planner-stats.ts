// Planner statistics written without the data: the file `seedband stats` makes (a band's
// statistics as ANALYZE would compute them) and their injection into a loaded database with
// PostgreSQL 18's pg_restore_relation_stats / pg_restore_attribute_stats. Injected tables get
// autovacuum_enabled = off, so auto-analyze cannot overwrite them; that reloption is also how a
// later plain seed knows to put real statistics back (restoreRealStats).
import { canPadRelations, type PadTarget, padRelations, type Session } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { ColumnStats } from "./analyze-column.js";

export const STATS_FORMAT = 1;

/**
 * How the statistics were computed (2: most-common values as the most likely outcome of ANALYZE's
 * sample). The cache under .seedband/stats/ is keyed by the band's fingerprint; a file of an
 * earlier method is computed again rather than reused. Files keep the same format.
 */
export const STATS_METHOD = 2;

/** The first major with pg_restore_relation_stats / pg_restore_attribute_stats. */
export const STATS_INJECTION_MAJOR = 18;

export interface TableStats {
  schema: string;
  /** pg_class.reltuples: the band's exact row count. */
  reltuples: number;
  /** pg_class.relpages: estimated from the sampled rows' widths (8 kB pages, fillfactor 100). */
  relpages: number;
  /** pg_class.relallvisible: relpages, the state after VACUUM of an insert-only table (fixed, so plans do not flap). */
  relallvisible: number;
  /** Rows the column statistics were computed from, and rows generated to draw them. */
  sampleRows: number;
  generatedRows: number;
  columns: Record<string, ColumnStats>;
}

/** What `seedband stats` writes: generated values only, never read from any database. */
export interface BandStatsFile {
  format: number;
  kind: "planner-statistics";
  band: string;
  seed: number;
  bandFingerprint: string;
  statisticsTarget: number;
  /** STATS_METHOD of the seedband that computed it (absent: method 1). */
  method?: number;
  tables: Record<string, TableStats>;
}

/** What an injection did: recorded in the run record and in baseline files. */
export interface InjectedStats {
  /** The band whose statistics were injected, and its fingerprint. */
  band: string;
  bandFingerprint: string;
  tables: number;
  columns: number;
  indexes: number;
}

/** Refuses a server older than PostgreSQL 18 (exit 2), before anything is loaded. */
export async function requireStatsInjection(
  session: Session,
  flag = "--stats-as",
  fix: { oldServer: string; remoteFiles: string } = {
    oldServer:
      "omit --database-url / DATABASE_URL to use the embedded PostgreSQL 18 server, or point them at a PostgreSQL 18 server",
    remoteFiles: "omit --database-url / DATABASE_URL to use the embedded PostgreSQL 18 server",
  },
): Promise<void> {
  const { rows } = await session.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  const major = Math.floor(Number(rows[0]!.v) / 10000);
  if (major < STATS_INJECTION_MAJOR) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${flag} needs PostgreSQL ${STATS_INJECTION_MAJOR} or newer (pg_restore_relation_stats / pg_restore_attribute_stats); this server is PostgreSQL ${major}. Nothing was loaded. Fix: ${fix.oldServer}.`,
    );
  }
  if (!(await canPadRelations(session))) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${flag} needs the server's data directory on this machine: the planner sizes a table from its file's current length, not from pg_class, so seedband grows the files with empty (sparse) pages to the bigger band's size. This server's files are not reachable from here. Nothing was loaded. Fix: ${fix.remoteFiles}.`,
    );
  }
}

/** A text[] literal of `values` (each quoted), for the anyarray arguments of pg_restore_attribute_stats. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/**
 * Writes `file`'s statistics into the database `session` is connected to: every table the file
 * names and the database has, their columns, and their indexes (pages scaled from the index's
 * loaded size by the row ratio). Turns auto-vacuum (and so auto-analyze) off on those tables.
 */
export async function injectStats(session: Session, file: BandStatsFile): Promise<InjectedStats> {
  await requireStatsInjection(session);
  // Files padded for other statistics (a bigger band's) come back to their real size first.
  if (!(await alreadyInjected(session, file))) await restoreRealStats(session);
  const pad: PadTarget[] = [];
  let tables = 0;
  let columns = 0;
  let indexes = 0;
  await session.query("BEGIN");
  try {
    for (const [table, stats] of Object.entries(file.tables)) {
      const found = await session.query<{ oid: number; reltuples: number }>(
        `SELECT c.oid::int AS oid, c.reltuples::float8 AS reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`,
        [stats.schema, table],
      );
      const rel = found.rows[0];
      if (!rel) continue;
      pad.push({ oid: rel.oid, name: table, pages: stats.relpages });
      const qualified = `${quoteIdent(stats.schema)}.${quoteIdent(table)}`;
      await session.query(`ALTER TABLE ${qualified} SET (autovacuum_enabled = off)`);
      // Index sizes before the table's reltuples change: the loaded ratio of pages to rows.
      const idx = await session.query<{ oid: number; name: string; relpages: number; reltuples: number }>(
        `SELECT i.oid::int AS oid, i.relname AS name, i.relpages::int AS relpages, i.reltuples::float8 AS reltuples
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1 ORDER BY i.relname`,
        [rel.oid],
      );
      await session.query(
        `SELECT pg_restore_relation_stats('schemaname', $1::text, 'relname', $2::text,
                'relpages', $3::int, 'reltuples', $4::real, 'relallvisible', $5::int)`,
        [stats.schema, table, stats.relpages, stats.reltuples, stats.relallvisible],
      );
      tables++;
      const loadedRows = Math.max(1, rel.reltuples);
      for (const index of idx.rows) {
        const ratio = stats.reltuples / Math.max(1, index.reltuples > 0 ? index.reltuples : loadedRows);
        // The metapage and root do not grow with the rows; the rest (leaves, inner pages) does.
        const pages = Math.ceil(Math.max(1, index.relpages - 2) * ratio) + 2;
        pad.push({ oid: index.oid, name: index.name, pages });
        await session.query(
          `SELECT pg_restore_relation_stats('schemaname', $1::text, 'relname', $2::text,
                  'relpages', $3::int, 'reltuples', $4::real)`,
          [stats.schema, index.name, pages, stats.reltuples],
        );
        indexes++;
      }
      for (const [column, c] of Object.entries(stats.columns)) {
        const args: unknown[] = [stats.schema, table, column, c.null_frac, c.avg_width, c.n_distinct];
        const extra: string[] = [];
        const add = (key: string, value: unknown, cast: string) => {
          args.push(value);
          extra.push(`'${key}', $${args.length}::${cast}`);
        };
        if (c.most_common_vals && c.most_common_freqs) {
          add("most_common_vals", arrayLiteral(c.most_common_vals), "text");
          add("most_common_freqs", c.most_common_freqs, "real[]");
        }
        if (c.histogram_bounds) add("histogram_bounds", arrayLiteral(c.histogram_bounds), "text");
        if (c.correlation !== undefined) add("correlation", c.correlation, "real");
        // pg_restore_attribute_stats keeps the slots it is not given: the band's own MCVs and
        // histogram would survive beside the bigger band's n_distinct. Clear them first.
        await session.query("SELECT pg_clear_attribute_stats($1::text, $2::text, $3::text, false)", [
          stats.schema,
          table,
          column,
        ]);
        const { rows } = await session.query<{ ok: boolean }>(
          `SELECT pg_restore_attribute_stats('schemaname', $1::text, 'relname', $2::text, 'attname', $3::text,
                  'inherited', false, 'null_frac', $4::real, 'avg_width', $5::int, 'n_distinct', $6::real
                  ${extra.map((e) => `, ${e}`).join("")}) AS ok`,
          args,
        );
        if (rows[0]?.ok !== true) {
          throw new SeedbandError(
            "DB_ERROR",
            `pg_restore_attribute_stats did not accept every statistic of ${table}.${column} (the server's warnings say which). Fix: make the statistics file again with \`seedband stats ${file.band}\` for this schema.`,
          );
        }
        columns++;
      }
    }
    await session.query("COMMIT");
    await padRelations(session, pad);
  } catch (error) {
    await session.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  return { band: file.band, bandFingerprint: file.bandFingerprint, tables, columns, indexes };
}

/**
 * A database whose statistics were injected (auto-vacuum turned off by injectStats) gets its own
 * statistics back: the reloption reset and ANALYZE. Returns the tables it restored.
 */
/** Whether any table of the database has another band's statistics injected (auto-vacuum off). */
export async function hasInjectedStats(session: Session): Promise<boolean> {
  const { rows } = await session.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class WHERE relkind = 'r' AND 'autovacuum_enabled=off' = ANY(reloptions)`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

export async function restoreRealStats(session: Session): Promise<string[]> {
  const { rows } = await session.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND 'autovacuum_enabled=off' = ANY(c.reloptions) ORDER BY 1`,
  );
  for (const { name } of rows) {
    await session.query(`ALTER TABLE ${name} RESET (autovacuum_enabled)`);
    // The padding goes: VACUUM truncates the empty pages at the end, REINDEX rebuilds the indexes.
    await session.query(`VACUUM (TRUNCATE true) ${name}`);
    await session.query(`REINDEX TABLE ${name}`);
    await session.query(`ANALYZE ${name}`);
  }
  return rows.map((r) => r.name);
}

/** Whether `file`'s statistics are the ones in place (every table's injected size matches). */
async function alreadyInjected(session: Session, file: BandStatsFile): Promise<boolean> {
  const { rows } = await session.query<{
    schema: string;
    name: string;
    relpages: number;
    reltuples: number;
    off: boolean;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relpages::int AS relpages, c.reltuples::float8 AS reltuples,
            coalesce('autovacuum_enabled=off' = ANY(c.reloptions), false) AS off
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'`,
  );
  const injected = rows.filter((r) => r.off);
  if (injected.length === 0) return true;
  return injected.every((r) => {
    const t = file.tables[r.name];
    return (
      t !== undefined &&
      t.schema === r.schema &&
      t.relpages === r.relpages &&
      Math.fround(t.reltuples) === Math.fround(r.reltuples)
    );
  });
}

/** Checks a parsed statistics file's shape; `where` names the file in the message. */
export function checkStatsFile(value: unknown, where: string): BandStatsFile {
  const fail = (path: string, what: string): never => {
    throw new SeedbandError(
      "BAD_INPUT",
      `${where}: ${path} ${what}. Fix: write the file with \`seedband stats <band> --out ${where}\`.`,
    );
  };
  if (typeof value !== "object" || value === null) return fail("$", "is not a JSON object");
  const v = value as Partial<BandStatsFile>;
  if (v.kind !== "planner-statistics") fail("$.kind", 'is not "planner-statistics"');
  if (v.format !== STATS_FORMAT) fail("$.format", `is not ${STATS_FORMAT}`);
  if (typeof v.band !== "string") fail("$.band", "is not a band name");
  if (typeof v.tables !== "object" || v.tables === null) return fail("$.tables", "is missing");
  for (const [name, t] of Object.entries(v.tables)) {
    for (const key of ["reltuples", "relpages", "relallvisible"] as const)
      if (typeof t?.[key] !== "number" || !(t[key] >= 0))
        fail(`$.tables.${name}.${key}`, "is not a number ≥ 0");
    if (typeof t.columns !== "object" || t.columns === null) fail(`$.tables.${name}.columns`, "is missing");
  }
  return v as BandStatsFile;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
