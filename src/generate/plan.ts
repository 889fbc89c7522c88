// The band plan: how many rows each model gets, per partition block and (for children of root
// models) per parent. A pure function of (graph, spec, band, seed): every worker and shard computes
// the same plan, so IDs derived from it never need a shared counter.
import { SeedbandError } from "../errors.js";
import { resolveDist } from "../factories/index.js";
import {
  type Distribution,
  integerSampler,
  type Rng,
  type Sampler,
  sampleDistinct,
  streamFor,
} from "../random/index.js";
import type { ForeignKey, Model, ModelGraph } from "../schema/index.js";
import { foreignKeyOrder } from "../schema/index.js";
import type { FanOutSpec, ModelSpec, Spec } from "../spec/index.js";
import { defaultModelSpec, isUniqueKey } from "./default-model-spec.js";

export const DEFAULT_BLOCK_SIZE = 1024;

export interface PlannedModel {
  model: Model;
  spec: ModelSpec;
  /** The relation to the parent whose rows this model's rows are generated under. */
  parent?: { fk: ForeignKey; planned: PlannedModel };
  /** The root model whose blocks this model's rows belong to. */
  root: PlannedModel;
  rows: number;
  /** Rows in each block of the root, and the table position of each block's first row. */
  blockRows: Float64Array;
  blockStart: Float64Array;
  /** Children of a root model: rows per parent row (by the parent's position). */
  perParent?: Int32Array;
  /** Draws one row count per parent row (children of non-root models). */
  fanOut?: (rng: Rng, parentGet: (field: string) => unknown) => number;
  fanOutField?: string;
  /** Needed when picks of a non-parent key must be distinct per parent (composite keys). */
  distinctKeys: ForeignKey[];
}

export interface BandPlan {
  band: string;
  seed: number;
  blockSize: number;
  vars: Record<string, number>;
  models: PlannedModel[];
  /** Number of blocks of the largest root: shards split blocks of every root the same way. */
  blocks: number;
}

/** Parent fields a fan-out reads before its rows exist (computed per block by the row source). */
export type ParentFieldReader = (planned: PlannedModel, block: number, field: string) => unknown[];

export interface PlanHooks {
  readParentField: ParentFieldReader;
  /** Called as each model is planned, before the next one (which may read its rows). */
  register: (planned: PlannedModel) => void;
}

