// How each model's keys and relations are satisfied, decided before any row count: the model's
// generation parent and why, how every foreign key is filled (under the parent, implied by another
// key's row, picked, scoped to the rows under a shared ancestor, a permutation, distinct per parent,
// a distinct tuple), and how every unique key holds (a column unique by position, distinct tuples
// per parent or over the table). Pure: a function of the model graph and the spec. The plan adds
// counts and capacities; the row source turns each decision into producers. `seedband plan` prints it.
import type { Column, EnumType, ForeignKey, Model, ModelGraph } from "../schema/index.js";
import type { FieldSpec, ModelSpec } from "../spec/index.js";

/** How one foreign key gets its values. */
export type ReferenceKind =
  /** The columns of the relation the rows are generated under. */
  | "parent"
  /** Every column comes from a row another key already chose, whose own key guarantees this one. */
  | "implied"
  /** Uniform among the target's rows. */
  | "pick"
  /** Among the target's rows under the same ancestor row as this row (they share columns). */
  | "scoped"
  /** A permutation of the target's rows: a one-to-one relation that is not the parent. */
  | "oneToOne"
  /** Distinct target rows per parent row (a unique key of the parent's columns and this one). */
  | "distinct"
  /** One component of a distinct tuple (see KeyPlan). */
  | "tuple"
  /** A relation to the same model: an earlier row, so chains end. */
  | "earlier"
  /** A one-to-one relation to the same model: the previous row. */
  | "previous"
  /** Always NULL: the target has no rows, or the spec says `{ "value": null }`. */
  | "null"
  /** The spec's `among`: a key among the rows a sibling relation of the parent holds. */
  | "among"
  /**
   * The target row of a join model's row in the same tenant (tenants.ts): a user among the
   * workspace's memberships. `via` names the join model and its relation to the target.
   */
  | "member";

export interface ReferencePlan {
  fk: ForeignKey;
  kind: ReferenceKind;
  why: string;
  /** The columns (field names) this relation writes; columns another key wrote are left out. */
  writes: string[];
  /** scoped (and earlier under a parent): the ancestor whose row bounds the target rows. */
  anchor?: Anchor;
  /** distinct and tuple: the unique key that asks for distinct values. */
  key?: string[];
  /** NULL share when optional (0 when required, or the spec's nullRate). */
  nullRate: number;
  /**
   * Kept inside the row's tenant (tenants.ts): the tenant root model. When the tenant row has no
   * candidate, an optional relation is NULL and a required one falls back to a uniform pick.
   */
  tenant?: string;
  /** member: the join model whose rows (under the anchor) hold the target, and its relation to it. */
  via?: { model: string; fk: ForeignKey };
}

/** An ancestor model of this model (depth 1 = the parent) that the target descends from too. */
export interface Anchor {
  model: string;
  /** Parent hops from this model's row to the anchor row. */
  depth: number;
  /** Parent hops from the target's rows to the anchor (0: the target is the anchor). */
  targetDepth: number;
}

/** A column of a distinct tuple: a foreign key's target row, an enum value or a boolean. */
export type TupleComponent =
  | { kind: "fk"; fk: ForeignKey; scoped?: Anchor }
  | { kind: "enum"; field: string; values: string[] }
  | { kind: "boolean"; field: string };

export interface KeyPlan {
  fields: string[];
  how:
    | "position" // a column of the key is unique by position (the carrier)
    | "oneToOne" // the key is a relation's columns: at most one row per target row
    | "perParent" // distinct tuples per parent row
    | "table" // distinct tuples over the whole table
    | "domain"; // one enum or boolean column: at most as many rows as values
  why: string;
  carrier?: string;
  components?: TupleComponent[];
  /** A component may be NULL (optional relation): NULLs never collide, as in PostgreSQL. */
  nullable?: boolean;
}

