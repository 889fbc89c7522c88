// `seedband sample`: measures the shape of a database through aggregate SQL only, inside one
// read-only, repeatable-read transaction with a statement and a lock timeout, so it is safe on a
// busy replica. No row content reaches this process: it receives counts, histograms of lengths,
// hours and fan-outs, log moments, enum values, and the ids of the heaviest parents, which it
// turns into HMAC tokens at once. What it returns has passed k-suppression (and noise, with ε).
import { quoteIdent, type Session, translatePgError } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { BURST_MIN_SERIES } from "../random/index.js";
import type { Column, ForeignKey, Model, ModelGraph } from "../schema/index.js";
import { coarseValue } from "./coarse-value.js";
import { Disclosure } from "./disclosure.js";
import {
  type FanOutMetrics,
  type FieldMetrics,
  METRICS_FORMAT,
  METRICS_VERSION,
  type Metrics,
  type MetricsBin,
  type ModelMetrics,
} from "./metrics-format.js";
import { hmacToken } from "./token.js";

export interface SampleOptions {
  salt: string;
  /** Buckets with fewer entities are suppressed (default 10). */
  k: number;
  /** Laplace noise on counts, ε per count; null for none. */
  epsilon: number | null;
  /** Timestamps' hour, weekday and inter-arrival histograms cover the last N days of data. */
  windowDays: number;
  /** String fields ("Model.field") whose values may be reported as categories (opt-in). */
  categories: readonly string[];
  /** Heaviest parents reported per relation, as tokens. */
  top: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  schemaFingerprint: string;
  seedbandVersion: string;
  onProgress?: (message: string) => void;
}

const STRING_LIKE = new Set(["String"]);
const NUMERIC = new Set(["Int", "BigInt", "Float", "Decimal"]);

/**
 * Measures every model of `graph` in the database `session` is connected to.
 *
 * @example
 * const metrics = await sampleDatabase(session, graph, { salt, k: 10, epsilon: null, windowDays: 30, … })
 */
export async function sampleDatabase(
  session: Session,
  graph: ModelGraph,
  options: SampleOptions,
): Promise<Metrics> {
  const disclosure = new Disclosure(options.k, options.epsilon);
  const q = async <T>(sql: string, params: unknown[] = [], what = "sampling"): Promise<T[]> => {
    try {
      return (await session.query<T>(sql, params)).rows;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "57014")
        throw new SeedbandError(
          "DB_ERROR",
          `${what}: a query ran longer than the statement timeout (${options.statementTimeoutMs} ms) and was cancelled; nothing was written. Fix: run against a less busy replica, or raise --statement-timeout.`,
          { cause: error },
        );
      if (code === "55P03")
        throw new SeedbandError(
          "DB_ERROR",
          `${what}: a table was locked longer than the lock timeout (${options.lockTimeoutMs} ms); nothing was written. Fix: run again when the migration or maintenance holding the lock has finished.`,
          { cause: error },
        );
      throw translatePgError(error, what);
    }
  };
  // Implicit many-to-many tables (`_AToB`) too: their fan-outs are relations like any other.
  const models = graph.models;

  await q("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  try {
    await q(`SET LOCAL statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
    await q(`SET LOCAL lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
    for (const m of models) {
      const [row] = await q<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [tableOf(m)]);
      if (!row?.t)
        throw new SeedbandError(
          "BAD_INPUT",
          `The database has no table ${m.schemaName}.${m.tableName} (model ${m.modelName} of the schema). Fix: pass the Prisma schema of this database with --schema, or migrate the database first.`,
        );
    }

    const rows = new Map<string, number>();
    for (const m of models) {
      const [r] = await q<{ n: string }>(
        `SELECT count(*) AS n FROM ${tableOf(m)}`,
        [],
        `counting ${m.tableName}`,
      );
      rows.set(m.modelName, Number(r?.n ?? 0));
    }

    // The window ends at the latest timestamp in the data (never in the future), rounded up to the hour.
    let endMs = 0;
    for (const m of models)
      for (const c of m.columns.filter(isTimestamp)) {
        const [r] = await q<{ t: Date | null }>(
          `SELECT date_trunc('hour', least(now(), max(${quoteIdent(c.columnName)}))) + interval '1 hour' AS t FROM ${tableOf(m)}`,
        );
        if (r?.t) endMs = Math.max(endMs, r.t.getTime());
      }
    if (endMs === 0) endMs = Date.now();
    const window = {
      days: options.windowDays,
      start: new Date(endMs - options.windowDays * 86_400_000).toISOString(),
      end: new Date(endMs).toISOString(),
    };

    const out: Record<string, ModelMetrics> = {};
    for (const m of models) {
      options.onProgress?.(`measuring ${m.modelName} (${m.tableName})`);
      const fields: Record<string, FieldMetrics> = {};
      const fkColumns = new Set(m.foreignKeys.flatMap((f) => f.columns));
      for (const c of m.columns) {
        if (c.isList || fkColumns.has(c.columnName) || (c.isId && c.type !== "String")) continue;
        const measured = await measureField(q, m, c, options, disclosure, window);
        if (measured) fields[c.fieldName] = measured;
      }
      const fanOuts: Record<string, FanOutMetrics> = {};
      for (const fk of m.foreignKeys) {
        const parent = models.find((p) => p.modelName === fk.targetModel);
        if (!parent) continue;
        fanOuts[fk.relationField] = await measureFanOut(
          q,
          m,
          fk,
          parent,
          rows.get(parent.modelName) ?? 0,
          options,
          disclosure,
        );
      }
      out[m.modelName] = {
        table: m.tableName,
        rows: disclosure.noisy(rows.get(m.modelName) ?? 0),
        fanOuts,
        fields,
      };
    }

    return {
      format: METRICS_FORMAT,
      version: METRICS_VERSION,
      seedbandVersion: options.seedbandVersion,
      schemaFingerprint: options.schemaFingerprint,
      window,
      privacy: {
        k: options.k,
        epsilon: options.epsilon,
        noise: options.epsilon === null ? "none" : "laplace",
        laplaceScale: options.epsilon === null ? null : 1 / options.epsilon,
        tokens: "hmac-sha256-16",
        suppressedBuckets: disclosure.suppressed,
      },
      models: out,
    };
  } finally {
    await session.query("ROLLBACK").catch(() => {});
  }
}

