// What the data-shape section asks of the database: one aggregate query per thing it draws, each
// returning a few hundred rows at most (counts per value, never rows of data), so the dev band's
// 5M messages are measured in a few scans. Which queries follow from the spec: per relation with
// a fan-out, per text field, per number field, per profiled timestamp, per categorical field, and
// one count per table whose null rates or size are not otherwise measured. Pure: SQL text only.
import { quoteIdent } from "../db/index.js";
import { coarseFloat8 } from "../privacy/index.js";
import type { Model, ModelGraph } from "../schema/index.js";
import type { FieldSpec, Spec } from "../spec/index.js";

export interface ShapeQuery {
  /** e.g. `fanOut:Message.conversation`, `length:Message.content`, `table:User`. */
  id: string;
  /** The table it scans, to run the largest first. */
  table: string;
  sql: string;
  /**
   * Categorical fields counted in the same scan (columns c0, c1, …): their counts, and this
   * query's own, are marginals of its rows (see `splitResults`).
   */
  folded?: string[];
}

/** Joint groups a host query may multiply its own by, to fold categorical fields into its scan. */
const FOLDED_GROUPS = 64;

/** Rows of each query by id, every value as text (what the report reads back is parsed there). */
export type ShapeResults = Record<string, Array<Record<string, string | null>>>;

/** The kind of measurement a field's generator calls for, if any. */
export type FieldMeasure = "length" | "number" | "category" | "time" | "nulls" | undefined;

export function fieldMeasure(field: FieldSpec, model: Model, fieldName: string): FieldMeasure {
  if ("text" in field) return "length";
  if ("number" in field) return "number";
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
    const hosts: Array<{ id: string; expression: string; outer?: (k: string) => string }> = [];
    const categories: Array<{ id: string; column: string; values: number }> = [];
    for (const [fieldName, field] of Object.entries(modelSpec.fields ?? {})) {
      const column = model.columns.find((c) => c.fieldName === fieldName);
      if (!column) continue;
      const col = quoteIdent(column.columnName);
      const measure = fieldMeasure(field, model, fieldName);
      const id = `${measure}:${modelName}.${fieldName}`;
      // Every per-field query scans the whole table and keeps NULL as a group of its own: its
      // counts add up to the table's rows and give the field's null rate at no extra cost.
      if (measure === "length") hosts.unshift({ id, expression: `char_length(${col})` });
      else if (measure === "time")
        // Rows per hour of the window (a few thousand groups), as hours since the epoch: hour of
        // day and weekday follow in the report. Truncating is cheap per row; the epoch arithmetic
        // runs once per group.
        hosts.push({
          id,
          expression: `date_trunc('hour', ${col})`,
          outer: (k) => `floor(extract(epoch FROM ${k}) / 3600)::bigint`,
        });
      else if (measure === "category") categories.push({ id, column: col, values: valueCount(field) });
      // Values as the sampler and verify round them (a float column yields no million groups), in
      // float8 arithmetic: numeric's would cost seconds per million rows.
      else if (measure === "number") queries.push(q(id, table, coarseFloat8(`${col}::float8`)));
      if (measure !== undefined && measure !== "nulls") measuredFields.add(modelName);
    }
    // Scanning a large table costs more than grouping its rows: the categorical fields (a few
    // values each) ride along in the scan of a length or a time field, grouped jointly, and the
    // report reads each field's counts as a marginal. At most FOLDED_GROUPS × the host's groups.
    const host = hosts[0];
    const folded: typeof categories = [];
    let product = 1;
    for (const c of categories) {
      if (host && product * c.values <= FOLDED_GROUPS) {
        folded.push(c);
        product *= c.values;
      } else queries.push(q(c.id, table, c.column));
    }
    for (const h of hosts) {
      if (h !== host || folded.length === 0) {
        queries.push(q(h.id, table, h.expression, h.outer));
        continue;
      }
      const keys = folded.map((_, i) => `g.c${i}::text AS c${i}`).join(", ");
      const columns = folded.map((c, i) => `${c.column} AS c${i}`).join(", ");
      const groups = folded.map((_, i) => i + 2).join(", ");
      queries.push({
        id: h.id,
        table,
        sql: `SELECT ${(h.outer ?? ((k) => k))("g.k")}::text AS k, ${keys}, g.n::text AS n FROM (SELECT ${h.expression} AS k, ${columns}, count(*) AS n FROM ${table} GROUP BY 1, ${groups}) g`,
        folded: folded.map((c) => c.id),
      });
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
      ([f, field]) => fieldMeasure(field, model, f) === "nulls" && presentCount(model, f) !== undefined,
    );
    if (nullOnly.length === 0 && !(needsRows.has(model.modelName) && !measuredFields.has(model.modelName)))
      continue;
    const counts = nullOnly.map(([f]) => `${presentCount(model, f)}::text AS ${quoteIdent(f)}`);
    queries.push({
      id: `table:${model.modelName}`,
      table: tableOf(model),
      sql: `SELECT ${["count(*)::text AS rows", ...counts].join(", ")} FROM ${tableOf(model)}`,
    });
  }
  return queries;
}

