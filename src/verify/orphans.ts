// Orphans per foreign key: rows whose key points at no parent row. After a load, a foreign key
// the server has validated counts 0 without another scan.
import { quoteIdent, type Session } from "../db/index.js";
import type { Model, ModelGraph } from "../schema/index.js";

export interface ForeignKeyCheck {
  name: string;
  orphans: number;
}

/**
 * After a load, foreign keys PostgreSQL has validated (ADD CONSTRAINT checks every row) hold by
 * the server's own word: 0 orphans without another scan. Others are counted.
 */
export async function orphansAfterLoad(
  session: Session,
  model: Model,
  graph: ModelGraph,
): Promise<ForeignKeyCheck[]> {
  const { rows } = await session.query<{ name: string }>(
    `SELECT conname AS name FROM pg_constraint
      WHERE contype = 'f' AND convalidated AND conrelid = $1::regclass`,
    [`${quoteIdent(model.schemaName)}.${quoteIdent(model.tableName)}`],
  );
  const validated = new Set(rows.map((r) => r.name));
  if (model.foreignKeys.every((fk) => validated.has(fk.constraintName))) {
    return model.foreignKeys.map((fk) => ({ name: fk.constraintName, orphans: 0 }));
  }
  return countOrphans(session, model, graph);
}

/** Rows whose foreign key points at no parent row (with the constraints in place this is 0). */
export async function countOrphans(
  session: Session,
  model: Model,
  graph: ModelGraph,
): Promise<ForeignKeyCheck[]> {
  const out: ForeignKeyCheck[] = [];
  const table = `${quoteIdent(model.schemaName)}.${quoteIdent(model.tableName)}`;
  for (const fk of model.foreignKeys) {
    const targetSchema =
      graph.models.find((m) => m.modelName === fk.targetModel)?.schemaName ?? model.schemaName;
    const parent = `${quoteIdent(targetSchema)}.${quoteIdent(fk.targetTable)}`;
    const notNull = fk.columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(" AND ");
    const join = fk.columns
      .map((c, i) => `p.${quoteIdent(fk.targetColumns[i]!)} = c.${quoteIdent(c)}`)
      .join(" AND ");
    const { rows } = await session.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${join})`,
    );
    out.push({ name: fk.constraintName, orphans: Number(rows[0]?.n ?? 0) });
  }
  return out;
}