type Query = <T>(sql: string, params?: unknown[], what?: string) => Promise<T[]>;

function tableOf(m: Model): string {
  return `${quoteIdent(m.schemaName)}.${quoteIdent(m.tableName)}`;
}

function isTimestamp(c: Column): boolean {
  return c.type === "DateTime" && !c.isList;
}

/** A model's creation time: its first required timestamp that is not @updatedAt, a `created…` one first. */
function creationTimestamp(m: Model): Column | undefined {
  const candidates = m.columns.filter((x) => isTimestamp(x) && x.isRequired && !x.isUpdatedAt);
  return candidates.find((x) => /^(created|inserted)/i.test(x.fieldName)) ?? candidates[0];
}

async function exactCounts(q: Query, sql: string, params: unknown[] = []): Promise<Map<number, number>> {
  const rows = await q<{ v: string; n: string }>(sql, params);
  return new Map(rows.map((r) => [Number(r.v), Number(r.n)]));
}

/**
 * The spec's burst coefficient: the coefficient of variation of the gaps between a parent's
 * consecutive rows in profile time — each timestamp mapped to its rank among all rows of the
 * window (the empirical cumulative share, which takes the diurnal and weekly rhythm out) — each
 * parent's gaps divided by their mean, over the gaps starting in a peak hour (≥ 80% of the
 * busiest hour's rows). An aggregate over at least k parents, or null; not noised (with ε, null).
 */
async function burstCoefficient(
  q: Query,
  t: string,
  col: string,
  partition: string,
  inWindow: string,
  window: { start: string; end: string },
  hours: number[],
  d: Disclosure,
): Promise<{ coefficient: number; parents: number } | null> {
  if (d.epsilon !== null) return null;
  const top = Math.max(...hours);
  const peak = hours.flatMap((n, h) => (top > 0 && n >= 0.8 * top ? [h] : []));
  const [r] = await q<{ n: string; m: number | null; sd: number | null; parents: string }>(
    `WITH t AS (
       SELECT ${partition}, ${col} AS at, cume_dist() OVER (ORDER BY ${col}) AS u FROM ${t} WHERE ${inWindow}
     ), series AS (
       SELECT ${partition} FROM t GROUP BY ${partition} HAVING count(*) >= ${BURST_MIN_SERIES}
     ), g AS (
       SELECT ${partition}, u - lag(u) OVER (PARTITION BY ${partition} ORDER BY at) AS gap,
              lag(at) OVER (PARTITION BY ${partition} ORDER BY at) AS prev
         FROM t JOIN series USING (${partition})
     ), x AS (
       SELECT gap / nullif(avg(gap) OVER (PARTITION BY ${partition}), 0) AS x, prev FROM g WHERE gap IS NOT NULL
     )
     SELECT count(*) AS n, avg(x)::float8 AS m, stddev_pop(x)::float8 AS sd, (SELECT count(*) FROM series) AS parents
       FROM x WHERE x IS NOT NULL AND extract(hour FROM prev AT TIME ZONE 'UTC')::int = ANY($3::int[])`,
    [window.start, window.end, peak],
  );
  const parents = Number(r?.parents ?? 0);
  if (parents < d.k || !r?.m || r.sd == null) return null;
  return { coefficient: round(r.sd / r.m, 4), parents };
}

