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
import type { FanOutSpec, ModelSpec, Spec } from "../spec/index.js";
import { checkSpecValues } from "./check-spec-values.js";
import { defaultModelSpec } from "./default-model-spec.js";
import {
  type Anchor,
  analyseModel,
  dependentsOf,
  domainSize,
  type ModelStructure,
  parentCandidates,
  type ReferencePlan,
  type StructureContext,
  StructureRefusal,
  type TupleComponent,
} from "./model-structure.js";
import { planOrder } from "./plan-order.js";
import { blockOf, PlanPositions } from "./plan-positions.js";
import { findTenants, scopeToTenants } from "./tenants.js";

export const DEFAULT_BLOCK_SIZE = 1024;

export interface PlannedModel {
  model: Model;
  spec: ModelSpec;
  /** How its keys and relations are satisfied (parent and why, each relation, each unique key). */
  structure: ModelStructure;
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
  /** Draws one row count for a parent row (children of non-root models), its capacity applied. */
  fanOut?: (rng: Rng, parentGet: (field: string) => unknown, parentPosition: number) => number;
  fanOutField?: string;
  /** What bounds the rows: the table's capacity and why, the per-parent capacity's reasons. */
  capacity: { total: number; reasons: string[] };
  /** The user gave the model 0 rows. */
  zero: boolean;
  /** Rows and fan-out are seedband's defaults (no spec entry): an empty result is not acceptable. */
  defaulted: boolean;
  /** A deeper child forced to one row under this parent position so the table is not empty. */
  force?: number;
}

export interface BandPlan {
  band: string;
  seed: number;
  blockSize: number;
  vars: Record<string, number>;
  models: PlannedModel[];
  /** Number of blocks of the largest root: shards split blocks of every root the same way. */
  blocks: number;
  /** Parent rows of child rows and rows under ancestor rows, computed on demand. */
  positions: PlanPositions<PlannedModel>;
  /** What the user should know: tables with no rows, and why. */
  warnings: string[];
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
      `Unknown band "${band}": the bands are ${Object.keys(spec.bands).join(", ")}. Use one of those, or add "${band}" under "bands" in ${file.replace(/ \(models: .*\)$/, "")}.`,
    );
  }
  return vars;
}