export interface ModelStructure {
  model: Model;
  /** The relation the rows are generated under, or none (a root). */
  parent?: { fk: ForeignKey; why: string };
  /** Why a root is a root. */
  rootWhy?: string;
  references: ReferencePlan[];
  keys: KeyPlan[];
  /** Non-key columns whose values must be unique on their own (derived from positions). */
  uniqueAlone: Set<string>;
  /** Fields written by a relation: field → the relation's plan. */
  writtenBy: Map<string, ReferencePlan>;
  /** The tenant this model's rows belong to (tenants.ts): the root and parent hops up to it. */
  tenant?: { model: string; depth: number };
}

/** Share of NULLs in an optional relation the spec says nothing about. */
export const OPTIONAL_RELATION_NULL_RATE = 0.2;

export class StructureRefusal extends Error {}

export interface StructureContext {
  graph: ModelGraph;
  /** Structures decided so far (targets before the models that reference them, where possible). */
  structures: Map<string, ModelStructure>;
  /** Models the user gave 0 rows. */
  zero: ReadonlySet<string>;
  /** The file the spec's entries come from, for messages. */
  file: string;
  /** True when `target` is planned before `model` (its rows are known when `model` is planned). */
  plannedBefore: (target: string, model: string) => boolean;
}

/**
 * The structure of `model` generated under `parentFk` (undefined: a root). Throws StructureRefusal
 * when that choice cannot satisfy the model's keys and relations.
 */
export function analyseModel(
  model: Model,
  parentFk: ForeignKey | undefined,
  spec: ModelSpec | undefined,
  ctx: StructureContext,
): ModelStructure {
  const fieldSpecs = spec?.fields ?? {};
  const structure: ModelStructure = {
    model,
    references: [],
    keys: [],
    uniqueAlone: new Set(),
    writtenBy: new Map(),
  };
  const writtenBy = structure.writtenBy;
  const column = (f: string) => model.columns.find((c) => c.fieldName === f);
  if (parentFk && ctx.zero.has(parentFk.targetModel) && !ctx.zero.has(model.modelName)) {
    throw new StructureRefusal(
      zeroRefusal(model, parentFk, `${parentFk.targetModel} has count 0`, false, ctx),
    );
  }
  const parentSpec = parentFk ? (fieldSpecs[parentFk.relationField] as FieldSpec | undefined) : undefined;
  if (parentFk && parentSpec && "value" in parentSpec && parentSpec.value === null) {
    throw new StructureRefusal(
      zeroRefusal(
        model,
        parentFk,
        `${ctx.file} sets ${model.modelName}.${parentFk.relationField} to { value: null }`,
        true,
        ctx,
      ),
    );
  }
  if (parentFk) {
    const plan: ReferencePlan = {
      fk: parentFk,
      kind: "parent",
      why: "",
      writes: [...parentFk.fields],
      nullRate: 0,
    };
    structure.references.push(plan);
    for (const f of parentFk.fields) writtenBy.set(f, plan);
  }
  // Wider keys first: a composite key's row then decides the columns narrower keys share.
  const others = model.foreignKeys
    .filter((fk) => fk !== parentFk)
    .map((fk, i) => ({ fk, i }))
    .sort((a, b) => b.fk.fields.length - a.fk.fields.length || a.i - b.i)
    .map((x) => x.fk);
  for (const fk of others) {
    const relSpec = fieldSpecs[fk.relationField] as FieldSpec | undefined;
    const nullRate = fk.isRequired
      ? 0
      : relSpec && "nullRate" in relSpec && relSpec.nullRate !== undefined
        ? relSpec.nullRate
        : OPTIONAL_RELATION_NULL_RATE;
    const shared = fk.fields.filter((f) => writtenBy.has(f));
    const free = fk.fields.filter((f) => !writtenBy.has(f));
    const plan: ReferencePlan = { fk, kind: "pick", why: "", writes: free, nullRate };
    if (relSpec !== undefined && "value" in relSpec && relSpec.value !== null) {
      throw new StructureRefusal(
        `${ctx.file}: $.models.${model.modelName}.fields.${fk.relationField} is a relation: { "value": … } takes only null there. Fix: use { "value": null } (an optional relation always NULL), or give the value to its column ${fk.fields.join(", ")} instead.`,
      );
    }
    const userNull = relSpec !== undefined && "value" in relSpec && relSpec.value === null;
    if (userNull || ctx.zero.has(fk.targetModel)) {
      const why = userNull
        ? `${ctx.file} sets ${model.modelName}.${fk.relationField} to { "value": null }`
        : `${fk.targetModel} has count 0`;
      if (fk.isRequired && !ctx.zero.has(model.modelName)) {
        throw new StructureRefusal(zeroRefusal(model, fk, why, userNull, ctx));
      }
      Object.assign(plan, { kind: "null", why, nullRate: 1 });
    } else if (relSpec && "among" in relSpec) {
      Object.assign(plan, { kind: "among", why: `the spec: among ${relSpec.among}` });
    } else if (shared.length > 0) {
      const by = writtenBy.get(shared[0]!)!;
      if (
        free.length === 0 &&
        shared.every((f) => writtenBy.get(f) === by) &&
        implies(ctx.graph, by.fk, fk)
      ) {
        Object.assign(plan, {
          kind: "implied",
          why: `${by.fk.relationField}'s ${by.fk.targetModel} row holds a valid ${fk.targetModel} key in the same columns`,
        });
      } else {
        const anchor = findAnchor(model, fk, shared, parentFk, ctx);
        if (!anchor && !fk.isRequired && free.some((f) => !column(f)?.isRequired)) {
          Object.assign(plan, {
            kind: "null",
            nullRate: 1,
            why: `shares ${shared.join(", ")} with ${by.fk.relationField}, and ${fk.targetModel}'s rows are not generated under the row those columns come from: NULL`,
          });
        } else if (!anchor) {
          throw new StructureRefusal(
            `${model.modelName}.${fk.relationField} shares ${shared.join(", ")} with ${by.fk.relationField}, but ${fk.targetModel}'s rows are not generated under the row those columns come from, so no ${fk.targetModel} row is known to match.`,
          );
        } else {
          Object.assign(plan, {
            kind: fk.targetModel === model.modelName ? "earlier" : "scoped",
            anchor,
            why: `shares ${shared.join(", ")} with ${by.fk.relationField}: among the ${fk.targetModel} rows under the same ${anchor.model} row`,
          });
        }
      }
    } else if (fk.targetModel === model.modelName) {
      const unique = isUniqueKey(model, fk.fields);
      Object.assign(plan, {
        kind: unique ? "previous" : "earlier",
        why: unique ? "one-to-one with its own model: the previous row" : "an earlier row of the same model",
      });
    } else if (isUniqueKey(model, fk.fields)) {
      Object.assign(plan, {
        kind: "oneToOne",
        why: "its columns are unique: a permutation of the target's rows",
      });
    } else {
      plan.why = `uniform among ${fk.targetModel}'s rows`;
    }
    structure.references.push(plan);
    for (const f of fk.fields) if (!writtenBy.has(f)) writtenBy.set(f, plan);
  }
  planKeys(structure, parentFk, ctx, column);
  return structure;
}