async function logMoments(q: Query, expr: string, from: string, d: Disclosure) {
  if (d.epsilon !== null) return undefined; // moments are not noised: with ε, calibrate reads the bins
  const [r] = await q<{ mean: number | null; sd: number | null; n: string }>(
    `SELECT avg(ln(${expr}))::float8 AS mean, stddev_pop(ln(${expr}))::float8 AS sd, count(*) AS n FROM ${from} AND (${expr}) > 0`,
  );
  const n = Number(r?.n ?? 0);
  if (n < d.k || r?.mean == null) return undefined;
  return { mean: r.mean, sd: r.sd ?? 0, n };
}

async function measureField(
  q: Query,
  m: Model,
  c: Column,
  options: SampleOptions,
  d: Disclosure,
  window: { start: string; end: string },
): Promise<FieldMetrics | undefined> {
  const t = tableOf(m);
  const col = quoteIdent(c.columnName);
  // Strings also count the values that hold a space: free text, as opposed to names and codes.
  const spaced = STRING_LIKE.has(c.type) ? `, count(*) FILTER (WHERE strpos(${col}, ' ') > 0) AS spaced` : "";
  const [base] = await q<{ rows: string; nulls: string; spaced?: string }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE ${col} IS NULL) AS nulls${spaced} FROM ${t}`,
  );
  const rows = d.noisy(Number(base?.rows ?? 0));
  const nulls = d.count(Number(base?.nulls ?? 0));
  const optedIn = options.categories.includes(`${m.modelName}.${c.fieldName}`);
  const keyed =
    c.isId ||
    c.isUnique ||
    m.primaryKey.includes(c.fieldName) ||
    m.uniques.some((u) => u.includes(c.fieldName));
  const unique = { ...(keyed ? { unique: true } : {}), ...(c.isRequired ? {} : { optional: true }) };

  if (c.type === "Enum" || (optedIn && STRING_LIKE.has(c.type))) {
    const found = await q<{ v: string; n: string }>(
      `SELECT ${col}::text AS v, count(*) AS n FROM ${t} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 100`,
    );
    const values: Record<string, number | null> = {};
    for (const r of found) {
      const n = d.count(Number(r.n));
      // A suppressed value of an opted-in string column is not even named.
      if (n === null && c.type !== "Enum") continue;
      if (n !== 0) values[r.v] = n;
    }
    return { kind: "category", rows, nulls, ...unique, values };
  }
  if (c.type === "Boolean") {
    const [r] = await q<{ t: string; f: string }>(
      `SELECT count(*) FILTER (WHERE ${col}) AS t, count(*) FILTER (WHERE NOT ${col}) AS f FROM ${t}`,
    );
    return {
      kind: "boolean",
      rows,
      nulls,
      ...unique,
      true: d.count(Number(r?.t ?? 0)),
      false: d.count(Number(r?.f ?? 0)),
    };
  }
  if (STRING_LIKE.has(c.type)) {
    const len = `length(${col})`;
    const exact = await exactCounts(
      q,
      `SELECT ${coarseValue(len)} AS v, count(*) AS n FROM ${t} WHERE ${col} IS NOT NULL GROUP BY 1`,
    );
    const logLength = await logMoments(q, len, `${t} WHERE ${col} IS NOT NULL`, d);
    return {
      kind: "text",
      rows,
      nulls,
      ...unique,
      lengthBins: d.bins(exact),
      ...(logLength ? { logLength } : {}),
      withSpace: d.count(Number(base?.spaced ?? 0)),
    };
  }
  if (NUMERIC.has(c.type)) {
    const exact = await exactCounts(
      q,
      `SELECT ${coarseValue(`${col}::float8`)} AS v, count(*) AS n FROM ${t} WHERE ${col} IS NOT NULL GROUP BY 1`,
    );
    const logValue = await logMoments(q, `${col}::float8`, `${t} WHERE ${col} IS NOT NULL`, d);
    let fractional = 0;
    if (c.type === "Float" || c.type === "Decimal") {
      const [f] = await q<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE ${col} <> floor(${col})`);
      fractional = Number(f?.n ?? 0);
    }
    return {
      kind: "number",
      rows,
      nulls,
      ...unique,
      bins: d.bins(exact),
      ...(logValue ? { logValue } : {}),
      fractional: d.count(fractional),
    };
  }
  if (isTimestamp(c)) {
    const [span] = await q<{ first: string | null; last: string | null }>(
      `SELECT to_char(min(${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS first, to_char(least(now(), max(${col})) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last FROM ${t}`,
    );
    const inWindow = `${col} >= $1::timestamptz AND ${col} < $2::timestamptz`;
    const cells = await q<{ h: number; d: number; day: string; n: string }>(
      `SELECT extract(hour FROM ${col} AT TIME ZONE 'UTC')::int AS h, extract(dow FROM ${col} AT TIME ZONE 'UTC')::int AS d,
              to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n
         FROM ${t} WHERE ${inWindow} GROUP BY 1, 2, 3`,
      [window.start, window.end],
    );
    const hours = new Array<number>(24).fill(0);
    const weekdays = new Array<number>(7).fill(0);
    // Rows per whole UTC day of the window (the partial first and last days left out).
    const firstWhole = Math.ceil(Date.parse(window.start) / 86_400_000);
    const lastWhole = Math.floor(Date.parse(window.end) / 86_400_000) - 1;
    const perDay = new Array<number>(Math.max(0, lastWhole - firstWhole + 1)).fill(0);
    let windowRows = 0;
    for (const r of cells) {
      hours[r.h]! += Number(r.n);
      weekdays[r.d]! += Number(r.n);
      const i = Date.parse(`${r.day}T00:00:00Z`) / 86_400_000 - firstWhole;
      if (i >= 0 && i < perDay.length) perDay[i]! += Number(r.n);
      windowRows += Number(r.n);
    }
    const creation = creationTimestamp(m) === c;
    const metrics: FieldMetrics = {
      kind: "timestamp",
      rows,
      nulls,
      ...unique,
      ...(creation ? { creation } : {}),
      firstDay: span?.first ?? null,
      lastDay: span?.last ?? null,
      windowRows: d.noisy(windowRows),
      hours: hours.map((n) => d.count(n)),
      weekdays: weekdays.map((n) => d.count(n)),
      days: {
        start: new Date(firstWhole * 86_400_000).toISOString().slice(0, 10),
        counts: perDay.map((n) => d.count(n)),
      },
    };
    // Inter-arrival within the parent of the model's first required relation, for its first
    // required timestamp (e.g. messages of one conversation by createdAt).
    const fk = m.foreignKeys.find((f) => f.isRequired);
    if (fk && creation) {
      const partition = fk.columns.map(quoteIdent).join(", ");
      const exact = await exactCounts(
        q,
        `SELECT ${coarseValue("gap")} AS v, count(*) AS n FROM (
           SELECT extract(epoch FROM ${col} - lag(${col}) OVER (PARTITION BY ${partition} ORDER BY ${col}))::float8 AS gap
             FROM ${t} WHERE ${inWindow}) g
          WHERE gap IS NOT NULL GROUP BY 1`,
        [window.start, window.end],
      );
      let n = 0;
      let sum = 0;
      let sq = 0;
      for (const [v, k] of exact) {
        n += k;
        sum += v * k;
        sq += v * v * k;
      }
      const mean = n > 0 ? sum / n : 0;
      const sd = n > 0 ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : 0;
      // Goh & Barabási's burstiness: −1 periodic, 0 Poisson, towards 1 bursty.
      const burstiness = n >= d.k && sd + mean > 0 ? round((sd - mean) / (sd + mean), 4) : null;
      const burst = await burstCoefficient(q, t, col, partition, inWindow, window, hours, d);
      metrics.interArrival = { relation: fk.relationField, bins: d.bins(exact), burstiness, burst };
    }
    return metrics;
  }
  return undefined;
}

