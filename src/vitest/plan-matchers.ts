// Vitest matchers for query plans: `toUseIndex`, `toUseIndexOn`, `toHaveNoSeqScan`,
// `toHaveNoSortNode` on one statement or a catalog query, and `toMatchPlanBaseline` against the
// baseline files `seedband baseline capture` wrote (explain's runner-neutral checkBaselines
// verdict, asserted). Exported as plain functions for `expect.extend`; `seedband/vitest`
// registers them.
import { join, resolve } from "node:path";
// Types only (no runtime import): the augmentation below needs the module in the program.
import type {} from "vitest";
import { connect } from "../db/index.js";
import {
  type Assertion,
  type BaselineCheck,
  checkAssertions,
  checkBaselines,
  hasInjectedStats,
  loadCatalog,
  type Measurement,
  measure,
  planCases,
  readBaselines,
  resolveBaselineDir,
} from "../explain/index.js";

/** One statement to explain: `{ url, sql, args }` (args are $1, $2, …). */
export interface PlanStatement {
  url: string;
  sql: string;
  args?: unknown[];
}

/** A query of the project's catalog (queries/*.sql, queries/*.ts) by name, on the database at `url`. */
export interface PlanCatalogQuery {
  url: string;
  query: string;
  /** The project root holding queries/ and baselines/ (default: the working directory). */
  root?: string;
}

export type PlanSubject = PlanStatement | PlanCatalogQuery | Promise<PlanStatement | PlanCatalogQuery>;

export interface PlanBaselineOptions {
  band?: string;
  /** Baselines folder (default <root>/baselines). */
  dir?: string;
}

