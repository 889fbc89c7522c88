// The order in which tables can be filled: every model after the models its required foreign
// keys point at. Optional foreign keys do not constrain the order (seedband fills those in a
// second pass after load), and neither do self-references. Ties follow the schema's order, so
// the result is the same on every run.

import { SeedbandError } from "../errors.js";
import type { ForeignKey, Model, ModelGraph } from "./model-graph.js";

/**
 * Models in foreign-key order: parents before children.
 * Throws SeedbandError("CYCLE") when required foreign keys form a cycle, naming it as
 * `A.b -> B.a -> A`.
 *
 * @example
 * foreignKeyOrder(graph).map((m) => m.modelName);
 * // ["User", "Conversation", "ConversationUser", "Message", "Attachment"]
 */
export function foreignKeyOrder(graph: ModelGraph): Model[] {
  const models = graph.models;
  const index = new Map(models.map((m, i) => [m.modelName, i]));
  // parents[i]: the distinct models model i must follow.
  const parents = models.map((model) => {
    const set = new Set<number>();
    for (const fk of orderingKeys(model)) {
      const p = index.get(fk.targetModel);
      if (p !== undefined) set.add(p);
    }
    return set;
  });

  const placed = new Array<boolean>(models.length).fill(false);
  const order: Model[] = [];
  // Quadratic, and fine: schemas have tens of models. Each round takes the first model in
  // schema order whose parents are all placed, which makes ties deterministic.
  while (order.length < models.length) {
    const next = models.findIndex((_, i) => !placed[i] && [...(parents[i] ?? [])].every((p) => placed[p]));
    if (next < 0) throw cycleError(models, placed, index);
    placed[next] = true;
    order.push(models[next] as Model);
  }
  return order;
}

/** The foreign keys that constrain the order: required, and not to the model itself. */
function orderingKeys(model: Model): ForeignKey[] {
  return model.foreignKeys.filter((fk) => fk.isRequired && fk.targetModel !== model.modelName);
}

function cycleError(
  models: readonly Model[],
  placed: readonly boolean[],
  index: Map<string, number>,
): SeedbandError {
  // Every unplaced model has a required parent that is unplaced too, so walking "first such
  // parent" from the first unplaced model must come back to a model already visited.
  const path: Array<{ model: Model; fk: ForeignKey }> = [];
  const seen = new Map<string, number>();
  let current = models[placed.indexOf(false)] as Model;
  while (!seen.has(current.modelName)) {
    seen.set(current.modelName, path.length);
    const fk = orderingKeys(current).find((k) => {
      const p = index.get(k.targetModel);
      return p !== undefined && !placed[p];
    }) as ForeignKey;
    path.push({ model: current, fk });
    current = models[index.get(fk.targetModel) as number] as Model;
  }
  const cycle = path.slice(seen.get(current.modelName));
  const text = `${cycle.map((step) => `${step.model.modelName}.${step.fk.relationField}`).join(" -> ")} -> ${current.modelName}`;
  const first = cycle[0] as { model: Model; fk: ForeignKey };
  const keys = first.fk.fields.map((f) => `\`${f}\``).join(", ");
  return new SeedbandError(
    "CYCLE",
    `Required foreign keys form a cycle: ${text}. Every row needs its parent to exist first, so no load order ` +
      `satisfies it. Fix: make one side optional (e.g. \`${first.fk.relationField} ${first.fk.targetModel}? ` +
      `@relation(...)\` in model ${first.model.modelName}, with ${keys} optional too), and seedband fills it in a ` +
      "second pass after load.",
  );
}