/** A required relation that cannot get a row; the fix names every model that would need 0 rows too. */
function zeroRefusal(
  model: Model,
  fk: ForeignKey,
  why: string,
  userNull: boolean,
  ctx: StructureContext,
): string {
  if (userNull) {
    return `${model.modelName}.${fk.relationField} is a required relation, but ${why}. Fix: make the relation optional in the schema, or remove that override.`;
  }
  const closure = dependentsOf(model.modelName, ctx.graph, ctx.zero);
  return `${model.modelName}.${fk.relationField} is a required relation, but ${why}. Fix: give ${closure.map((m) => `${m} \`count: 0\``).join(", ")} in ${ctx.file} (they need ${fk.targetModel} rows), or give ${fk.targetModel} a count of at least 1, or make the relation optional in the schema.`;
}

/** The model and every model that needs it through required relations (they must be empty too). */
export function dependentsOf(name: string, graph: ModelGraph, zero: ReadonlySet<string>): string[] {
  const out = [name];
  for (let i = 0; i < out.length; i++) {
    for (const m of graph.models) {
      if (out.includes(m.modelName) || zero.has(m.modelName)) continue;
      if (m.foreignKeys.some((fk) => fk.isRequired && fk.targetModel === out[i])) out.push(m.modelName);
    }
  }
  return out;
}

/**
 * True when the row `by` chose also satisfies `fk`: fk's columns are a subset of by's, and by's
 * target has its own foreign key on the corresponding columns to the same target key.
 */
export function implies(graph: ModelGraph, by: ForeignKey, fk: ForeignKey): boolean {
  if (!fk.fields.every((f) => by.fields.includes(f))) return false;
  const target = graph.models.find((m) => m.modelName === by.targetModel);
  const mapped = fk.fields.map((f) => by.targetFields[by.fields.indexOf(f)]!);
  return (
    target?.foreignKeys.some(
      (own) =>
        own.targetModel === fk.targetModel &&
        own.fields.length === mapped.length &&
        own.fields.every((f, i) => f === mapped[i] && own.targetFields[i] === fk.targetFields[i]),
    ) ?? false
  );
}

/**
 * Where a column's value comes from, up the parent chain: (model, field) at each hop while the
 * field is one of that model's parent-key columns.
 */
function trace(
  start: string,
  field: string,
  ctx: StructureContext,
  first?: ForeignKey,
): Array<{ model: string; field: string }> {
  const chain = [{ model: start, field }];
  let model = start;
  let f = field;
  let parent = first ?? ctx.structures.get(start)?.parent?.fk;
  const seen = new Set<string>([start]);
  while (parent?.fields.includes(f)) {
    f = parent.targetFields[parent.fields.indexOf(f)]!;
    model = parent.targetModel;
    if (seen.has(model)) break;
    seen.add(model);
    chain.push({ model, field: f });
    parent = ctx.structures.get(model)?.parent?.fk;
  }
  return chain;
}

/** The deepest ancestor row both this row and the target's rows descend from, with equal shared columns. */
function findAnchor(
  model: Model,
  fk: ForeignKey,
  shared: string[],
  parentFk: ForeignKey | undefined,
  ctx: StructureContext,
): Anchor | undefined {
  if (!parentFk || !shared.every((f) => parentFk.fields.includes(f))) return undefined;
  const self = fk.targetModel === model.modelName;
  const ours = shared.map((c) => trace(model.modelName, c, ctx, parentFk));
  const theirs = shared.map((c) =>
    trace(fk.targetModel, fk.targetFields[fk.fields.indexOf(c)]!, ctx, self ? parentFk : undefined),
  );
  // Candidates: our ancestors (depth ≥ 1), nearest first.
  const ancestors = ours[0]!.slice(1);
  for (const [depthLess1, candidate] of ancestors.entries()) {
    let targetDepth = -1;
    const ok = shared.every((_, i) => {
      const mine = ours[i]![depthLess1 + 1];
      const at = theirs[i]!.findIndex((h) => h.model === candidate.model);
      if (!mine || mine.model !== candidate.model || at < 0) return false;
      if (theirs[i]![at]!.field !== mine.field) return false;
      if (targetDepth >= 0 && targetDepth !== at) return false;
      targetDepth = at;
      return true;
    });
    if (ok) return { model: candidate.model, depth: depthLess1 + 1, targetDepth };
  }
  return undefined;
}

/** Decides how each unique key holds (see KeyPlan), marking carriers and tuple relations. */
function planKeys(
  structure: ModelStructure,
  parentFk: ForeignKey | undefined,
  ctx: StructureContext,
  column: (f: string) => Column | undefined,
): void {
  const enums = ctx.graph.enums;
  const { model, uniqueAlone, writtenBy } = structure;
  const keys = [model.primaryKey, ...model.uniques].filter((k) => k.length > 0);
  const parentFields = new Set(parentFk?.fields ?? []);
  const fromParent = (f: string) => {
    const by = writtenBy.get(f);
    return by?.kind === "parent" || (by?.kind === "implied" && parentFields.has(f));
  };
  // The key holds the parent's columns, or enough of them to name one parent row (a key of the
  // parent's model): distinct per parent row is distinct over the table.
  const identifiesParent = (key: string[]) => {
    if (!parentFk) return false;
    if (parentFk.fields.every((f) => key.includes(f))) return true;
    const mapped = parentFk.fields
      .filter((f) => key.includes(f))
      .map((f) => parentFk.targetFields[parentFk.fields.indexOf(f)]!);
    const target = ctx.graph.models.find((m) => m.modelName === parentFk.targetModel);
    return (
      mapped.length > 0 &&
      target !== undefined &&
      [target.primaryKey, ...target.uniques].some((k) => k.length > 0 && k.every((x) => mapped.includes(x)))
    );
  };
  const singleKey = model.primaryKey.length === 1 ? model.primaryKey[0] : undefined;
  const alone = (f: string) =>
    uniqueAlone.has(f) ||
    f === singleKey ||
    (writtenBy.get(f) !== undefined && ["oneToOne", "previous"].includes(writtenBy.get(f)!.kind)) ||
    keys.some((k) => k.length === 1 && k[0] === f);
  // A bounded column or a relation in two keys that each need distinct tuples would have to be
  // drawn twice: it is made unique on its own instead (its values, or a permutation of the target).
  const carrierFree = keys.filter(
    (k) => k.length > 1 && !k.some((f) => alone(f) || (!writtenBy.has(f) && !isBounded(column(f)))),
  );
  const uses = new Map<string, number>();
  for (const key of carrierFree) {
    const seen = new Set<string>();
    for (const f of key) {
      const by = writtenBy.get(f);
      if (fromParent(f) && identifiesParent(key)) continue;
      const id = by ? `fk:${by.fk.relationField}` : `col:${f}`;
      if (seen.has(id)) continue;
      seen.add(id);
      uses.set(id, (uses.get(id) ?? 0) + 1);
    }
  }
  for (const [id, n] of uses) {
    if (n < 2) continue;
    const name = id.slice(id.indexOf(":") + 1);
    if (id.startsWith("col:")) {
      uniqueAlone.add(name);
      const c = column(name)!;
      structure.keys.push({
        fields: [name],
        how: "domain",
        why: `${name} is in several unique keys: unique on its own (${domainSize(c, enums)} values)`,
      });
    } else {
      const plan = structure.references.find((r) => r.fk.relationField === name)!;
      if (plan.kind === "pick") {
        plan.kind = "oneToOne";
        plan.why = "in several unique keys: a permutation of the target's rows";
      }
    }
  }
  for (const key of keys) {
    if (key.length === 1) {
      const f = key[0]!;
      const c = column(f);
      const by = writtenBy.get(f);
      if (by) {
        structure.keys.push({
          fields: key,
          how: "oneToOne",
          why: by.kind === "parent" ? "at most one row per parent row" : `${by.fk.relationField}: ${by.why}`,
        });
        if (by.kind === "parent" || by.kind === "implied") {
          if (by.fk.fields.length !== 1 && by.kind === "parent") {
            throw new StructureRefusal(
              `${model.modelName}.${f} is unique on its own, but it is one column of the relation ${by.fk.relationField} the rows are generated under.`,
            );
          }
        } else if (!["oneToOne", "previous", "null"].includes(by.kind)) {
          throw new StructureRefusal(
            `${model.modelName}.${f} is unique on its own, but its relation ${by.fk.relationField} is filled ${by.kind === "scoped" ? "within an ancestor's rows" : "by picks"}, which can repeat.`,
          );
        }
        continue;
      }
      if (c && isBounded(c)) {
        structure.keys.push({
          fields: key,
          how: "domain",
          why: `${f} has ${domainSize(c, enums)} possible values`,
        });
      } else {
        structure.keys.push({
          fields: key,
          how: "position",
          carrier: f,
          why: `${f} derives from the row's position`,
        });
      }
      continue;
    }
    const existing = key.find((f) => alone(f));
    if (existing !== undefined) {
      structure.keys.push({
        fields: key,
        how: "position",
        carrier: existing,
        why: `${existing} is unique on its own`,
      });
      continue;
    }
    const carrier = key.find((f) => !writtenBy.has(f) && !isBounded(column(f)));
    if (carrier !== undefined) {
      uniqueAlone.add(carrier);
      structure.keys.push({
        fields: key,
        how: "position",
        carrier,
        why: `${carrier} derives from the row's position`,
      });
      continue;
    }
    let perParent = identifiesParent(key);
    const rest = key.filter((f) => !(perParent && fromParent(f)));
    if (rest.length === 0) {
      structure.keys.push({
        fields: key,
        how: "oneToOne",
        why: "the parent's key: at most one row per parent row",
      });
      continue;
    }
    const components: TupleComponent[] = [];
    let nullable = false;
    for (const f of rest) {
      const by = writtenBy.get(f);
      if (by) {
        if (by.kind === "parent" || by.kind === "implied") {
          throw new StructureRefusal(
            `${model.modelName}'s unique key (${key.join(", ")}) holds ${f}, which comes from the parent ${parentFk?.relationField}, but not the parent's other columns: rows under two parents could repeat it.`,
          );
        }
        if (components.some((x) => x.kind === "fk" && x.fk === by.fk)) continue;
        if (!by.fk.fields.every((x) => !by.writes.includes(x) || key.includes(x))) {
          throw new StructureRefusal(
            `${model.modelName}'s unique key (${key.join(", ")}) holds part of the relation ${by.fk.relationField} only.`,
          );
        }
        if (by.kind === "null") {
          nullable = true;
          continue;
        }
        if (!by.fk.isRequired && !ctx.plannedBefore(by.fk.targetModel, model.modelName)) {
          // A cycle through optional relations: the target's rows are not known yet. NULL never collides.
          Object.assign(by, {
            kind: "null",
            nullRate: 1,
            why: `${by.fk.targetModel} is planned after ${model.modelName} (a cycle of optional relations), and the relation is in the unique key (${key.join(", ")}): NULL, which never collides`,
          });
          nullable = true;
          continue;
        }
        if (by.kind === "earlier" && !by.anchor) by.kind = "pick";
        if (!["pick", "scoped", "distinct", "tuple"].includes(by.kind)) {
          throw new StructureRefusal(
            `${model.modelName}'s unique key (${key.join(", ")}) holds ${by.fk.relationField}, which is filled as ${by.kind}.`,
          );
        }
        if (by.kind === "scoped" && !perParent && by.anchor?.depth === 1) {
          // Its rows lie under this row's parent, so two parents never share them.
          perParent = true;
        } else if (by.kind === "scoped" && !perParent) {
          throw new StructureRefusal(
            `${model.modelName}'s unique key (${key.join(", ")}) holds ${by.fk.relationField}, whose rows depend on an ancestor, but not the parent's columns.`,
          );
        }
        if (by.kind === "distinct" || by.kind === "tuple") {
          throw new StructureRefusal(
            `${model.modelName}.${by.fk.relationField} is in two unique keys that each need distinct values.`,
          );
        }
        if (by.nullRate > 0) nullable = true;
        components.push(by.anchor ? { kind: "fk", fk: by.fk, scoped: by.anchor } : { kind: "fk", fk: by.fk });
        continue;
      }
      const c = column(f)!;
      if (!c.isRequired) nullable = true;
      components.push(
        c.type === "Boolean"
          ? { kind: "boolean", field: f }
          : { kind: "enum", field: f, values: enums.find((e) => e.name === c.enumName)?.values ?? [] },
      );
    }
    const how = perParent ? "perParent" : "table";
    const single = components.length === 1 && components[0]!.kind === "fk" ? components[0] : undefined;
    for (const comp of components) {
      if (comp.kind !== "fk") continue;
      const plan = structure.references.find((r) => r.fk === comp.fk)!;
      plan.kind = perParent && single ? "distinct" : "tuple";
      plan.key = key;
      plan.why = perParent
        ? `distinct per parent row: unique key (${key.join(", ")})`
        : `distinct tuples over the table: unique key (${key.join(", ")})`;
    }
    structure.keys.push({
      fields: key,
      how,
      components,
      nullable,
      why: `${perParent ? "distinct per parent row" : "distinct over the table"}: ${components.map(componentName).join(" × ")}`,
    });
  }
}