async function measureFanOut(
  q: Query,
  m: Model,
  fk: ForeignKey,
  parent: Model,
  parentRows: number,
  options: SampleOptions,
  d: Disclosure,
): Promise<FanOutMetrics> {
  const t = tableOf(m);
  const cols = fk.columns.map(quoteIdent);
  const per = `(SELECT ${cols.join(", ")}, count(*) AS n FROM ${t} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(" AND ")} GROUP BY ${cols.join(", ")})`;
  const what = `measuring ${m.modelName}.${fk.relationField}`;
  // Per rounded value: the parents, and their children summed exactly (the value is rounded above 1024).
  const groups = await q<{ v: string; n: string; s: string }>(
    `SELECT ${coarseValue("n")} AS v, count(*) AS n, sum(n) AS s FROM ${per} per GROUP BY 1`,
  );
  const exact = new Map(groups.map((r) => [Number(r.v), Number(r.n)]));
  let withChildren = 0;
  let children = 0;
  for (const r of groups) {
    withChildren += Number(r.n);
    children += Number(r.s);
  }
  if (parentRows > withChildren) exact.set(0, parentRows - withChildren);
  const logMoments_ = await logMoments(q, "n", `${per} per WHERE true`, d);

  // Fan-out by each enum or boolean field of the parent (e.g. members per conversation kind).
  const byParentField: NonNullable<FanOutMetrics["byParentField"]> = {};
  const pt = tableOf(parent);
  const join = fk.columns
    .map((c, i) => `per.${quoteIdent(c)} = p.${quoteIdent(fk.targetColumns[i]!)}`)
    .join(" AND ");
  const fkSet = new Set(parent.foreignKeys.flatMap((f) => f.columns));
  for (const pc of parent.columns) {
    if ((pc.type !== "Enum" && pc.type !== "Boolean") || pc.isList || fkSet.has(pc.columnName)) continue;
    const rows = await q<{ f: string | null; v: string; n: string }>(
      `SELECT p.${quoteIdent(pc.columnName)}::text AS f, ${coarseValue("coalesce(per.n, 0)")} AS v, count(*) AS n
         FROM ${pt} p LEFT JOIN ${per} per ON ${join} GROUP BY 1, 2`,
      [],
      what,
    );
    const groups = new Map<string, Map<number, number>>();
    for (const r of rows) {
      if (r.f === null) continue;
      const g = groups.get(r.f) ?? new Map<number, number>();
      g.set(Number(r.v), Number(r.n));
      groups.set(r.f, g);
    }
    const cases: Record<string, { parents: number | null; bins: MetricsBin[] }> = {};
    for (const [value, g] of groups) {
      const parents = d.count([...g.values()].reduce((s, x) => s + x, 0));
      cases[value] = { parents, bins: parents === null ? [] : d.bins(g) };
    }
    byParentField[pc.fieldName] = cases;
  }

  const topRows =
    options.top > 0
      ? await q<Record<string, unknown> & { n: string }>(
          `SELECT ${cols.map((c, i) => `${c}::text AS k${i}`).join(", ")}, n FROM ${per} per ORDER BY n DESC LIMIT ${Math.floor(options.top)}`,
          [],
          what,
        )
      : [];
  // The ids live only inside this map call: each becomes a token before anything keeps it.
  const top = topRows
    .map((r) => ({
      parentToken: hmacToken(
        options.salt,
        parent.modelName,
        fk.columns.map((_, i) => String(r[`k${i}`])).join("\u0000"),
      ),
      children: d.noisy(Number(r.n)),
    }))
    .filter((x) => x.children >= d.k);

  const sameFields = (key: readonly string[]) =>
    key.length === fk.fields.length && fk.fields.every((f) => key.includes(f));
  return {
    parentModel: parent.modelName,
    required: fk.isRequired,
    inPrimaryKey: fk.fields.every((f) => m.primaryKey.includes(f)),
    oneToOne: sameFields(m.primaryKey) || m.uniques.some(sameFields),
    parents: d.noisy(parentRows),
    children: d.noisy(children),
    bins: d.bins(exact),
    ...(logMoments_ ? { logMoments: logMoments_ } : {}),
    ...(Object.keys(byParentField).length > 0 ? { byParentField } : {}),
    top,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
