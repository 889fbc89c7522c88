// Capture: the cases of each catalog query (one per variant and statement) with their parameters
// bound, a warm-up, then N runs of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON); the plan's shape and
// fingerprint, shared buffers and execution times per run, and the planner settings and server
// version they were measured under. Optional stability runs re-ANALYZE and re-plan.
import type { Session } from "../db/index.js";
import { translatePgError } from "../db/index.js";
import {
  type PlanShape,
  planShape,
  type RawPlanNode,
  renderShape,
  shapeFingerprint,
  shapeNodes,
} from "./plan-shape.js";
import { recordPrismaQuery } from "./prisma-queries.js";
import { type Assertion, type CatalogQuery, REPRESENTATIVES, type Representative } from "./query-catalog.js";
import { RepresentativeFinder } from "./representative.js";

/** Settings that change plans (or their timings); recorded with every capture. */
export const PLANNER_SETTINGS = [
  "default_statistics_target",
  "effective_cache_size",
  "effective_io_concurrency",
  "enable_bitmapscan",
  "enable_hashagg",
  "enable_hashjoin",
  "enable_indexonlyscan",
  "enable_indexscan",
  "enable_mergejoin",
  "enable_nestloop",
  "enable_seqscan",
  "enable_sort",
  "jit",
  "max_parallel_workers",
  "max_parallel_workers_per_gather",
  "plan_cache_mode",
  "random_page_cost",
  "seq_page_cost",
  "shared_buffers",
  "work_mem",
] as const;

/** How a parameter was bound for a case. */
export interface BoundParam {
  binding: string;
  value: unknown;
  /** The chosen parent's children, for entity bindings. */
  fanout?: number;
}

/** One statement of one variant of a query, ready to explain. */
export interface PlanCase {
  query: string;
  /** `typical`, `heavy`, `default`…, with `#2`, `#3` for a Prisma call's further statements. */
  key: string;
  sql: string;
  args: unknown[];
  params: Record<string, BoundParam>;
  assertions: Assertion[];
}

export interface Measurement {
  shape: PlanShape;
  fingerprint: string;
  /** The shape as indented lines. */
  plan: string[];
  /** Shared buffers (hit + read) of each measured run. */
  buffers: number[];
  /** Execution time of each measured run, ms. */
  timesMs: number[];
  /** Estimated rows (pg_class.reltuples) of every relation the plan reads. */
  relationRows: Record<string, number>;
  /** The top node's planner estimates: rows and total cost (EXPLAIN without ANALYZE). */
  estimate: { rows: number; cost: number };
}

export interface CaseCapture extends PlanCase {
  measurement: Measurement;
  /** Fingerprints seen across stability runs (ANALYZE, then plan again); absent without them. */
  stability?: { runs: number; fingerprints: string[]; plans: Record<string, string[]> };
}

export interface ServerFacts {
  major: number;
  settings: Record<string, string>;
}

export interface CaptureOptions {
  warmup?: number;
  runs?: number;
  /** ANALYZE and re-plan this many times, recording every shape seen (the database must be ours). */
  stabilityRuns?: number;
  /**
   * Plan only (EXPLAIN without ANALYZE): shapes and estimates, no executions, timings or buffers.
   * What a database with another band's injected statistics can tell (its rows are not that band's).
   */
  estimatesOnly?: boolean;
  /** A query's cases have been measured (progress). */
  onQuery?: (query: string, cases: CaseCapture[]) => void;
}

export const DEFAULT_WARMUP = 2;
export const DEFAULT_RUNS = 7;

export async function serverFacts(session: Session): Promise<ServerFacts> {
  const { rows } = await session.query<{ name: string; setting: string }>(
    "SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name",
    [[...PLANNER_SETTINGS]],
  );
  const version = await session.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return {
    major: Math.floor(Number(version.rows[0]!.v) / 10000),
    settings: Object.fromEntries(rows.map((r) => [r.name, r.setting])),
  };
}

/** The cases of a query on this database: its variants with parameters bound, and its statements. */
export async function planCases(
  session: Session,
  url: string,
  query: CatalogQuery,
  finder = new RepresentativeFinder(session),
): Promise<PlanCase[]> {
  const cases: PlanCase[] = [];
  for (const variant of query.variants) {
    const params: Record<string, BoundParam> = {};
    for (const [name, binding] of Object.entries(query.params)) {
      if (binding.kind === "literal") {
        params[name] = { binding: JSON.stringify(binding.value), value: binding.value };
      } else {
        const which = (REPRESENTATIVES as readonly string[]).includes(variant)
          ? (variant as Representative)
          : "typical";
        const chosen = await finder.find(binding.table, binding.column, which);
        params[name] = {
          binding: `${binding.table}.${binding.column} ${which}`,
          value: chosen.value,
          fanout: chosen.fanout,
        };
      }
    }
    const values = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.value]));
    const statements =
      query.source.kind === "sql"
        ? [{ sql: query.source.sql, args: query.source.order.map((p) => values[p]) }]
        : await recordPrismaQuery(query.source.catalog, query.source.query, url, values);
    statements.forEach((s, i) => {
      cases.push({
        query: query.name,
        key: i === 0 ? variant : `${variant}#${i + 1}`,
        sql: s.sql,
        args: s.args,
        params,
        assertions: query.assertions,
      });
    });
  }
  return cases;
}

