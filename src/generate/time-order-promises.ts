// What a band's timestamps promise about time order, as pairs of columns a database can compare:
// a row's creation time is at or after the creation time of every row it references (the
// relations the row source orders by), and a timestamp with an `after` field is at or after it
// (updatedAt after createdAt, a due date after creation, a span's end after its start).
// `verify --realism` counts the rows that break each promise. Pure.
import type { Column, ForeignKey, Model, ModelGraph } from "../schema/index.js";
import type { PlannedModel } from "./plan.js";
import type { ModelTimeOrder } from "./row-source.js";

/** A table's column, as the database names it. */
export interface TimeColumn {
  schema: string;
  table: string;
  column: string;
  /** A date-only column (`@db.Date`): compared by day. */
  dateOnly: boolean;
}

export interface TimeOrderPromise {
  /** The promise in Prisma names, e.g. "Task.createdAt ≥ Task.parent.createdAt". */
  check: string;
  later: TimeColumn;
  earlier: TimeColumn;
  /** The earlier column is in the row a foreign key points at: (column, target column) pairs. */
  join?: Array<[string, string]>;
}

function timeColumn(model: Model, field: string): TimeColumn | undefined {
  const column: Column | undefined = model.columns.find((c) => c.fieldName === field);
  if (column?.type !== "DateTime" || column.isList) return undefined;
  return {
    schema: model.schemaName,
    table: model.tableName,
    column: column.columnName,
    dateOnly: column.nativeType?.name === "Date",
  };
}

function across(
  graph: ModelGraph,
  model: Model,
  fk: ForeignKey,
  field: string,
  targetField: string,
): TimeOrderPromise | undefined {
  const target = graph.models.find((m) => m.modelName === fk.targetModel);
  const later = timeColumn(model, field);
  const earlier = target && timeColumn(target, targetField);
  if (!later || !earlier) return undefined;
  return {
    check: `${model.modelName}.${field} ≥ ${model.modelName}.${fk.relationField}.${targetField}`,
    later,
    earlier,
    join: fk.columns.map((c, i) => [c, fk.targetColumns[i]!] as [string, string]),
  };
}

/** Every time-order promise of the planned models (their creation fields as the row source reads them). */
export function timeOrderPromises(
  graph: ModelGraph,
  models: PlannedModel[],
  timeOrder: (pm: PlannedModel) => ModelTimeOrder,
  creationOf: (pm: PlannedModel) => string | undefined,
): TimeOrderPromise[] {
  const out: TimeOrderPromise[] = [];
  const byName = new Map(models.map((pm) => [pm.model.modelName, pm]));
  for (const pm of models) {
    const { model } = pm;
    const order = timeOrder(pm);
    if (order.creation !== undefined) {
      for (const fk of order.relations) {
        const target = byName.get(fk.targetModel);
        const targetCreation = target && creationOf(target);
        const promise = targetCreation && across(graph, model, fk, order.creation, targetCreation);
        if (promise) out.push(promise);
      }
    }
    for (const { field, after } of order.after) {
      const dot = after.indexOf(".");
      if (dot >= 0) {
        const fk = model.foreignKeys.find((f) => f.relationField === after.slice(0, dot));
        const promise = fk && across(graph, model, fk, field, after.slice(dot + 1));
        if (promise) out.push(promise);
        continue;
      }
      const later = timeColumn(model, field);
      const earlier = timeColumn(model, after);
      if (later && earlier)
        out.push({ check: `${model.modelName}.${field} ≥ ${model.modelName}.${after}`, later, earlier });
    }
  }
  return out;
}