function componentName(c: TupleComponent): string {
  return c.kind === "fk" ? c.fk.relationField : c.field;
}

/** Enum and boolean columns have few values: they are unique only together with others. */
export function isBounded(column: Column | undefined): boolean {
  return column !== undefined && !column.isList && (column.type === "Enum" || column.type === "Boolean");
}

export function domainSize(column: Column, enums: EnumType[]): number {
  if (column.type === "Boolean") return 2;
  return enums.find((e) => e.name === column.enumName)?.values.length ?? 0;
}

/** True when exactly these fields (in any order) form the primary key or a unique constraint. */
export function isUniqueKey(model: Model, fields: readonly string[]): boolean {
  const same = (key: readonly string[]) =>
    key.length === fields.length && fields.every((f) => key.includes(f));
  return same(model.primaryKey) || model.uniques.some(same);
}

/**
 * A table that holds one row: its primary key is one column whose default is a constant
 * (`id Int @id @default(1)`, `key String @id @default("singleton")`), so a second row would clash.
 */
export function isSingleRow(model: Model): boolean {
  if (model.primaryKey.length !== 1) return false;
  const key = model.columns.find((c) => c.fieldName === model.primaryKey[0]);
  return key?.default?.kind === "literal" && key.default.value !== null;
}

/** A lookup table keyed by an enum (a `Tier` row per `TierName`) or holding one row: a handful of rows at most. */
export function isLookup(graph: ModelGraph, modelName: string): boolean {
  const model = graph.models.find((m) => m.modelName === modelName);
  if (!model) return false;
  const key = model.primaryKey.length === 1 && model.columns.find((c) => c.fieldName === model.primaryKey[0]);
  return isSingleRow(model) || (key !== false && key?.type === "Enum");
}