interface ExplainOutput {
  Plan: RawPlanNode;
  "Execution Time"?: number;
}

export async function explain(
  session: Session,
  c: Pick<PlanCase, "sql" | "args" | "query" | "key">,
  analyze: boolean,
) {
  const options = analyze ? "ANALYZE, BUFFERS, FORMAT JSON" : "FORMAT JSON";
  try {
    const { rows } = await session.query<{ "QUERY PLAN": ExplainOutput[] }>(
      `EXPLAIN (${options}) ${c.sql}`,
      c.args,
    );
    return rows[0]!["QUERY PLAN"][0]!;
  } catch (error) {
    throw translatePgError(error, `Explaining query "${c.query}" (${c.key})`, "BAD_INPUT");
  }
}

/** Warm-up, then `runs` executions of EXPLAIN ANALYZE; the shape of the last run is the plan. */
export async function measure(
  session: Session,
  c: PlanCase,
  {
    warmup = DEFAULT_WARMUP,
    runs = DEFAULT_RUNS,
    estimatesOnly = false,
  }: Pick<CaptureOptions, "warmup" | "runs" | "estimatesOnly"> = {},
): Promise<Measurement> {
  const buffers: number[] = [];
  const timesMs: number[] = [];
  let last: ExplainOutput | undefined;
  if (estimatesOnly) last = await explain(session, c, false);
  else for (let i = 0; i < warmup; i++) await explain(session, c, true);
  for (let i = 0; i < (estimatesOnly ? 0 : Math.max(1, runs)); i++) {
    last = await explain(session, c, true);
    const plan = last.Plan;
    buffers.push(Number(plan["Shared Hit Blocks"] ?? 0) + Number(plan["Shared Read Blocks"] ?? 0));
    timesMs.push(Number(last["Execution Time"] ?? 0));
  }
  const shape = planShape(last!.Plan);
  const relations = [...new Set(shapeNodes(shape).flatMap((n) => (n.relation ? [n.relation] : [])))].sort();
  const { rows } = await session.query<{ relname: string; n: number }>(
    "SELECT relname, reltuples::float8 AS n FROM pg_class WHERE relname = ANY($1) AND relkind IN ('r', 'p', 'm')",
    [relations],
  );
  return {
    shape,
    fingerprint: shapeFingerprint(shape),
    plan: renderShape(shape),
    buffers,
    timesMs,
    relationRows: Object.fromEntries(rows.map((r) => [r.relname, Math.max(0, Math.round(r.n))])),
    estimate: { rows: Number(last!.Plan["Plan Rows"] ?? 0), cost: Number(last!.Plan["Total Cost"] ?? 0) },
  };
}

/** Captures every query of the catalog on one database. */
export async function captureCatalog(
  session: Session,
  url: string,
  queries: CatalogQuery[],
  options: CaptureOptions = {},
): Promise<CaseCapture[]> {
  const finder = new RepresentativeFinder(session);
  const all: CaseCapture[] = [];
  const perQuery: CaseCapture[][] = [];
  for (const query of queries) {
    const cases = await planCases(session, url, query, finder);
    const captured: CaseCapture[] = [];
    for (const c of cases) captured.push({ ...c, measurement: await measure(session, c, options) });
    perQuery.push(captured);
    all.push(...captured);
  }
  const k = options.stabilityRuns ?? 0;
  if (k > 0) {
    for (const c of all) c.stability = { runs: k, fingerprints: [c.measurement.fingerprint], plans: {} };
    for (let run = 0; run < k; run++) {
      // Fresh statistics from a new random sample: a plan that flips on them is not a baseline.
      try {
        await session.query("ANALYZE");
      } catch (error) {
        throw translatePgError(error, "ANALYZE between stability runs");
      }
      for (const c of all) {
        const shape = planShape((await explain(session, c, false)).Plan);
        const fp = shapeFingerprint(shape);
        if (!c.stability!.fingerprints.includes(fp)) {
          c.stability!.fingerprints.push(fp);
          c.stability!.plans[fp] = renderShape(shape);
        }
      }
    }
  }
  for (const [i, q] of queries.entries()) options.onQuery?.(q.name, perQuery[i]!);
  return all;
}
