// Keys, indexes and foreign keys are built after the data (a primary key present during COPY
// costs +37%, DESIGN.md). We read their exact definitions from the catalog after the migrations
// ran, drop them, load, and recreate them from those definitions: whatever the migrations said
// (INCLUDE columns, partial indexes, collations) comes back unchanged.
import { quoteIdent, type Session } from "../db/index.js";

export interface DeferredObject {
  kind: "primaryOrUnique" | "index" | "foreignKey";
  table: string; // schema-qualified, quoted
  name: string;
  definition: string; // pg_get_constraintdef / pg_get_indexdef
  /** A key's index (pg_get_indexdef): built on its own, then attached with USING INDEX. */
  indexDefinition?: string;
  deferrable?: boolean;
}

/** Definitions of the keys, indexes and foreign keys on `tables` ([schema, table] pairs). */
export async function readDeferrable(
  session: Session,
  tables: Array<[string, string]>,
): Promise<DeferredObject[]> {
  const regclasses = tables.map(([s, t]) => `${quoteIdent(s)}.${quoteIdent(t)}`);
  const { rows: constraints } = await session.query<{
    contype: string;
    rel: string;
    name: string;
    def: string;
    indexdef: string | null;
    deferrable: boolean;
  }>(
    `SELECT c.contype, c.conrelid::regclass::text AS rel, c.conname AS name, pg_get_constraintdef(c.oid) AS def,
            CASE WHEN c.contype IN ('p', 'u') THEN pg_get_indexdef(c.conindid) END AS indexdef,
            c.condeferrable AS deferrable
       FROM pg_constraint c
      WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('p', 'u', 'f')
      ORDER BY c.conrelid, c.conname`,
    [regclasses],
  );
  const { rows: indexes } = await session.query<{ rel: string; name: string; def: string }>(
    `SELECT i.indrelid::regclass::text AS rel, ci.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY i.indrelid, ci.relname`,
    [regclasses],
  );
  return [
    ...constraints.map((c) => ({
      kind: c.contype === "f" ? ("foreignKey" as const) : ("primaryOrUnique" as const),
      table: c.rel,
      name: c.name,
      definition: c.def,
      ...(c.indexdef ? { indexDefinition: c.indexdef } : {}),
      deferrable: c.deferrable,
    })),
    ...indexes.map((i) => ({ kind: "index" as const, table: i.rel, name: i.name, definition: i.def })),
  ];
}

export async function dropDeferred(session: Session, objects: DeferredObject[]): Promise<void> {
  const sql: string[] = [];
  for (const o of objects.filter((x) => x.kind === "foreignKey")) {
    sql.push(`ALTER TABLE ${o.table} DROP CONSTRAINT ${quoteIdent(o.name)};`);
  }
  for (const o of objects.filter((x) => x.kind === "index")) {
    const schema = o.table.includes(".") ? `${o.table.slice(0, o.table.lastIndexOf("."))}.` : "";
    sql.push(`DROP INDEX ${schema}${quoteIdent(o.name)};`);
  }
  for (const o of objects.filter((x) => x.kind === "primaryOrUnique")) {
    sql.push(`ALTER TABLE ${o.table} DROP CONSTRAINT ${quoteIdent(o.name)};`);
  }
  if (sql.length > 0) await session.query(sql.join("\n"));
}

export interface RebuildPlan {
  /** Index builds, one per statement; they may run at the same time, even on one table. */
  indexes: Array<{ table: string; sql: string }>;
  /** Keys attached to their built indexes (instant), or added directly (deferrable ones). */
  keys: string[];
  /** Foreign keys: each validates every row; different tables can run at the same time. */
  foreignKeys: Array<{ table: string; sql: string }>;
}

/**
 * Primary and unique keys are built as plain unique indexes first: CREATE INDEX takes a SHARE
 * lock, so the key and the other indexes of one large table build side by side, where
 * ADD PRIMARY KEY would lock the table for each. Then the key takes over its index (USING INDEX).
 */
export function rebuildPlan(objects: DeferredObject[]): RebuildPlan {
  const indexes: RebuildPlan["indexes"] = [];
  const keys: string[] = [];
  for (const o of objects.filter((x) => x.kind === "primaryOrUnique")) {
    const kind = o.definition.startsWith("PRIMARY KEY") ? "PRIMARY KEY" : "UNIQUE";
    const plain = o.indexDefinition && !o.deferrable && /^(PRIMARY KEY|UNIQUE) \([^)]*\)$/.test(o.definition);
    if (plain) {
      indexes.push({ table: o.table, sql: o.indexDefinition! });
      keys.push(
        `ALTER TABLE ${o.table} ADD CONSTRAINT ${quoteIdent(o.name)} ${kind} USING INDEX ${quoteIdent(o.name)}`,
      );
    } else keys.push(`ALTER TABLE ${o.table} ADD CONSTRAINT ${quoteIdent(o.name)} ${o.definition}`);
  }
  for (const o of objects.filter((x) => x.kind === "index"))
    indexes.push({ table: o.table, sql: o.definition });
  const foreignKeys = objects
    .filter((o) => o.kind === "foreignKey")
    .map((o) => ({
      table: o.table,
      sql: `ALTER TABLE ${o.table} ADD CONSTRAINT ${quoteIdent(o.name)} ${o.definition}`,
    }));
  return { indexes, keys, foreignKeys };
}
