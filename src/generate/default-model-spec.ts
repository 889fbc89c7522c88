// What a model gets when the spec does not name it: a root with the band's `rows` (one row for a
// single-row table whose key defaults to a constant), or a child of
// the parent its structure chose (model-structure.ts) with a heavy-tailed fan-out (at least one
// per parent for a membership-like join row). This is what lets any
// Prisma schema seed with the `generic` preset; a spec entry always wins over these defaults.
import { SeedbandError } from "../errors.js";
import type { Model } from "../schema/index.js";
import type { ModelSpec } from "../spec/index.js";
import { isSingleRow, isUniqueKey, type ModelStructure } from "./model-structure.js";

/**
 * Fan-out of a child the spec does not describe: heavy-tailed, like real products' (most parents
 * have a few children, a few have dozens) — log-normal, about 2 per parent on average, a quarter
 * with none, the top 1% with 14 or more; capped at 1,000.
 */
const DEFAULT_FAN_OUT = { logNormal: { mu: 0.1, sigma: 1.1, min: 0, max: 1000 } } as const;

export function defaultModelSpec(
  model: Model,
  structure: ModelStructure,
  bandVars: Record<string, number>,
  band: string,
  file: string,
  /** Whether the model's parent is itself a root (a tenant such as a workspace). */
  parentIsRoot = false,
): ModelSpec {
  const parent = structure.parent?.fk;
  if (!parent) {
    if (bandVars.rows === undefined) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file}: the spec does not describe the model ${model.modelName}, and band "${band}" defines no "rows" for models it does not describe. Add "${model.modelName}": { "count": … } under $.models, or "rows": <number> to $.bands.${band} (the generic preset has it).`,
      );
    }
    // A single-row table (settings, a singleton config): its only key column defaults to a constant.
    return { count: isSingleRow(model) ? 1 : "$rows" };
  }
  // A relation whose key is unique on this side is one-to-one: at most one child per parent.
  const oneToOne = isUniqueKey(model, parent.fields);
  if (oneToOne) return { parent: parent.relationField, fanOut: { bernoulli: 0.9 } };
  // A membership (a join row under a root whose key pairs it with another model: workspace × user):
  // every parent has at least one — a workspace without a member is not a product's — and the
  // tenant's rows that need a member (an assignee, an author) always find one (tenants.ts).
  const fanOut =
    parentIsRoot && isMembership(model, parent.fields)
      ? { logNormal: { ...DEFAULT_FAN_OUT.logNormal, min: 1 } }
      : { ...DEFAULT_FAN_OUT };
  return { parent: parent.relationField, fanOut };
}

/** A key (primary or unique) made of the parent's columns and exactly one other relation's. */
function isMembership(model: Model, parentFields: readonly string[]): boolean {
  const holds = (key: readonly string[], fields: readonly string[]) => fields.every((f) => key.includes(f));
  const others = model.foreignKeys.filter((fk) => !holds(parentFields, fk.fields));
  return [model.primaryKey, ...model.uniques].some((key) => {
    if (!holds(key, parentFields)) return false;
    const other = others.find((fk) => holds(key, fk.fields));
    return other !== undefined && key.length === parentFields.length + other.fields.length;
  });
}
