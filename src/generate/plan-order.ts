// The order in which models are planned: a model after its parent and its required relations'
// targets (hard), and after its optional relations' targets where no cycle forbids it (soft;
// relations inside unique keys first, since their capacity bounds the model's rows). Ties go by
// model name, never by the schema's order, so moving a model in the file changes nothing. Pure.
import { SeedbandError } from "../errors.js";
import { foreignKeyOrder, type Model, type ModelGraph } from "../schema/index.js";

/**
 * `parents`: the parent relation the spec gives a model (its target), which may be optional. A
 * required relation's target always comes first, so a model's chosen parent does too.
 */
export function planOrder(graph: ModelGraph, parents: Map<string, string>): Model[] {
  foreignKeyOrder(graph); // throws the cycle of required relations, named, when there is one
  const names = graph.models.map((m) => m.modelName).sort(compare);
  const index = new Map(names.map((n, i) => [n, i]));
  const after: Array<Set<number>> = names.map(() => new Set());
  const add = (from: string, to: string) => {
    const a = index.get(from);
    const b = index.get(to);
    if (a !== undefined && b !== undefined && a !== b) after[a]!.add(b);
  };
  const soft: Array<{ from: string; to: string; rank: number }> = [];
  for (const model of graph.models) {
    const parent = parents.get(model.modelName);
    if (parent) add(model.modelName, parent);
    const keys = [model.primaryKey, ...model.uniques];
    for (const fk of model.foreignKeys) {
      if (fk.isRequired) add(model.modelName, fk.targetModel);
      else {
        const inKey = keys.some((k) => k.length > 1 && fk.fields.every((f) => k.includes(f)));
        soft.push({ from: model.modelName, to: fk.targetModel, rank: inKey ? 0 : 1 });
      }
    }
  }
  soft.sort((x, y) => x.rank - y.rank || compare(x.from, y.from) || compare(x.to, y.to));
  for (const { from, to } of soft) {
    const a = index.get(from)!;
    const b = index.get(to);
    if (b === undefined || a === b || reaches(after, b, a)) continue;
    after[a]!.add(b);
  }
  const placed = new Array<boolean>(names.length).fill(false);
  const order: Model[] = [];
  const byName = new Map(graph.models.map((m) => [m.modelName, m]));
  while (order.length < names.length) {
    const next = names.findIndex((_, i) => !placed[i] && [...after[i]!].every((p) => placed[p]));
    if (next < 0) {
      const stuck = names.filter((_, i) => !placed[i]);
      throw new SeedbandError(
        "CYCLE",
        `The spec's "parent" relations and the schema's required relations form a cycle among ${stuck.join(", ")}: no order plans every model after its parent. Fix: remove "parent" from one of them in the spec.`,
      );
    }
    placed[next] = true;
    order.push(byName.get(names[next]!)!);
  }
  return order;
}

/** True when `to` can be reached from `from` along "after" edges. */
function reaches(after: Array<Set<number>>, from: number, to: number): boolean {
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x === to) return true;
    for (const y of after[x]!) {
      if (!seen.has(y)) {
        seen.add(y);
        stack.push(y);
      }
    }
  }
  return false;
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