export function makeNum(
  vars: Record<string, number>,
  band: string,
  file = "the preset",
): (v: number | string) => number {
  return (v) => {
    if (typeof v === "number") return v;
    const value = vars[v.slice(1)];
    if (value === undefined) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file} uses the band variable ${v}, but band "${band}" does not define it. Fix: add "${v.slice(1)}": <number> to $.bands.${band}.`,
      );
    }
    return value;
  };
}

/**
 * Builds the plan: first each model's structure (parent, relations, unique keys; solved from the
 * schema's constraints where the spec is silent), then rows per block in plan order, bounded by
 * the keys' capacities. `readParentField` supplies parent rows' field values when a fan-out
 * depends on them; the row source provides it, so plan and rows agree. Everything that cannot be
 * satisfied is refused at once, each with its fix.
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
  const num = makeNum(vars, band, file);
  const blockSize = spec.blockSize ?? DEFAULT_BLOCK_SIZE;
  checkSpecModels(graph, spec, file);
  checkSpecValues(graph, spec, band, vars, file);
  const { structures, order, zero } = solveStructures(graph, spec, num, file);
  const planned: PlannedModel[] = [];
  const byName = new Map<string, PlannedModel>();
  const refusals: Refusal[] = [];
  const positions = new PlanPositions<PlannedModel>((pm) => replayCounts(pm, seed, readParentField));
  const warnings: string[] = [];

  for (const model of order) {
    const structure = structures.get(model.modelName)!;
    const given = spec.models[model.modelName];
    const defaulted = given?.count === undefined && given?.parent === undefined;
    const modelSpec: ModelSpec = defaulted
      ? {
          ...given,
          ...defaultModelSpec(model, structure, vars, band, file, isRootParent(structure, structures)),
        }
      : given!;
    const at = `$.models.${model.modelName}`;
    const capacity = totalCapacity(structure, byName, graph);
    if (modelSpec.parent === undefined) {
      if (modelSpec.count === undefined) {
        throw new SeedbandError(
          "SPEC_INVALID",
          `${file}: ${at} needs either "count" (rows of a root model) or "parent" + "fanOut" (rows per parent row). Add one of them.`,
        );
      }
      let rows = Math.round(num(modelSpec.count));
      if (rows > capacity.total) {
        if (!defaulted) {
          refusals.push({
            code: "UNIQUE_EXHAUSTED",
            text: `${model.modelName}: ${file} asks for ${rows} rows, but ${capacity.reasons.join("; ")}: at most ${capacity.total}. Fix: give ${model.modelName} \`count: ${capacity.total}\` (or fewer) in ${file}.`,
          });
        }
        rows = capacity.total;
      }
      if (rows === 0 && !zero.has(model.modelName)) {
        refusals.push({
          code: "UNIQUE_EXHAUSTED",
          text: emptyRefusal(model, capacity.reasons, zero, graph, file),
        });
      }
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
        structure,
        rows,
        blockRows,
        blockStart,
        capacity,
        zero: zero.has(model.modelName),
        defaulted,
      } as unknown as PlannedModel;
      pm.root = pm;
      planned.push(pm);
      byName.set(model.modelName, pm);
      hooks.register(pm);
      continue;
    }
    const fk = structure.parent!.fk;
    const parent = byName.get(fk.targetModel)!;
    if (!modelSpec.fanOut) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${file}: ${at} has a parent but no "fanOut". Add e.g. "fanOut": { "fixed": 1 }.`,
      );
    }
    const cap = perParentCapacity(structure, parent, byName, positions, capacity.reasons);
    const fanOut = compileFanOut(modelSpec.fanOut, num, cap, `${at}.fanOut`, file);
    const pm: PlannedModel = {
      model,
      spec: modelSpec,
      structure,
      parent: { fk, planned: parent },
      root: parent.root,
      rows: 0,
      blockRows: new Float64Array(parent.blockRows.length),
      blockStart: new Float64Array(parent.blockRows.length),
      fanOutField: fanOut.byField,
      capacity,
      zero: false,
      defaulted,
    };
    pm.fanOut = fanOut.draw;
    hooks.register(pm);
    if (parent.root === parent) {
      planChildOfRoot(pm, modelSpec, fanOut, num, seed, readParentField, at, file);
    } else {
      if (modelSpec.total !== undefined || "heavy" in modelSpec.fanOut) {
        throw new SeedbandError(
          "SPEC_INVALID",
          `${file}: ${at}: "total" and "heavy" are supported only for children of root models (${parent.model.modelName} is itself a child). Remove them, or make ${model.modelName}'s parent a root model.`,
        );
      }
      planGrandchild(pm, seed, readParentField);
    }
    if (pm.rows === 0 && parent.rows > 0 && defaulted) forceOneRow(pm, fanOut.cap, seed, readParentField);
    if (pm.rows === 0 && !pm.zero) {
      if (defaulted) {
        refusals.push({
          code: "UNIQUE_EXHAUSTED",
          text: emptyRefusal(
            model,
            parent.rows === 0 ? [`its parent ${parent.model.modelName} has no rows`] : capacity.reasons,
            zero,
            graph,
            file,
          ),
        });
      } else warnings.push(`${model.tableName} has 0 rows: the fan-out ${file} gives ${at} drew none.`);
    }
    planned.push(pm);
    byName.set(model.modelName, pm);
  }
  for (const name of zero) {
    const pm = byName.get(name);
    if (pm) warnings.push(`${pm.model.tableName} has 0 rows: its count is 0 in ${file}.`);
  }
  if (refusals.length > 0) {
    throw new SeedbandError(
      refusals[0]!.code,
      refusals.length === 1
        ? refusals[0]!.text
        : `The band cannot be planned:\n${refusals.map((r) => `  - ${r.text}`).join("\n")}`,
    );
  }
  const blocks = Math.max(0, ...planned.map((p) => p.blockRows.length));
  return { band, seed, blockSize, vars, models: planned, blocks, positions, warnings };
}

interface Refusal {
  code: "UNIQUE_EXHAUSTED" | "SCHEMA_UNSUPPORTED" | "SPEC_INVALID";
  text: string;
}

