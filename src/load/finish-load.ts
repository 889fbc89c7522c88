// After every row is in: user triggers and forced RLS back on, keys, indexes and foreign keys
// rebuilt from their definitions (two sessions side by side: the server builds one index per
// backend, and the machine has 2 cores), sequences advanced past the loaded ids, ANALYZE.
import { connect, pauseAt, quoteIdent, quoteLiteral, type Session } from "../db/index.js";
import type { TableOutput } from "../generate/index.js";
import { rebuildPlan } from "./deferred-constraints.js";
import { elapsedSeconds } from "./elapsed.js";
import type { Emit } from "./load-event.js";
import { runInParallel } from "./parallel-statements.js";
import type { PreparedLoad } from "./prepare-load.js";

/** Sessions building indexes and validating foreign keys side by side (2 cores, DESIGN.md). */
const BUILD_SESSIONS = 2;

/** Returns the seconds it took. */
export async function finishLoad(
  session: Session,
  url: string,
  tables: TableOutput[],
  prepared: Pick<PreparedLoad, "deferred" | "restoreSql">,
  options: { emit: Emit; check: () => void },
): Promise<number> {
  const { emit, check } = options;
  check();
  const started = performance.now();
  if (prepared.restoreSql.length > 0) await session.query(prepared.restoreSql.join("\n"));
  const rebuild = rebuildPlan(prepared.deferred);
  emit({
    kind: "phase",
    phase: `building ${rebuild.indexes.length} indexes and keys, ${rebuild.foreignKeys.length} foreign keys (${BUILD_SESSIONS} at a time)`,
  });
  const helper = await connect(url);
  try {
    const sessions = [session, helper];
    const size = tableSize(tables);
    await pauseAt("index");
    await runInParallel(sessions, rebuild.indexes, size, check);
    for (const sql of rebuild.keys) await session.query(sql);
    await pauseAt("fk");
    await runInParallel(sessions, rebuild.foreignKeys, size, check);
    await advanceSequences(session, tables);
    await pauseAt("analyze");
    emit({ kind: "phase", phase: "ANALYZE" });
    const analyze = tables.map((t) => {
      const table = `${quoteIdent(t.schemaName)}.${quoteIdent(t.tableName)}`;
      return { table, sql: `ANALYZE ${table}` };
    });
    await runInParallel(sessions, analyze, size, check);
  } finally {
    await helper.end();
  }
  return elapsedSeconds(started);
}

/** Planned rows by table name as deferred objects name tables ("messages", "audit.events", "\"Customer\""). */
function tableSize(tables: TableOutput[]): (regclass: string) => number {
  const plainName = (regclass: string) => regclass.replaceAll('"', "").replace(/^public\./, "");
  const rowsOf = new Map(
    tables.map((t) => [t.schemaName === "public" ? t.tableName : `${t.schemaName}.${t.tableName}`, t.rows]),
  );
  return (table) => rowsOf.get(plainName(table)) ?? 0;
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