export function bandVariables(spec: Spec, band: string, file = "the preset"): Record<string, number> {
  const vars = spec.bands[band];
  if (!vars) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Unknown band "${band}": ${file} defines ${Object.keys(spec.bands).join(", ")}. Use one of those, or add "${band}" under "bands" in the preset.`,
    );
  }
  return vars;
}

export function makeNum(vars: Record<string, number>, band: string): (v: number | string) => number {
  return (v) => {
    if (typeof v === "number") return v;
    const value = vars[v.slice(1)];
    if (value === undefined) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `The spec uses the band variable ${v}, but band "${band}" does not define it. Add "${v.slice(1)}": <number> to $.bands.${band}.`,
      );
    }
    return value;
  };
}

/**
 * Builds the plan. `readParentField` supplies root rows' field values (e.g. a conversation's kind)
 * when a fan-out depends on them; the row source provides it, so plan and rows agree.
 */
export function planBand(
  graph: ModelGraph,
  spec: Spec,
  band: string,
  seed: number,
  hooks: PlanHooks,
  file = "the preset",
): BandPlan {
  const { readParentField } = hooks;
  const vars = bandVariables(spec, band, file);
  const num = makeNum(vars, band);
  const blockSize = spec.blockSize ?? DEFAULT_BLOCK_SIZE;
  checkSpecModels(graph, spec, file);
  const planned: PlannedModel[] = [];
  const byName = new Map<string, PlannedModel>();

  for (const model of foreignKeyOrder(graph)) {
    const given = spec.models[model.modelName];
    const modelSpec: ModelSpec =
      given?.count !== undefined || given?.parent !== undefined
        ? given
        : { ...given, ...defaultModelSpec(model, vars, band, file) };
    const at = `$.models.${model.modelName}`;
    if (modelSpec.parent === undefined) {
      if (modelSpec.count === undefined) {
        throw new SeedbandError(
          "SPEC_INVALID",
          `${file}: ${at} needs either "count" (rows of a root model) or "parent" + "fanOut" (rows per parent row). Add one of them.`,
        );
      }
      const rows = Math.round(num(modelSpec.count));
      const blocks = Math.ceil(rows / blockSize);
      const blockRows = new Float64Array(blocks);
      const blockStart = new Float64Array(blocks);
      for (let b = 0; b < blocks; b++) {
        blockStart[b] = b * blockSize;
        blockRows[b] = Math.min(blockSize, rows - b * blockSize);
      }
      const pm = {
        model,
        spec: modelSpec,
        rows,
        blockRows,
        blockStart,
        distinctKeys: [],
      } as unknown as PlannedModel;
      pm.root = pm;
      planned.push(pm);
      byName.set(model.modelName, pm);
      hooks.register(pm);
      continue;
    }
    const fk = model.foreignKeys.find((f) => f.relationField === modelSpec.parent);
    if (!fk) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file}: ${at}.parent is "${modelSpec.parent}", but ${model.modelName} has no relation field of that name with a foreign key. Relations it holds: ${model.foreignKeys.map((f) => f.relationField).join(", ") || "none"}.`,
      );
    }
    const parent = byName.get(fk.targetModel);
    if (!parent)
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file}: ${at}.parent points at ${fk.targetModel}, which is planned later.`,
      );
    if (!modelSpec.fanOut) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file}: ${at} has a parent but no "fanOut". Add e.g. "fanOut": { "fixed": 1 }.`,
      );
    }
    const distinctKeys = distinctPicks(model, fk);
    // One-to-one (the parent key is unique here): at most one child per parent. Distinct picks
    // of another key: at most as many children as that key has rows.
    const cap = isUniqueKey(model, fk.fields)
      ? 1
      : Math.min(Infinity, ...distinctKeys.map((k) => byName.get(k.targetModel)?.rows ?? 0));
    distinctKeys.length > 0
      ? Math.min(...distinctKeys.map((k) => byName.get(k.targetModel)?.rows ?? 0))
      : Infinity;
    const fanOut = compileFanOut(modelSpec.fanOut, num, cap, `${at}.fanOut`, file);
    const pm: PlannedModel = {
      model,
      spec: modelSpec,
      parent: { fk, planned: parent },
      root: parent.root,
      rows: 0,
      blockRows: new Float64Array(parent.blockRows.length),
      blockStart: new Float64Array(parent.blockRows.length),
      distinctKeys,
      fanOut: fanOut.draw,
      fanOutField: fanOut.byField,
    };
    hooks.register(pm);
    if (parent.root === parent) planChildOfRoot(pm, modelSpec, fanOut, num, seed, readParentField, at, file);
    else {
      if (modelSpec.total !== undefined || "heavy" in modelSpec.fanOut) {
        throw new SeedbandError(
          "SPEC_INVALID",
          `${file}: ${at}: "total" and "heavy" are supported only for children of root models (${parent.model.modelName} is itself a child). Remove them, or make ${model.modelName}'s parent a root model.`,
        );
      }
      planGrandchild(pm, seed, readParentField);
    }
    planned.push(pm);
    byName.set(model.modelName, pm);
  }
  const blocks = Math.max(0, ...planned.map((p) => p.blockRows.length));
  return { band, seed, blockSize, vars, models: planned, blocks };
}

interface CompiledFanOut {
  draw: (rng: Rng, parentGet: (field: string) => unknown) => number;
  byField?: string;
}

function compileFanOut(
  spec: FanOutSpec,
  num: (v: number | string) => number,
  cap: number,
  at: string,
  file: string,
): CompiledFanOut {
  const capped = (s: Sampler): Sampler => (cap === Infinity ? s : (rng) => Math.min(cap, s(rng)));
  if ("byParentField" in spec) {
    const cases = new Map<string, Sampler>();
    for (const [value, dist] of Object.entries(spec.cases))
      cases.set(value, capped(integerSampler(resolveDist(dist, num))));
    const field = spec.byParentField;
    return {
      byField: field,
      draw: (rng, get) => {
        const value = String(get(field));
        const sampler = cases.get(value);
        if (!sampler) {
          throw new SeedbandError(
            "SPEC_INVALID",
            `${file}: ${at}.cases has no entry for ${field} = "${value}". Add "${value}": { … } to the cases.`,
          );
        }
        return sampler(rng);
      },
    };
  }
  const { heavy: _heavy, ...dist } = spec as Distribution & { heavy?: unknown };
  const sampler = capped(integerSampler(resolveDist(dist, num)));
  return { draw: (rng) => sampler(rng) };
}

