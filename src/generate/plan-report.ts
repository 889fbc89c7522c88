// The plan as data a person can read: per model its rows, its parent and why (or why it is a
// root), what bounds its rows, how each relation is filled and how each unique key holds. What a
// `seedband plan` command prints, and what later planning work (time, tenants) builds on. Pure.
import type { BandPlan } from "./plan.js";

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
  }>;
  warnings: string[];
}

export function planReport(plan: BandPlan): PlanReport {
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
      };
    }),
  };
}