/**
 * The relations a model's rows could be generated under, best first: a lookup table (keyed by an
 * enum, or a single row) last and marked (the planner tries the model as a root before it), then
 * a required one-to-one (the
 * model then has at most one row per target row), one whose row implies the most other keys
 * (a tenant-scoped composite key beside the tenant's own), one in the primary key (join tables),
 * then schema order.
 */
export function parentCandidates(
  model: Model,
  graph: ModelGraph,
): Array<{ fk: ForeignKey; why: string; lookup: boolean }> {
  const required = model.foreignKeys.filter((fk) => fk.isRequired && fk.targetModel !== model.modelName);
  const scored = required.map((fk, index) => {
    // Columns other models reference together with more (a tenant-scoped key (id, tenantId)):
    // generated under this relation, they come down the parent chain, where scoped picks find them.
    const scoping = graph.models.some((m) =>
      m.foreignKeys.some(
        (g) =>
          g.targetModel === model.modelName &&
          g.targetFields.length > fk.fields.length &&
          fk.fields.every((f) => g.targetFields.includes(f)),
      ),
    );
    const oneToOne = isUniqueKey(model, fk.fields);
    const implied = model.foreignKeys.filter((g) => g !== fk && implies(graph, fk, g)).length;
    const inKey = fk.fields.every((f) => model.primaryKey.includes(f));
    const why = scoping
      ? `other models reference ${fk.fields.join(", ")} together with this model's key: scoped to the same ${fk.targetModel} row`
      : oneToOne
        ? `a required one-to-one relation to ${fk.targetModel}: at most one row per ${fk.targetModel} row`
        : implied > 0
          ? `its ${fk.targetModel} row also gives the columns of ${implied} other relation(s)`
          : inKey
            ? `a relation in the primary key (${model.primaryKey.join(", ")})`
            : `the first required relation, to ${fk.targetModel}`;
    // Under a lookup table every row would hang from a handful of parents: the tenant tree collapses.
    const lookup = isLookup(graph, fk.targetModel);
    return {
      fk,
      why,
      lookup,
      score: [lookup ? 0 : 1, scoping ? 1 : 0, oneToOne ? 1 : 0, implied, inKey ? 1 : 0, -index],
    };
  });
  scored.sort((a, b) => {
    for (let i = 0; i < a.score.length; i++) if (a.score[i] !== b.score[i]) return b.score[i]! - a.score[i]!;
    return 0;
  });
  return scored.map(({ fk, why, lookup }) => ({ fk, why, lookup }));
}