/**
 * Rows whose field is not NULL, as SQL: a column's own count, or — for an optional relation, as
 * verify counts it — the rows whose key columns are not all NULL. Undefined for anything else.
 */
function presentCount(model: Model, fieldName: string): string | undefined {
  const column = model.columns.find((c) => c.fieldName === fieldName);
  if (column) return `count(${quoteIdent(column.columnName)})`;
  const fk = model.foreignKeys.find((f) => f.relationField === fieldName && !f.isRequired);
  if (!fk) return undefined;
  return `count(*) FILTER (WHERE NOT (${fk.columns.map((c) => `${quoteIdent(c)} IS NULL`).join(" AND ")}))`;
}

/** Values a categorical field may take, with NULL and one unforeseen value. */
function valueCount(field: FieldSpec): number {
  if ("categorical" in field) return Object.keys(field.categorical).length + 2;
  if ("oneOf" in field) return field.oneOf.length + 2;
  return 4; // a boolean
}

/**
 * Rows of each query by id, in a fixed order (by key: a hash aggregate returns its groups in no
 * promised order, and sums of floats depend on it); a query with folded fields gives, for itself
 * and for each of them, the counts summed over the other columns.
 */
export function splitResults(
  queries: readonly ShapeQuery[],
  raw: Record<string, Array<Record<string, string | null>>>,
): ShapeResults {
  const out: ShapeResults = {};
  for (const query of queries) {
    const rows = raw[query.id] ?? [];
    if (!query.folded) {
      out[query.id] = [...rows].sort(byKey);
      continue;
    }
    const marginal = (column: string) => {
      const sums = new Map<string | null, number>();
      for (const r of rows) sums.set(r[column] ?? null, (sums.get(r[column] ?? null) ?? 0) + Number(r.n));
      return [...sums].map(([k, n]) => ({ k, n: String(n) })).sort(byKey);
    };
    out[query.id] = marginal("k");
    query.folded.forEach((id, i) => {
      out[id] = marginal(`c${i}`);
    });
  }
  return out;
}

/** By the parent's value (fan-outs split by a field), then by key: numbers as numbers, NULL last. */
function byKey(a: Record<string, string | null>, b: Record<string, string | null>): number {
  return compareKeys(a.v ?? null, b.v ?? null) || compareKeys(a.k ?? null, b.k ?? null);
}

function compareKeys(x: string | null, y: string | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  const [nx, ny] = [Number(x), Number(y)];
  if (x.trim() !== "" && y.trim() !== "" && Number.isFinite(nx) && Number.isFinite(ny) && nx !== ny)
    return nx - ny;
  return x < y ? -1 : 1;
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
