// What a model gets when the spec does not name it: a root with the band's `rows`, or a child of
// one of its required relations with a small fan-out. This is what lets any Prisma schema seed
// with the `generic` preset; a spec entry always wins over these defaults.
import { SeedbandError } from "../errors.js";
import type { ForeignKey, Model } from "../schema/index.js";
import type { ModelSpec } from "../spec/index.js";

/** Fan-out of a child the spec does not describe: 0–4 rows per parent (2 on average). */
const DEFAULT_FAN_OUT = { uniform: { min: 0, max: 4 } } as const;

export function defaultModelSpec(
  model: Model,
  bandVars: Record<string, number>,
  band: string,
  file: string,
): ModelSpec {
  const parent = defaultParent(model);
  if (!parent) {
    if (bandVars.rows === undefined) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file}: the spec does not describe the model ${model.modelName}, and band "${band}" defines no "rows" for models it does not describe. Add "${model.modelName}": { "count": … } under $.models, or "rows": <number> to $.bands.${band} (the generic preset has it).`,
      );
    }
    return { count: "$rows" };
  }
  // A relation whose key is unique on this side is one-to-one: at most one child per parent.
  const oneToOne = isUniqueKey(model, parent.fields);
  return { parent: parent.relationField, fanOut: oneToOne ? { bernoulli: 0.9 } : { ...DEFAULT_FAN_OUT } };
}

/**
 * The relation a model's rows are generated under: a required relation to another model,
 * preferring one that is part of the primary key (join tables), then schema order.
 */
export function defaultParent(model: Model): ForeignKey | undefined {
  const required = model.foreignKeys.filter((fk) => fk.isRequired && fk.targetModel !== model.modelName);
  return required.find((fk) => fk.fields.every((f) => model.primaryKey.includes(f))) ?? required[0];
}

/** True when exactly these fields (in any order) form the primary key or a unique constraint. */
export function isUniqueKey(model: Model, fields: readonly string[]): boolean {
  const same = (key: readonly string[]) =>
    key.length === fields.length && fields.every((f) => key.includes(f));
  return same(model.primaryKey) || model.uniques.some(same);
}
