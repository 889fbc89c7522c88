// The plan as data a person can read: per model its rows, its parent and why (or why it is a
// root), what bounds its rows, how each relation is filled and how each unique key holds. What a
// `seedband plan` command prints, and what later planning work (time, tenants) builds on. Pure.
import { inferFieldRules } from "../factories/index.js";
import type { EnumType } from "../schema/index.js";
import type { BandPlan, PlannedModel } from "./plan.js";

export interface PlanReport {
  band: string;
  seed: number;
  models: Array<{
    model: string;
    table: string;
    rows: number;
    parent?: { relation: string; model: string; why: string };
    root?: string;
    /** The tenant root the model's rows belong to (its parent chain reaches it; itself for the root). */
    tenant?: string;
    /** What bounds the rows (unique keys, one-to-ones), when anything does. */
    capacity?: { total?: number; reasons: string[] };
    relations: Array<{
      relation: string;
      target: string;
      kind: string;
      why: string;
      anchor?: string;
      /** A member relation: the join model whose rows under the anchor hold the target. */
      via?: string;
    }>;
    keys: Array<{ fields: string[]; how: string; why: string }>;
    /** How rows are counted under the parent: the spec's fan-out, when the model has a parent. */
    fanOut?: unknown;
    /**
     * Each column that is not a key or a foreign key: the generator and where it comes from — a
     * function of seedband.config.ts, the spec (preset merged with the config), or the rule of
     * inference that chose it (docs/schemas.md). Present when the report is given the schema's enums.
     */
    fields?: Array<{
      field: string;
      from: "config" | "spec" | "inferred";
      generator: string;
      rule?: string;
      nulls?: string;
    }>;
  }>;
  warnings: string[];
}

export interface PlanReportOptions {
  /** The schema's enums: with them, each column's generator and the rule that chose it. */
  enums?: readonly EnumType[];
  /** Fields seedband.config.ts gives a function ("Model" → field names). */
  functions?: Record<string, Record<string, unknown>>;
}

export function planReport(plan: BandPlan, options: PlanReportOptions = {}): PlanReport {
  return {
    band: plan.band,
    seed: plan.seed,
    warnings: [...plan.warnings],
    models: plan.models.map((pm) => {
      const s = pm.structure;
      return {
        model: pm.model.modelName,
        table: pm.model.tableName,
        rows: pm.rows,
        ...(s.parent
          ? {
              parent: {
                relation: s.parent.fk.relationField,
                model: s.parent.fk.targetModel,
                why: s.parent.why,
              },
            }
          : { root: s.rootWhy ?? "" }),
        ...(s.tenant && { tenant: s.tenant.model }),
        ...(pm.capacity.reasons.length > 0 && {
          capacity: {
            ...(Number.isFinite(pm.capacity.total) && { total: pm.capacity.total }),
            reasons: [...pm.capacity.reasons],
          },
        }),
        relations: s.references.map((r) => ({
          relation: r.fk.relationField,
          target: r.fk.targetModel,
          kind: r.kind,
          why: r.kind === "parent" ? (s.parent?.why ?? "") : r.why,
          ...(r.anchor && { anchor: r.anchor.model }),
          ...(r.via && { via: r.via.model }),
        })),
        keys: s.keys.map((k) => ({ fields: [...k.fields], how: k.how, why: k.why })),
        ...(pm.parent && pm.spec.fanOut !== undefined && { fanOut: pm.spec.fanOut }),
        ...(options.enums && {
          fields: fieldRules(pm, options.enums, options.functions?.[pm.model.modelName]),
        }),
      };
    }),
  };
}

/** The generator of each plain column of a model (keys and foreign keys are the relations' and keys'). */
function fieldRules(
  pm: PlannedModel,
  enums: readonly EnumType[],
  functions: Record<string, unknown> | undefined,
): NonNullable<PlanReport["models"][number]["fields"]> {
  const { model, structure } = pm;
  const keyed = new Set(model.foreignKeys.flatMap((fk) => fk.fields));
  const out: NonNullable<PlanReport["models"][number]["fields"]> = [];
  for (const column of model.columns) {
    const field = column.fieldName;
    if (keyed.has(field) || structure.writtenBy.has(field) || column.type === "Unsupported") continue;
    if (column.isId && model.primaryKey.length === 1) continue;
    if (functions?.[field]) {
      out.push({ field, from: "config", generator: "a function in seedband.config.ts" });
      continue;
    }
    const spec = pm.spec.fields?.[field];
    if (spec && !("auto" in spec)) {
      out.push({ field, from: "spec", generator: JSON.stringify(spec) });
      continue;
    }
    const rule = inferFieldRules(model, column, { enums });
    out.push({
      field,
      from: "inferred",
      generator: rule.generator,
      rule: rule.rule,
      ...(rule.nullRule && { nulls: rule.nullRule }),
    });
  }
  return out;
}