function planChildOfRoot(
  pm: PlannedModel,
  spec: ModelSpec,
  fanOut: CompiledFanOut,
  num: (v: number | string) => number,
  seed: number,
  readParentField: ParentFieldReader,
  at: string,
  file: string,
): void {
  const parent = pm.parent!.planned;
  const counts = new Int32Array(parent.rows);
  const heavy = spec.fanOut && "heavy" in spec.fanOut ? spec.fanOut.heavy : undefined;
  const fields = new Set<string>();
  if (fanOut.byField) fields.add(fanOut.byField);
  for (const key of Object.keys(heavy?.where ?? {})) fields.add(key);

  const eligible: number[] = [];
  for (let b = 0; b < parent.blockRows.length; b++) {
    const rng = streamFor(seed, pm.model.modelName, "fanOut", b);
    const columns = new Map<string, unknown[]>();
    for (const f of fields) columns.set(f, readParentField(parent, b, f));
    const start = parent.blockStart[b]!;
    for (let i = 0; i < parent.blockRows[b]!; i++) {
      const get = (f: string) => columns.get(f)?.[i];
      counts[start + i] = fanOut.draw(rng, get);
      if (heavy && Object.entries(heavy.where ?? {}).every(([k, v]) => String(get(k)) === String(v)))
        eligible.push(start + i);
    }
  }

  if (heavy) {
    // Exactly round(share × parents) heavy parents, chosen among the eligible ones by one stream.
    const wanted = Math.min(eligible.length, Math.round(num(heavy.share) * parent.rows));
    const rng = streamFor(seed, pm.model.modelName, "heavy");
    const sampler = integerSampler({ uniform: { min: num(heavy.min), max: num(heavy.max) } });
    const chosen = sampleDistinct(rng, eligible.length, wanted).sort((a, b) => a - b);
    for (const c of chosen) counts[eligible[c]!] = sampler(rng);
  }

  if (spec.total !== undefined)
    normaliseTotal(counts, Math.round(num(spec.total)), minOf(spec.fanOut), `${at}.total`, file);
  pm.perParent = counts;
  for (let b = 0; b < parent.blockRows.length; b++) {
    let sum = 0;
    const start = parent.blockStart[b]!;
    for (let i = 0; i < parent.blockRows[b]!; i++) sum += counts[start + i]!;
    pm.blockRows[b] = sum;
  }
  finishOffsets(pm);
}

function planGrandchild(pm: PlannedModel, seed: number, readParentField: ParentFieldReader): void {
  const parent = pm.parent!.planned;
  for (let b = 0; b < parent.blockRows.length; b++) {
    // The same stream, parent values and order as the row source uses: the counts agree with the rows.
    const rng = streamFor(seed, pm.model.modelName, "fanOut", b);
    const column = pm.fanOutField ? readParentField(parent, b, pm.fanOutField) : undefined;
    let sum = 0;
    for (let i = 0; i < parent.blockRows[b]!; i++) sum += pm.fanOut!(rng, () => column?.[i]);
    pm.blockRows[b] = sum;
  }
  finishOffsets(pm);
}

function finishOffsets(pm: PlannedModel): void {
  let acc = 0;
  for (let b = 0; b < pm.blockRows.length; b++) {
    pm.blockStart[b] = acc;
    acc += pm.blockRows[b]!;
  }
  pm.rows = acc;
}

/**
 * Scales counts so they sum to `total` exactly while keeping their shape: the excess over the
 * minimum is scaled, floors are taken, and the remainder goes to the largest fractional parts
 * (ties by position), so the result is deterministic.
 */
export function normaliseTotal(
  counts: Int32Array,
  total: number,
  min: number,
  at: string,
  file: string,
): void {
  const n = counts.length;
  if (n === 0) return;
  if (total < n * min) {
    throw new SeedbandError(
      "SPEC_INVALID",
      `${file}: ${at} asks for ${total} rows, fewer than ${n} parents × the minimum fan-out ${min}. Raise the total or lower the fan-out's min.`,
    );
  }
  let excess = 0;
  for (let i = 0; i < n; i++) excess += counts[i]! - min;
  const target = total - n * min;
  const scale = excess === 0 ? 0 : target / excess;
  const fractions = new Float64Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const exact = excess === 0 ? target / n : (counts[i]! - min) * scale;
    const floor = Math.floor(exact);
    fractions[i] = exact - floor;
    counts[i] = min + floor;
    assigned += floor;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => fractions[b]! - fractions[a]! || a - b);
  for (let r = 0; r < target - assigned; r++) counts[order[r % n]!]! += 1;
}

function minOf(spec: FanOutSpec | undefined): number {
  if (!spec || "byParentField" in spec) return 0;
  const d = spec as Record<string, unknown>;
  const inner = Object.values(d)[0] as Record<string, unknown> | number | undefined;
  if (typeof inner === "object" && inner && typeof inner.min === "number") return inner.min;
  if ("fixed" in d && typeof d.fixed === "number") return d.fixed;
  return 0;
}

/** Foreign keys (other than the parent's) that form a primary or unique key with it. */
function distinctPicks(model: Model, parentFk: ForeignKey): ForeignKey[] {
  const keys = [model.primaryKey, ...model.uniques];
  return model.foreignKeys.filter(
    (fk) =>
      fk !== parentFk &&
      keys.some(
        (key) =>
          key.length === parentFk.fields.length + fk.fields.length &&
          [...parentFk.fields, ...fk.fields].every((f) => key.includes(f)),
      ),
  );
}

function checkSpecModels(graph: ModelGraph, spec: Spec, file: string): void {
  for (const name of Object.keys(spec.models)) {
    if (!graph.models.some((m) => m.modelName === name)) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file}: $.models.${name} names a model the Prisma schema does not have. Models in the schema: ${graph.models.map((m) => m.modelName).join(", ")}.`,
      );
    }
  }
}
