// What the data-shape section asks of the database: one aggregate query per thing it draws, each
// returning a few hundred rows at most (counts per value, never rows of data), so the dev band's
// 5M messages are measured in a few scans. Which queries follow from the spec: per relation with
// a fan-out, per text field, per profiled timestamp, per categorical field, and one count per
// table whose null rates or size are not otherwise measured. Pure: SQL text only.
import { quoteIdent } from "../db/index.js";
import type { Model, ModelGraph } from "../schema/index.js";
import type { FieldSpec, Spec } from "../spec/index.js";

export interface ShapeQuery {
  /** e.g. `fanOut:Message.conversation`, `length:Message.content`, `table:User`. */
  id: string;
  /** The table it scans, to run the largest first. */
  table: string;
  sql: string;
}

/** Rows of each query by id, every value as text (what the report reads back is parsed there). */
export type ShapeResults = Record<string, Array<Record<string, string | null>>>;

/** The kind of measurement a field's generator calls for, if any. */
export type FieldMeasure = "length" | "category" | "time" | "nulls" | undefined;

export function fieldMeasure(field: FieldSpec, model: Model, fieldName: string): FieldMeasure {
  if ("text" in field) return "length";
  if ("categorical" in field || "oneOf" in field) return "category";
  if ("bernoulli" in field && model.columns.find((c) => c.fieldName === fieldName)?.type === "Boolean")
    return "category";
  if ("timestamp" in field && field.timestamp.profile) return "time";
  return field.nullRate !== undefined ? "nulls" : undefined;
}

export function shapeQueries(graph: ModelGraph, spec: Spec): ShapeQuery[] {
  const queries: ShapeQuery[] = [];
  const needsRows = new Set<string>();
  const measuredFields = new Set<string>();
  for (const [modelName, modelSpec] of Object.entries(spec.models)) {
    const model = graph.models.find((m) => m.modelName === modelName);
    if (!model) continue;
    const table = tableOf(model);
    for (const [fieldName, field] of Object.entries(modelSpec.fields ?? {})) {
      const column = model.columns.find((c) => c.fieldName === fieldName);
      if (!column) continue;
      const col = quoteIdent(column.columnName);
      const measure = fieldMeasure(field, model, fieldName);
      // Every per-field query scans the whole table and keeps NULL as a group of its own: its
      // counts add up to the table's rows and give the field's null rate at no extra cost.
      if (measure === "length")
        queries.push(q(`length:${modelName}.${fieldName}`, table, `char_length(${col})`));
      else if (measure === "category") queries.push(q(`category:${modelName}.${fieldName}`, table, col));
      else if (measure === "time")
        // Rows per hour of the window (a few thousand groups), as hours since the epoch: hour of
        // day and weekday follow in the report. Truncating is cheap per row; the epoch arithmetic
        // runs once per group.
        queries.push(
          q(
            `time:${modelName}.${fieldName}`,
            table,
            `date_trunc('hour', ${col})`,
            (k) => `floor(extract(epoch FROM ${k}) / 3600)::bigint`,
          ),
        );
      if (measure !== undefined && measure !== "nulls") measuredFields.add(modelName);
    }
    if (modelSpec.parent && modelSpec.fanOut) {
      const fk = model.foreignKeys.find((f) => f.relationField === modelSpec.parent);
      const parent = fk && graph.models.find((m) => m.modelName === fk.targetModel);
      if (!fk || !parent) continue;
      const keys = fk.columns.map((c) => quoteIdent(c)).join(", ");
      const notNull = fk.columns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(" AND ");
      const children = `SELECT ${keys}, count(*) AS children FROM ${table} WHERE ${notNull} GROUP BY ${keys}`;
      const id = `fanOut:${modelName}.${modelSpec.parent}`;
      if ("byParentField" in modelSpec.fanOut) {
        const by = modelSpec.fanOut.byParentField;
        const byColumn = parent.columns.find((c) => c.fieldName === by);
        if (!byColumn) continue;
        const join = fk.columns
          .map((c, i) => `c.${quoteIdent(c)} = p.${quoteIdent(fk.targetColumns[i]!)}`)
          .join(" AND ");
        queries.push({
          id,
          table,
          sql: `SELECT v::text AS v, k::text AS k, n::text AS n FROM (
                  SELECT p.${quoteIdent(byColumn.columnName)} AS v, coalesce(c.children, 0) AS k, count(*) AS n
                    FROM ${tableOf(parent)} p LEFT JOIN (${children}) c ON ${join} GROUP BY 1, 2) g`,
        });
      } else {
        // Parents without children are the parent table's rows less those counted here.
        queries.push({
          id,
          table,
          sql: `SELECT k::text AS k, n::text AS n FROM (SELECT c.children AS k, count(*) AS n FROM (${children}) c GROUP BY 1) g`,
        });
        needsRows.add(parent.modelName);
      }
    }
  }
  // One count per table for null rates of fields not measured otherwise (e.g. a phone number),
  // and for parents whose size no per-field query gives.
  for (const model of graph.models) {
    const modelSpec = spec.models[model.modelName];
    const nullOnly = Object.entries(modelSpec?.fields ?? {}).filter(
      ([f, field]) =>
        fieldMeasure(field, model, f) === "nulls" && model.columns.some((c) => c.fieldName === f),
    );
    if (nullOnly.length === 0 && !(needsRows.has(model.modelName) && !measuredFields.has(model.modelName)))
      continue;
    const counts = nullOnly.map(([f]) => {
      const column = model.columns.find((c) => c.fieldName === f)!;
      return `count(${quoteIdent(column.columnName)})::text AS ${quoteIdent(f)}`;
    });
    queries.push({
      id: `table:${model.modelName}`,
      table: tableOf(model),
      sql: `SELECT ${["count(*)::text AS rows", ...counts].join(", ")} FROM ${tableOf(model)}`,
    });
  }
  return queries;
}

/**
 * Counts per value of `expression`, grouped by its own type (grouping by its text would convert
 * every row: a third slower on 5M rows); `outer` turns each group's key into what the report reads.
 */
function q(id: string, table: string, expression: string, outer = (k: string) => k): ShapeQuery {
  return {
    id,
    table,
    sql: `SELECT ${outer("g.k")}::text AS k, g.n::text AS n FROM (SELECT ${expression} AS k, count(*) AS n FROM ${table} GROUP BY 1) g`,
  };
}

function tableOf(model: Model): string {
  return `${quoteIdent(model.schemaName)}.${quoteIdent(model.tableName)}`;
}
