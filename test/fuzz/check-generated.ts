// What a generated band must satisfy, checked on the generated COPY rows themselves (no database):
// rows in every table, NOT NULL columns filled, primary and unique keys distinct (rows with a NULL
// in the key never collide, as in PostgreSQL), every foreign key pointing at an existing row (a
// key with a NULL column is not checked, MATCH SIMPLE). Returns the violations found.
import { createHash } from "node:crypto";
import type { BandGenerator } from "../../src/generate/index.js";
import type { Model, ModelGraph } from "../../src/schema/index.js";

export type Rows = Array<Record<string, string | null>>;

/** Every table's rows, parsed from its COPY text (\N is NULL; values stay in their COPY text). */
export function generatedTables(gen: BandGenerator): { tables: Map<string, Rows>; digest: string } {
  const tables = new Map<string, Rows>();
  const hash = createHash("sha256");
  for (const t of gen.tables()) {
    const rows: Rows = [];
    for (const chunk of gen.copyChunks(t.planned)) {
      hash.update(chunk.bytes);
      for (const line of chunk.bytes.toString("utf8").split("\n")) {
        if (!line) continue;
        const cells = line.split("\t");
        rows.push(
          Object.fromEntries(t.columnNames.map((c, i) => [c, cells[i] === "\\N" ? null : cells[i]!])),
        );
      }
    }
    tables.set(t.tableName, rows);
  }
  return { tables, digest: hash.digest("hex") };
}

export function checkGenerated(graph: ModelGraph, tables: Map<string, Rows>): string[] {
  const problems: string[] = [];
  const columnOf = (m: Model, f: string) => m.columns.find((c) => c.fieldName === f)!.columnName;
  for (const model of graph.models) {
    const rows = tables.get(model.tableName) ?? [];
    if (rows.length === 0) problems.push(`${model.tableName} has no rows`);
    for (const column of model.columns) {
      if (!column.isRequired || column.type === "Unsupported") continue;
      if (rows.length > 0 && !(column.columnName in rows[0]!)) continue; // left to a database default
      if (rows.some((r) => r[column.columnName] === null))
        problems.push(`${model.tableName}.${column.columnName} has NULLs`);
    }
    for (const key of [model.primaryKey, ...model.uniques].filter((k) => k.length > 0)) {
      const cols = key.map((f) => columnOf(model, f));
      const seen = new Set<string>();
      for (const r of rows) {
        const values = cols.map((c) => r[c]);
        if (values.some((v) => v === null || v === undefined)) continue;
        const id = JSON.stringify(values);
        if (seen.has(id)) {
          problems.push(`${model.tableName} repeats (${cols.join(", ")}) = ${id}`);
          break;
        }
        seen.add(id);
      }
    }
    for (const fk of model.foreignKeys) {
      const target = graph.models.find((m) => m.modelName === fk.targetModel)!;
      const keys = new Set(
        (tables.get(target.tableName) ?? []).map((r) => JSON.stringify(fk.targetColumns.map((c) => r[c]))),
      );
      for (const r of rows) {
        const values = fk.columns.map((c) => r[c]);
        if (values.some((v) => v === null || v === undefined)) continue;
        if (!keys.has(JSON.stringify(values))) {
          problems.push(
            `${model.tableName}.${fk.constraintName}: ${JSON.stringify(values)} has no ${target.tableName} row`,
          );
          break;
        }
      }
    }
  }
  return problems;
}
