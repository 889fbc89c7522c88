// Positions across the plan's tree: which parent row a child row belongs to, which rows of a model
// descend from an ancestor's row, which block holds a position. Children of root models have their
// per-parent counts in the plan; deeper children's counts are replayed from the same fan-out
// streams the plan and the row source use, once and only when asked (a key referenced through a
// parent, rows scoped to an ancestor). Pure.

/** What positions read of a planned model (plan.ts's PlannedModel, which imports this file). */
export interface PositionedModel<M> {
  /** The relation to the parent whose rows this model's rows are generated under. */
  parent?: { planned: M };
  /** The table position of each block's first row. */
  blockStart: Float64Array;
  /** Children of a root model: rows per parent row (by the parent's position). */
  perParent?: Int32Array;
}

export class PlanPositions<PlannedModel extends PositionedModel<PlannedModel>> {
  private readonly starts = new Map<PlannedModel, Float64Array>();

  /** `replay(pm)`: rows of `pm` per parent row, exactly as the plan counted them. */
  constructor(private readonly replay: (pm: PlannedModel) => Int32Array) {}

  /** Prefix sums of a child's rows per parent row: rows under parent row i are [s[i], s[i+1]). */
  childStart(pm: PlannedModel): Float64Array {
    let start = this.starts.get(pm);
    if (start) return start;
    const counts = pm.perParent ?? this.replay(pm);
    start = new Float64Array(counts.length + 1);
    for (let i = 0; i < counts.length; i++) start[i + 1] = start[i]! + counts[i]!;
    this.starts.set(pm, start);
    return start;
  }

  /** The parent row's position of row `position` of a child model. */
  parentPosition(pm: PlannedModel, position: number): number {
    return lastAtMost(this.childStart(pm), position);
  }

  /** The position of the ancestor `depth` parent hops above row `position` (0: the row itself). */
  ancestorPosition(pm: PlannedModel, position: number, depth: number): number {
    let model = pm;
    let at = position;
    for (let d = 0; d < depth; d++) {
      at = this.parentPosition(model, at);
      model = model.parent!.planned;
    }
    return at;
  }

  /**
   * Rows of `pm` under row `ancestor` of the model `depth` parent hops above it, as [start, end)
   * (depth 0: the row itself).
   */
  range(pm: PlannedModel, depth: number, ancestor: number): [number, number] {
    if (depth === 0) return [ancestor, ancestor + 1];
    const [from, to] = this.range(pm.parent!.planned, depth - 1, ancestor);
    const start = this.childStart(pm);
    return [start[from]!, start[to]!];
  }
}

/** The block holding `position`: the last block whose start is at most it. */
export function blockOf(pm: { blockStart: Float64Array }, position: number): number {
  return lastAtMost(pm.blockStart, position);
}

/** Index of the last element ≤ x in an ascending array whose first element is ≤ x. */
function lastAtMost(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  // Among equal starts (parents without rows), the last one with start ≤ x owns x.
  return lo;
}