/** A model that cannot get rows: the message says why and offers a count of 0 for it and those that need it. */
function emptyRefusal(
  model: Model,
  reasons: string[],
  zero: ReadonlySet<string>,
  graph: ModelGraph,
  file: string,
): string {
  const closure = dependentsOf(model.modelName, graph, zero);
  return `${model.modelName} cannot have rows: ${reasons.join("; ") || "nothing can satisfy its keys"}. Fix: give ${closure.map((m) => `${m} \`count: 0\``).join(", ")} in ${file}, to seed the rest without ${closure.length > 1 ? "them" : "it"}.`;
}

/**
 * Each model's structure: the spec's parent, or a count (a root), or else the best parent the
 * schema's constraints allow (see parentCandidates), falling back to a root.
 */
function solveStructures(
  graph: ModelGraph,
  spec: Spec,
  num: (v: number | string) => number,
  file: string,
): { structures: Map<string, ModelStructure>; order: Model[]; zero: Set<string> } {
  const zero = new Set<string>();
  const specParents = new Map<string, string>();
  for (const model of graph.models) {
    const given = spec.models[model.modelName];
    if (given?.parent !== undefined) {
      const fk = model.foreignKeys.find((f) => f.relationField === given.parent);
      if (!fk) {
        throw new SeedbandError(
          "SPEC_INVALID",
          `${file}: $.models.${model.modelName}.parent is "${given.parent}", but ${model.modelName} has no relation field of that name with a foreign key. Relations it holds: ${model.foreignKeys.map((f) => f.relationField).join(", ") || "none"}.`,
        );
      }
      specParents.set(model.modelName, fk.targetModel);
    } else if (given?.count !== undefined && Math.round(num(given.count)) === 0) zero.add(model.modelName);
  }
  const order = planOrder(graph, specParents);
  const structures = new Map<string, ModelStructure>();
  const position = new Map(order.map((m, i) => [m.modelName, i]));
  const ctx: StructureContext = {
    graph,
    structures,
    zero,
    file,
    plannedBefore: (target, model) => position.get(target)! < position.get(model)!,
  };
  const refusals: string[] = [];
  for (const model of order) {
    const given = spec.models[model.modelName];
    const tries: Array<{ fk?: ForeignKey; why: string }> = [];
    if (given?.parent !== undefined) {
      tries.push({
        fk: model.foreignKeys.find((f) => f.relationField === given.parent),
        why: `${file} sets "parent": "${given.parent}"`,
      });
    } else if (given?.count !== undefined) {
      tries.push({ why: `${file} gives it a count` });
    } else {
      const candidates = parentCandidates(model, graph);
      tries.push(...candidates.filter((c) => !c.lookup));
      tries.push({
        why:
          candidates.length === 0
            ? "no required relation to another model"
            : tries.length === 0
              ? "its required relations go to lookup tables (keyed by an enum, or one row): picks, not parents"
              : "no required relation it can be generated under: its relations are picks",
      });
      // Under a lookup table every row would hang from a handful of parents: only when nothing else works.
      tries.push(...candidates.filter((c) => c.lookup));
    }
    let first: string | undefined;
    let chosen: ModelStructure | undefined;
    for (const attempt of tries) {
      try {
        chosen = analyseModel(model, attempt.fk, given, ctx);
        if (attempt.fk) chosen.parent = { fk: attempt.fk, why: attempt.why };
        else chosen.rootWhy = attempt.why;
        break;
      } catch (error) {
        if (!(error instanceof StructureRefusal)) throw error;
        first ??= error.message;
      }
    }
    if (!chosen) {
      if (zero.has(model.modelName)) {
        chosen = emptyStructure(model);
      } else {
        const fix =
          given?.parent !== undefined
            ? `Fix: remove "parent" and "fanOut" from $.models.${model.modelName} in ${file} to let seedband choose, or give ${dependentsOf(
                model.modelName,
                graph,
                zero,
              )
                .map((m) => `${m} \`count: 0\``)
                .join(", ")} to seed the rest without it.`
            : /Fix:/.test(first ?? "")
              ? ""
              : `Fix: give ${dependentsOf(model.modelName, graph, zero)
                  .map((m) => `${m} \`count: 0\``)
                  .join(", ")} in ${file} to seed the rest without it.`;
        refusals.push(`${first}${fix ? ` ${fix}` : ""}`);
        chosen = emptyStructure(model);
      }
    }
    structures.set(model.modelName, chosen);
  }
  findTenants(graph, structures);
  scopeToTenants(structures, spec, ctx.plannedBefore);
  if (refusals.length > 0) {
    throw new SeedbandError(
      "SCHEMA_UNSUPPORTED",
      refusals.length === 1
        ? `${file}: ${refusals[0]}`
        : `The band cannot be planned (${file}):\n${refusals.map((r) => `  - ${r}`).join("\n")}`,
    );
  }
  return { structures, order, zero };
}

/** A model with no rows: every relation NULL, no keys to hold. */
function emptyStructure(model: Model): ModelStructure {
  const references = model.foreignKeys.map(
    (fk): ReferencePlan => ({
      fk,
      kind: "null",
      why: "the model has no rows",
      writes: [...fk.fields],
      nullRate: 1,
    }),
  );
  return {
    model,
    references,
    keys: [],
    uniqueAlone: new Set(),
    writtenBy: new Map(references.flatMap((r) => r.writes.map((f) => [f, r] as const))),
    rootWhy: "count 0",
  };
}

/** At most how many rows the whole table can have: table-wide keys and required one-to-ones. */
function totalCapacity(
  structure: ModelStructure,
  byName: Map<string, PlannedModel>,
  graph: ModelGraph,
): { total: number; reasons: string[] } {
  let total = Number.POSITIVE_INFINITY;
  const reasons: string[] = [];
  const bound = (n: number, why: string) => {
    if (n < total) total = n;
    reasons.push(why);
  };
  for (const key of structure.keys) {
    if (key.how === "domain") {
      const column = structure.model.columns.find((c) => c.fieldName === key.fields[0])!;
      bound(
        domainSize(column, graph.enums),
        `${key.fields[0]} is unique and has ${domainSize(column, graph.enums)} possible values`,
      );
    } else if (key.how === "table" && !key.nullable) {
      const size = key.components!.reduce((p, c) => p * componentSize(c, byName), 1);
      bound(size, `the unique key (${key.fields.join(", ")}) has ${size} distinct values`);
    }
  }
  for (const ref of structure.references) {
    if (ref.kind === "oneToOne" && ref.fk.isRequired) {
      const rows = byName.get(ref.fk.targetModel)?.rows ?? 0;
      bound(
        rows,
        `${ref.fk.relationField} is a required one-to-one relation to ${ref.fk.targetModel}, which has ${rows} rows`,
      );
    }
    if (
      (ref.kind === "pick" || ref.kind === "tuple") &&
      ref.fk.isRequired &&
      byName.get(ref.fk.targetModel)?.rows === 0
    ) {
      bound(
        0,
        `${ref.fk.relationField} requires a ${ref.fk.targetModel} row, and ${ref.fk.targetModel} has none`,
      );
    }
  }
  return { total, reasons };
}

function componentSize(c: TupleComponent, byName: Map<string, PlannedModel>): number {
  if (c.kind === "boolean") return 2;
  if (c.kind === "enum") return c.values.length;
  return byName.get(c.fk.targetModel)?.rows ?? 0;
}

type Capacity = { constant: number } | { at: (parentPosition: number) => number };

/**
 * At most how many rows one parent row can have: 1 for a one-to-one, the distinct values of a
 * key made of the parent's columns and others, 0 where a required relation scoped to an
 * ancestor finds no target row.
 */
function perParentCapacity(
  structure: ModelStructure,
  parent: PlannedModel,
  byName: Map<string, PlannedModel>,
  positions: PlanPositions<PlannedModel>,
  reasons: string[],
): Capacity {
  let constant = Number.POSITIVE_INFINITY;
  const varying: Array<(position: number) => number> = [];
  const rangeSize = (anchor: Anchor, target: string) => {
    const pm = byName.get(target);
    if (!pm) return () => 0;
    return (position: number) => {
      const a = positions.ancestorPosition(parent, position, anchor.depth - 1);
      const [from, to] = positions.range(pm, anchor.targetDepth, a);
      return to - from;
    };
  };
  for (const key of structure.keys) {
    const viaParent = key.fields.every((f) => structure.writtenBy.get(f)?.kind === "parent");
    if (key.how === "oneToOne" && viaParent) {
      constant = Math.min(constant, 1);
      reasons.push(`(${key.fields.join(", ")}) is unique: at most one row per ${parent.model.modelName} row`);
    } else if (key.how === "perParent") {
      let fixed = 1;
      const parts: Array<(p: number) => number> = [];
      for (const c of key.components!) {
        if (c.kind === "fk" && c.scoped) parts.push(rangeSize(c.scoped, c.fk.targetModel));
        else fixed *= componentSize(c, byName);
      }
      reasons.push(
        `the unique key (${key.fields.join(", ")}) allows as many rows per ${parent.model.modelName} row as it has distinct values`,
      );
      if (parts.length === 0) constant = Math.min(constant, fixed);
      else varying.push((p) => parts.reduce((x, f) => x * f(p), fixed));
    }
  }
  for (const ref of structure.references) {
    // A tenant's relation falls back to any row where the tenant has none: it never bounds rows.
    if (ref.kind === "scoped" && ref.nullRate === 0 && !ref.key && !ref.tenant) {
      const size = rangeSize(ref.anchor!, ref.fk.targetModel);
      varying.push((p) => (size(p) > 0 ? Number.POSITIVE_INFINITY : 0));
      reasons.push(
        `${ref.fk.relationField} needs a ${ref.fk.targetModel} row under the same ${ref.anchor!.model} row`,
      );
    }
  }
  if (varying.length === 0) return { constant };
  return { at: (p) => Math.min(constant, ...varying.map((f) => f(p))) };
}

/** A child model the defaults left empty gets one row under the first parent row that can have one. */
function forceOneRow(
  pm: PlannedModel,
  cap: Capacity,
  seed: number,
  readParentField: ParentFieldReader,
): void {
  const parent = pm.parent!.planned;
  if (pm.capacity.total < 1) return;
  for (let position = 0; position < parent.rows; position++) {
    const room = "constant" in cap ? cap.constant : cap.at(position);
    if (room < 1) continue;
    if (pm.perParent) {
      pm.perParent[position] = 1;
      const b = blockOf(parent, position);
      pm.blockRows[b] = 1;
      finishOffsets(pm);
    } else {
      // The row source calls this same function, so plan and rows agree on the forced row.
      const draw = pm.fanOut!;
      pm.force = position;
      pm.fanOut = (rng, get, at) => {
        const n = draw(rng, get, at);
        return at === position && n === 0 ? 1 : n;
      };
      planGrandchild(pm, seed, readParentField);
    }
    return;
  }
}

interface CompiledFanOut {
  draw: (rng: Rng, parentGet: (field: string) => unknown, parentPosition: number) => number;
  byField?: string;
  cap: Capacity;
}

function compileFanOut(
  spec: FanOutSpec,
  num: (v: number | string) => number,
  cap: Capacity,
  at: string,
  file: string,
): CompiledFanOut {
  // A constant capacity keeps the plain `min` of the draw (the chat preset's bytes depend on it).
  const capped = (s: Sampler): ((rng: Rng, position: number) => number) =>
    "constant" in cap
      ? cap.constant === Number.POSITIVE_INFINITY
        ? (rng) => s(rng)
        : (rng) => Math.min(cap.constant, s(rng))
      : (rng, position) => Math.min(cap.at(position), s(rng));
  if ("byParentField" in spec) {
    const cases = new Map<string, (rng: Rng, position: number) => number>();
    for (const [value, dist] of Object.entries(spec.cases))
      cases.set(value, capped(integerSampler(resolveDist(dist, num))));
    const field = spec.byParentField;
    return {
      byField: field,
      cap,
      draw: (rng, get, position) => {
        const value = String(get(field));
        const sampler = cases.get(value);
        if (!sampler) {
          throw new SeedbandError(
            "SPEC_INVALID",
            `${file}: ${at}.cases has no entry for ${field} = "${value}". Add "${value}": { … } to the cases.`,
          );
        }
        return sampler(rng, position);
      },
    };
  }
  const { heavy: _heavy, ...dist } = spec as Distribution & { heavy?: unknown };
  const sampler = capped(integerSampler(resolveDist(dist, num)));
  return { cap, draw: (rng, _get, position) => sampler(rng, position) };
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
  const room = (position: number) =>
    "constant" in fanOut.cap ? fanOut.cap.constant : fanOut.cap.at(position);

  const eligible: number[] = [];
  for (let b = 0; b < parent.blockRows.length; b++) {
    const rng = streamFor(seed, pm.model.modelName, "fanOut", b);
    const columns = new Map<string, unknown[]>();
    for (const f of fields) columns.set(f, readParentField(parent, b, f));
    const start = parent.blockStart[b]!;
    for (let i = 0; i < parent.blockRows[b]!; i++) {
      const get = (f: string) => columns.get(f)?.[i];
      counts[start + i] = fanOut.draw(rng, get, start + i);
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
    for (const c of chosen) counts[eligible[c]!] = Math.min(room(eligible[c]!), sampler(rng));
  }

  if (spec.total !== undefined) {
    const total = Math.round(num(spec.total));
    if (total > pm.capacity.total) {
      throw new SeedbandError(
        "UNIQUE_EXHAUSTED",
        `${file}: ${at}.total asks for ${total} rows, but ${pm.capacity.reasons.join("; ")}: at most ${pm.capacity.total}. Fix: set "total" to ${pm.capacity.total} or fewer.`,
      );
    }
    normaliseTotal(counts, total, minOf(spec.fanOut), `${at}.total`, file);
  }
  // The table's capacity: rows beyond it are taken back from the last parents.
  let excess = -pm.capacity.total;
  for (let i = 0; i < counts.length; i++) excess += counts[i]!;
  for (let i = counts.length - 1; i >= 0 && excess > 0; i--) {
    const take = Math.min(counts[i]!, excess);
    counts[i]! -= take;
    excess -= take;
  }
  pm.perParent = counts;
  for (let b = 0; b < parent.blockRows.length; b++) {
    let sum = 0;
    const start = parent.blockStart[b]!;
    for (let i = 0; i < parent.blockRows[b]!; i++) sum += counts[start + i]!;
    pm.blockRows[b] = sum;
  }
  finishOffsets(pm);
}

/**
 * Rows per block of a deeper child: its fan-out drawn per parent row from the same stream, parent
 * values and order as the row source's, so the counts agree with the rows; a block stops at the
 * table's capacity (the row source stops at the block's planned rows the same way).
 */
function planGrandchild(pm: PlannedModel, seed: number, readParentField: ParentFieldReader): void {
  let budget = pm.capacity.total;
  for (let b = 0; b < pm.parent!.planned.blockRows.length; b++) {
    let sum = 0;
    drawBlock(pm, b, seed, readParentField, budget, (n) => {
      sum += n;
    });
    pm.blockRows[b] = sum;
    budget -= sum;
  }
  finishOffsets(pm);
}

/** One block's per-parent counts of a deeper child, at most `budget` rows in all. */
function drawBlock(
  pm: PlannedModel,
  b: number,
  seed: number,
  readParentField: ParentFieldReader,
  budget: number,
  visit: (n: number, parentPosition: number) => void,
): void {
  const parent = pm.parent!.planned;
  const rng = streamFor(seed, pm.model.modelName, "fanOut", b);
  const column = pm.fanOutField ? readParentField(parent, b, pm.fanOutField) : undefined;
  const start = parent.blockStart[b]!;
  let left = budget;
  for (let i = 0; i < parent.blockRows[b]!; i++) {
    const n = Math.min(
      pm.fanOut!(rng, () => column?.[i], start + i),
      left,
    );
    left -= n;
    visit(n, start + i);
  }
}

/** Rows per parent row of a deeper child, as planGrandchild counted them (for positions). */
function replayCounts(pm: PlannedModel, seed: number, readParentField: ParentFieldReader): Int32Array {
  const counts = new Int32Array(pm.parent!.planned.rows);
  for (let b = 0; b < pm.blockRows.length; b++) {
    drawBlock(pm, b, seed, readParentField, pm.blockRows[b]!, (n, position) => {
      counts[position] = n;
    });
  }
  return counts;
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

/** Whether a model's generation parent is itself generated with no parent (a root). */
function isRootParent(structure: ModelStructure, structures: Map<string, ModelStructure>): boolean {
  const parent = structure.parent?.fk.targetModel;
  return parent !== undefined && structures.get(parent)?.parent === undefined;
}