interface MatcherContext {
  isNot: boolean;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

interface Explained {
  label: string;
  m: Measurement;
}

const RUNS = { warmup: 1, runs: 3 };

/**
 * Below this many rows a table fits in a few dozen 8 kB pages, and PostgreSQL rightly reads it
 * sequentially (and sorts it in memory) rather than through an index: a failing plan matcher on
 * such a table says more about the band's size than about the query. Documented in docs/vitest.md.
 */
export const PLAN_MEANINGFUL_ROWS = 10_000;

async function explainSubject(subject: PlanSubject): Promise<Explained[]> {
  const s = await subject;
  const session = await connect(s.url);
  try {
    if ("sql" in s) {
      const c = {
        query: "statement",
        key: "default",
        sql: s.sql,
        args: s.args ?? [],
        params: {},
        assertions: [],
      };
      return [{ label: "the statement", m: await measure(session, c, RUNS) }];
    }
    const query = await findQuery(s);
    const out: Explained[] = [];
    for (const c of await planCases(session, s.url, query)) {
      out.push({ label: `${c.query} [${c.key}]`, m: await measure(session, c, RUNS) });
    }
    return out;
  } finally {
    await session.end();
  }
}

async function findQuery(s: PlanCatalogQuery) {
  const root = resolve(s.root ?? process.cwd());
  const queries = await loadCatalog(join(root, "queries"), root);
  const query = queries.find((q) => q.name === s.query);
  if (!query) {
    throw new Error(
      `No query "${s.query}" in ${join(root, "queries")}; it has ${queries.map((q) => q.name).join(", ")}.`,
    );
  }
  return query;
}

function result(ctx: MatcherContext, failures: string[], what: string): MatcherResult {
  const pass = failures.length === 0;
  return {
    pass,
    message: () =>
      ctx.isNot
        ? `expected the plan not to ${what}, but it does`
        : `expected the plan to ${what}:\n${failures.join("\n")}`,
  };
}

function planText(e: Explained): string {
  return `${e.label}:\n${e.m.plan.map((l) => `    ${l}`).join("\n")}`;
}

/** Fails every plan on which the assertion does not hold, with the assertion's reason and the plan. */
async function assertOn(ctx: MatcherContext, received: PlanSubject, assertion: Assertion, what: string) {
  const plans = await explainSubject(received);
  const failures = plans.flatMap((e) => {
    const [r] = checkAssertions(e.m.shape, e.m.relationRows, [assertion]);
    return r!.pass ? [] : [`${planText(e)}\n  (${r!.detail})${tooSmall(e.m.relationRows, assertion)}`];
  });
  return result(ctx, failures, what);
}

/**
 * The note a failure gets when the tables it is about hold fewer than PLAN_MEANINGFUL_ROWS rows
 * (the planner's estimate, reltuples): the band is too small for the plan to mean anything.
 */
export function tooSmall(relationRows: Record<string, number>, assertion: Assertion): string {
  const tables =
    assertion.kind === "uses-index-on"
      ? Object.entries(relationRows).filter(([t]) => t === assertion.table)
      : Object.entries(relationRows);
  const small = tables.filter(([, rows]) => rows < PLAN_MEANINGFUL_ROWS);
  if (small.length === 0 || small.length < tables.length) return "";
  const list = small.map(([t, rows]) => `${t} (~${rows} rows)`).join(", ");
  return (
    `\n  Note: ${list} ${small.length > 1 ? "hold" : "holds"} fewer than ${PLAN_MEANINGFUL_ROWS} rows: on a table that small ` +
    "PostgreSQL rightly prefers a sequential scan (and an in-memory sort) to an index, so this plan says " +
    'little about production. Assert plans on a bigger band (seedBand("dev"), or a band of your own with ' +
    "more rows in seedband.config.ts), or compare against a baseline captured there (seedband baseline capture --band dev)."
  );
}

export function toUseIndex(
  this: MatcherContext,
  received: PlanSubject,
  index: string,
): Promise<MatcherResult> {
  return assertOn(this, received, { kind: "uses-index", index }, `use the index ${index}`);
}

export function toUseIndexOn(
  this: MatcherContext,
  received: PlanSubject,
  table: string,
): Promise<MatcherResult> {
  return assertOn(this, received, { kind: "uses-index-on", table }, `read ${table} through an index`);
}

export function toHaveNoSeqScan(
  this: MatcherContext,
  received: PlanSubject,
  options: { overRows?: number } = {},
): Promise<MatcherResult> {
  const rows = options.overRows ?? 0;
  const what = `have no sequential scan${rows ? ` of a table over ${rows} rows` : ""}`;
  return assertOn(this, received, { kind: "no-seq-scan-over", rows }, what);
}

export function toHaveNoSortNode(this: MatcherContext, received: PlanSubject): Promise<MatcherResult> {
  return assertOn(this, received, { kind: "no-sort" }, "have no sort node");
}

/** The catalog query's plans match their baseline (shape, buffers, time within noise, assertions). */
export async function toMatchPlanBaseline(
  this: MatcherContext,
  received: PlanCatalogQuery | Promise<PlanCatalogQuery>,
  options: PlanBaselineOptions = {},
): Promise<MatcherResult> {
  const s = await received;
  if (!s || !("query" in s))
    throw new Error('toMatchPlanBaseline takes a catalog query: expect({ url, query: "latest-messages" })');
  const root = resolve(s.root ?? process.cwd());
  const bandDir = resolveBaselineDir(
    options.dir ? resolve(root, options.dir) : join(root, "baselines"),
    options.band,
  );
  const doc = readBaselines(bandDir).find((d) => d.query === s.query);
  if (!doc) throw new Error(`No baseline of "${s.query}" in ${bandDir}: run \`seedband baseline capture\`.`);
  const query = await findQuery(s);
  const session = await connect(s.url);
  let verdict: BaselineCheck;
  try {
    // Baselines captured with --stats-as are estimates: checked as estimates, on a clone that has
    // injected statistics (seedBand(band, { statsAs })), as `baseline check --stats-as` does.
    const estimates = doc.statistics?.injected === true;
    if (estimates && !(await hasInjectedStats(session)))
      throw new Error(
        `The baseline of "${s.query}" in ${bandDir} holds estimates under band "${doc.statistics!.band}"'s injected statistics, and this database has its own. Fix: check it on a clone with them: seedBand(band, { statsAs: "${doc.statistics!.band}" }), or the plugin's statsAs.`,
      );
    verdict = await checkBaselines(session, s.url, [doc], [query], estimates ? { estimatesOnly: true } : {});
  } finally {
    await session.end();
  }
  if (verdict.mismatches.length > 0) throw new Error(verdict.mismatches[0]);
  // Unlike `seedband baseline check`, a case without a baseline ("new") fails here.
  const failures = verdict.verdicts
    .filter((v) => v.status !== "ok")
    .map((v) =>
      [
        `${v.query} [${v.key}]: ${v.status}`,
        ...v.reasons.map((r) => `  ${r}`),
        ...(v.diff ?? []).map((l) => `    ${l}`),
      ].join("\n"),
    );
  return result(this, failures, `match its baseline in ${bandDir}`);
}

/** Everything for `expect.extend(planMatchers)`. */
export const planMatchers = {
  toUseIndex,
  toUseIndexOn,
  toHaveNoSeqScan,
  toHaveNoSortNode,
  toMatchPlanBaseline,
};

/** The matchers' types, for `declare module "vitest" { interface Matchers<T> extends PlanMatchers<T> {} }`. */
export interface PlanMatchers<R = unknown> {
  toUseIndex(index: string): Promise<R>;
  toUseIndexOn(table: string): Promise<R>;
  toHaveNoSeqScan(options?: { overRows?: number }): Promise<R>;
  toHaveNoSortNode(): Promise<R>;
  toMatchPlanBaseline(options?: PlanBaselineOptions): Promise<R>;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: Vitest declares Matchers<T = any>; augmentations must match it.
  interface Matchers<T = any> extends PlanMatchers<T> {}
}
