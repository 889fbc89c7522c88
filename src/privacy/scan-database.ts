// `seedband pii check --database-url`: scans the text columns (text, varchar, char, json, jsonb)
// of every user table, a bounded sample per column, inside a read-only transaction with a
// statement timeout. Findings name the table, column and row (by ctid), never the value.
import { quoteIdent, type Session, translatePgError } from "../db/index.js";
import type { LocatedFinding } from "./finding.js";
import type { PiiProfile } from "./profiles.js";
import { scanText } from "./scan-value.js";

export interface DatabaseScanOptions {
  /** How the findings name the database (a URL without its password). */
  label: string;
  profile: PiiProfile;
  /** Values read per column at most; larger tables are sampled (TABLESAMPLE BERNOULLI). */
  rowsPerColumn: number;
  statementTimeoutMs: number;
}

export interface DatabaseScan {
  findings: LocatedFinding[];
  columns: number;
  values: number;
}

export async function scanDatabase(session: Session, options: DatabaseScanOptions): Promise<DatabaseScan> {
  const findings: LocatedFinding[] = [];
  let values = 0;
  try {
    await session.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    await session.query(`SET LOCAL statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
    await session.query("SET LOCAL lock_timeout = 5000");
    const { rows: columns } = await session.query<{
      schema: string;
      table: string;
      column: string;
      estimate: number;
    }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column,
              greatest(cl.reltuples, 0)::float8 AS estimate
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         JOIN pg_class cl ON cl.oid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
        WHERE t.table_type = 'BASE TABLE'
          AND c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
          AND c.table_name <> '_prisma_migrations'
        ORDER BY 1, 2, c.ordinal_position`,
    );
    for (const c of columns) {
      const table = `${quoteIdent(c.schema)}.${quoteIdent(c.table)}`;
      const pct =
        c.estimate > options.rowsPerColumn ? Math.min(100, (200 * options.rowsPerColumn) / c.estimate) : 100;
      const sample = pct < 100 ? ` TABLESAMPLE BERNOULLI (${pct.toFixed(6)})` : "";
      const col = quoteIdent(c.column);
      const { rows } = await session.query<{ at: string; v: string }>(
        `SELECT ctid::text AS at, ${col}::text AS v FROM ${table}${sample} WHERE ${col} IS NOT NULL LIMIT ${Math.floor(options.rowsPerColumn)}`,
      );
      values += rows.length;
      for (const r of rows)
        for (const f of scanText(r.v, options.profile))
          findings.push({
            file: options.label,
            path: `table ${c.schema}.${c.table}, column ${c.column}, row ctid ${r.at}`,
            type: f.type,
            preview: f.preview,
          });
    }
    return { findings, columns: columns.length, values };
  } catch (error) {
    throw translatePgError(error, `scanning ${options.label} for personal data`);
  } finally {
    await session.query("ROLLBACK").catch(() => {});
  }
}
