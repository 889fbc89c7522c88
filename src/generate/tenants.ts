// Tenants: the root models whose rows hold a tree of other models' rows (a workspace, an
// organisation, an account …), and the relations kept inside one tenant row's tree. A model
// belongs to the tenant its generation parent chain reaches; a relation between two models of the
// same tenant picks among the target's rows under the row's own tenant row, a relation to a user
// outside every tenant the user a join row of the tenant holds (a membership), a self relation
// among the rows under the same parent, and a join row's distinct side among its tenant's rows. Only
// what the planner inferred is scoped (a model whose spec sets neither `parent` nor `count`, a
// relation the spec says nothing about): a spec's own structure keeps its bytes. Pure.
import type { ForeignKey, Model, ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";
import { isLookup, type ModelStructure, type ReferencePlan } from "./model-structure.js";

/**
 * The tenant of each model, set on its structure: a root (no generation parent) that is not a
 * lookup or single-row table and has at least one model under it, and every model whose parent
 * chain reaches it (with the hops up to it). A model under no such root has no tenant.
 */
export function findTenants(graph: ModelGraph, structures: Map<string, ModelStructure>): void {
  const rootOf = (name: string): { model: string; depth: number } | undefined => {
    const seen = new Set<string>();
    let at = name;
    let depth = 0;
    for (;;) {
      if (seen.has(at)) return undefined;
      seen.add(at);
      const parent = structures.get(at)?.parent?.fk.targetModel;
      if (parent === undefined) return { model: at, depth };
      at = parent;
      depth++;
    }
  };
  const roots = new Map<string, { model: string; depth: number }>();
  const hasChildren = new Set<string>();
  for (const [name] of structures) {
    const root = rootOf(name);
    if (!root) continue;
    roots.set(name, root);
    if (root.depth > 0) hasChildren.add(root.model);
  }
  for (const [name, structure] of structures) {
    const root = roots.get(name);
    if (!root || !hasChildren.has(root.model) || isLookup(graph, root.model)) continue;
    structure.tenant = root;
  }
}

/**
 * Keeps the inferred relations inside the tenant (see the file's comment): a pick or a join row's
 * distinct side between two models of the same tenant becomes scoped to the tenant row, a self
 * relation's earlier row stays under the same parent row. The target must be planned first.
 */
export function scopeToTenants(
  structures: Map<string, ModelStructure>,
  spec: Spec,
  plannedBefore: (target: string, model: string) => boolean,
): void {
  for (const [name, structure] of structures) {
    const given = spec.models[name];
    if (given?.parent !== undefined || given?.count !== undefined) continue;
    const own = structure.tenant;
    if (!structure.parent) continue;
    for (const ref of structure.references) {
      if (given?.fields?.[ref.fk.relationField] !== undefined || ref.anchor) continue;
      const target = ref.fk.targetModel;
      if (ref.kind === "earlier" && target === name) {
        // Under the same parent row, with or without a tenant.
        scope(ref, structure.parent.fk.targetModel, 1, 1);
        ref.why = `an earlier row of the same model under the same ${structure.parent.fk.targetModel} row`;
        continue;
      }
      if (!own || own.depth === 0) continue;
      if (ref.kind !== "pick" && ref.kind !== "distinct") continue;
      const theirs = structures.get(target)?.tenant;
      if (theirs === undefined && ref.kind === "pick") {
        // The target is outside every tenant (a user): picked among a join model's rows in the tenant.
        const join = joinModel(structures, own.model, name, target, plannedBefore);
        if (!join) continue;
        scope(ref, own.model, own.depth, join.depth);
        ref.kind = "member";
        ref.via = { model: join.model, fk: join.fk };
        ref.why = `a ${target} among the ${join.model} rows of the same ${own.model} (tenant); ${ref.fk.isRequired ? "a uniform pick" : "NULL"} where it has none`;
        continue;
      }
      if (theirs?.model !== own.model || !plannedBefore(target, name)) continue;
      scope(ref, own.model, own.depth, theirs.depth);
      if (ref.kind === "pick") {
        ref.kind = "scoped";
        ref.why = `among the ${target} rows of the same ${own.model} (tenant); ${ref.fk.isRequired ? "a uniform pick" : "NULL"} where it has none`;
      } else {
        ref.why = `${ref.why}, among the ${target} rows of the same ${own.model} (tenant)`;
        for (const key of structure.keys) {
          for (const c of key.components ?? []) if (c.kind === "fk" && c.fk === ref.fk) c.scoped = ref.anchor;
        }
      }
    }
  }
}

/**
 * A join model of the tenant that holds rows of `target` (a membership between a workspace and a
 * user): in the tenant, not the target's child, planned before `model`, with a filled relation to
 * the target; the one nearest the tenant root, then the first by name.
 */
function joinModel(
  structures: Map<string, ModelStructure>,
  tenant: string,
  model: string,
  target: string,
  plannedBefore: (target: string, model: string) => boolean,
): { model: string; depth: number; fk: ForeignKey } | undefined {
  const found: Array<{ model: string; depth: number; fk: ForeignKey }> = [];
  for (const [name, s] of structures) {
    if (name === model || s.tenant?.model !== tenant || s.tenant.depth === 0) continue;
    if (!plannedBefore(name, model)) continue;
    const ref = s.references.find(
      (r) =>
        r.fk.targetModel === target &&
        r.fk.isRequired &&
        r.writes.length > 0 &&
        ["pick", "distinct", "tuple", "oneToOne"].includes(r.kind),
    );
    if (ref) found.push({ model: name, depth: s.tenant.depth, fk: ref.fk });
  }
  found.sort((a, b) => a.depth - b.depth || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  return found[0];
}

function scope(ref: ReferencePlan, model: string, depth: number, targetDepth: number): void {
  ref.anchor = { model, depth, targetDepth };
  ref.tenant = model;
}

/** A table as the database names it. */
export interface TableName {
  schema: string;
  table: string;
}

/** A foreign-key hop from one table's row to the row it references. */
export interface TenantHop {
  to: TableName;
  /** Columns of the row hopped from, and the referenced columns of `to`, pairwise. */
  columns: string[];
  targetColumns: string[];
}

/** A relation kept in the tenant, as SQL can check it: both ends reach the same tenant row. */
export interface TenantPromise {
  /** The promise in Prisma names, e.g. "Task.assignee in the row's Workspace". */
  check: string;
  from: TableName;
  /** Parent hops from the row up to its tenant row (the anchor). */
  up: TenantHop[];
  /** The relation itself: from the row to the target row. */
  relation: TenantHop;
  /** Parent hops from the target row up to its tenant row (none: the target is the anchor). */
  targetUp: TenantHop[];
  /** The anchor's key columns: the two tenant rows are compared on them. */
  key: string[];
  /**
   * A member relation: the target row must be held by a row of this join table under the row's
   * tenant row (its relation's columns, matched pairwise with the relation's), `up` to the tenant.
   */
  via?: { table: TableName; columns: string[]; up: TenantHop[] };
}

function tableOf(model: Model): TableName {
  return { schema: model.schemaName, table: model.tableName };
}

/** Every relation the plan keeps inside a tenant (or under the same parent row), as SQL can check it. */
export function tenantPromises(structures: ModelStructure[]): TenantPromise[] {
  const byName = new Map(structures.map((s) => [s.model.modelName, s]));
  const hops = (from: string, depth: number): TenantHop[] | undefined => {
    const out: TenantHop[] = [];
    let at = byName.get(from);
    for (let d = 0; d < depth; d++) {
      const fk = at?.parent?.fk;
      const next = fk && byName.get(fk.targetModel);
      if (!fk || !next) return undefined;
      out.push({ to: tableOf(next.model), columns: [...fk.columns], targetColumns: [...fk.targetColumns] });
      at = next;
    }
    return out;
  };
  const out: TenantPromise[] = [];
  for (const s of structures) {
    for (const ref of s.references) {
      if (!ref.tenant || !ref.anchor || ref.kind === "null") continue;
      const anchor = byName.get(ref.anchor.model);
      const target = byName.get(ref.fk.targetModel);
      const up = hops(s.model.modelName, ref.anchor.depth);
      const join = ref.via && byName.get(ref.via.model);
      const targetUp = ref.via ? [] : hops(ref.fk.targetModel, ref.anchor.targetDepth);
      if (!anchor || !target || !up || !targetUp) continue;
      let via: TenantPromise["via"];
      if (ref.via) {
        const joinFk = ref.via.fk;
        const joinUp = hops(ref.via.model, ref.anchor.targetDepth);
        // The join's columns in the order of the relation's: both name the same target columns.
        const columns = ref.fk.targetColumns.map((t) => joinFk.columns[joinFk.targetColumns.indexOf(t)]);
        if (!join || !joinUp || columns.some((c) => c === undefined)) continue;
        via = { table: tableOf(join.model), columns: columns as string[], up: joinUp };
      }
      const key = anchor.model.primaryKey.map(
        (f) => anchor.model.columns.find((c) => c.fieldName === f)!.columnName,
      );
      if (key.length === 0) continue;
      out.push({
        check:
          ref.anchor.depth === 1 && ref.fk.targetModel === s.model.modelName
            ? `${s.model.modelName}.${ref.fk.relationField} under the row's own ${anchor.model.modelName}`
            : ref.via
              ? `${s.model.modelName}.${ref.fk.relationField} among the row's ${anchor.model.modelName}'s ${ref.via.model} rows`
              : `${s.model.modelName}.${ref.fk.relationField} in the row's ${anchor.model.modelName}`,
        from: tableOf(s.model),
        up,
        relation: {
          to: tableOf(target.model),
          columns: [...ref.fk.columns],
          targetColumns: [...ref.fk.targetColumns],
        },
        targetUp,
        key,
        ...(via && { via }),
      });
    }
  }
  return out;
}
