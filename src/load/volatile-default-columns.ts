// Columns the load leaves to the database whose default differs between builds (random values,
// the clock): read from the catalog after the migrations ran, so columns only a hand-written
// migration adds are found too. Their tables go into the run record's `nondeterministic`.
import { quoteIdent, type Session } from "../db/index.js";
import { type NondeterministicTable, type TableOutput, volatileDefault } from "../generate/index.js";

/** Per table, the unwritten columns whose default expression is random or the clock. */
export async function volatileDefaultColumns(
  session: Session,
  tables: ReadonlyArray<Pick<TableOutput, "schemaName" | "tableName" | "columnNames">>,
): Promise<NondeterministicTable[]> {
  const out: NondeterministicTable[] = [];
  for (const t of tables) {
    const { rows } = await session.query<{ column: string; expr: string }>(
      `SELECT a.attname AS column, pg_get_expr(d.adbin, d.adrelid) AS expr
         FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = $1::regclass AND a.attgenerated = ''`,
      [`${quoteIdent(t.schemaName)}.${quoteIdent(t.tableName)}`],
    );
    const columns = rows
      .filter((r) => !t.columnNames.includes(r.column) && volatileDefault(r.expr))
      .map((r) => r.column);
    if (columns.length > 0) {
      out.push({
        table: t.tableName,
        columns,
        reason: "left to a database default that is random or the clock",
      });
    }
  }
  return out;
}
