// The plan fingerprint: the shape of an EXPLAIN (FORMAT JSON) plan — node types, relations,
// index names, join types and strategies, sort keys, scan direction and the parent/child
// structure — with everything that varies between runs or machines left out (costs, row
// estimates and counts, timings, buffers, worker counts, temp names). Pure.
import { createHash } from "node:crypto";

/** One node of a normalised plan. Only fields that decide how the query runs. */
export interface PlanShape {
  node: string;
  /** A parallel-aware node (EXPLAIN's text says "Parallel Seq Scan"); worker counts are not kept. */
  parallel?: boolean;
  relation?: string;
  index?: string;
  join?: string;
  strategy?: string;
  direction?: string;
  parent?: string;
  sortKey?: string[];
  subplan?: string;
  cte?: string;
  children?: PlanShape[];
}

/** A node of EXPLAIN's JSON output (only what the shape reads). */
export type RawPlanNode = Record<string, unknown> & { Plans?: RawPlanNode[] };

/**
 * Normalises one plan node tree (the `Plan` of EXPLAIN's JSON) into its shape.
 *
 * @example
 * const [{ Plan }] = (await session.query("EXPLAIN (FORMAT JSON) SELECT 1")).rows[0]["QUERY PLAN"];
 * planShape(Plan); // { node: "Result" }
 */
export function planShape(raw: RawPlanNode): PlanShape {
  const shape: PlanShape = { node: String(raw["Node Type"]) };
  if (raw["Parallel Aware"] === true) shape.parallel = true;
  const relation = text(raw["Relation Name"]);
  if (relation) shape.relation = stripTemp(relation);
  const index = text(raw["Index Name"]);
  if (index) shape.index = stripTemp(index);
  const join = text(raw["Join Type"]);
  // Plain nodes say "Inner" nowhere; every join node does.
  if (join) shape.join = join;
  const strategy = text(raw.Strategy);
  if (strategy) shape.strategy = strategy;
  const direction = text(raw["Scan Direction"]);
  if (direction && direction !== "Forward") shape.direction = direction;
  const parent = text(raw["Parent Relationship"]);
  if (parent && parent !== "Outer") shape.parent = parent;
  if (Array.isArray(raw["Sort Key"])) shape.sortKey = raw["Sort Key"].map((k) => stripTemp(String(k)));
  const subplan = text(raw["Subplan Name"]);
  if (subplan) shape.subplan = subplan;
  const cte = text(raw["CTE Name"]);
  if (cte) shape.cte = cte;
  if (Array.isArray(raw.Plans) && raw.Plans.length > 0) shape.children = raw.Plans.map(planShape);
  return shape;
}

/** A short stable hash of a shape (16 hex digits of SHA-256 of its canonical JSON). */
export function shapeFingerprint(shape: PlanShape): string {
  return createHash("sha256").update(canonicalJson(shape)).digest("hex").slice(0, 16);
}

/** The shape as indented lines, one node per line, as a reviewer reads a plan. */
export function renderShape(shape: PlanShape, depth = 0): string[] {
  const parts = [shape.parallel ? `Parallel ${shape.node}` : shape.node];
  if (shape.join && !shape.node.includes(shape.join)) parts.push(`(${shape.join})`);
  if (shape.strategy) parts.push(`[${shape.strategy}]`);
  if (shape.direction) parts.push(shape.direction);
  if (shape.index) parts.push(`using ${shape.index}`);
  if (shape.relation) parts.push(`on ${shape.relation}`);
  if (shape.cte) parts.push(`CTE ${shape.cte}`);
  if (shape.sortKey) parts.push(`by ${shape.sortKey.join(", ")}`);
  if (shape.subplan) parts.push(`(${shape.subplan})`);
  if (shape.parent) parts.push(`<${shape.parent}>`);
  const lines = [`${"  ".repeat(depth)}${depth > 0 ? "-> " : ""}${parts.join(" ")}`];
  for (const child of shape.children ?? []) lines.push(...renderShape(child, depth + 1));
  return lines;
}

/** Every node of a shape, depth first. */
export function shapeNodes(shape: PlanShape): PlanShape[] {
  return [shape, ...(shape.children ?? []).flatMap(shapeNodes)];
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Temporary relations carry the backend's schema number (pg_temp_3); it is not part of a plan's shape. */
function stripTemp(name: string): string {
  return name.replace(/\bpg_temp_\d+\b/g, "pg_temp");
}
