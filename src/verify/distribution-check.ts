// `seedband verify --distributions`: measures the loaded data and compares it with the spec that
// should have produced it. Power-law fan-outs: discrete MLE of alpha on the body (the heavy
// parents excluded and counted separately); log-normal text lengths: mean and deviation of the
// log; timestamps with a profile: hour-of-day and weekday histograms against the profile (L1),
// and for a parent's sorted series the burst coefficient of its inter-arrival times. Every other
// fan-out (also per parent field), text length and number: the family's MLE (family-check.ts);
// categorical mixes: L1 of the shares; bernoulli fields and null rates: the share.
// Every check states its tolerance; one that fails makes verify exit 1.
import type { Bin } from "../calibrate/index.js";
import { quoteIdent, type Session } from "../db/index.js";
import { coarseValue } from "../privacy/index.js";
import { BURST_MIN_SERIES, type Distribution, TimeProfile } from "../random/index.js";
import type { ForeignKey, ModelGraph } from "../schema/index.js";
import type { FieldSpec, Spec } from "../spec/index.js";
import { type DistributionCheck, distributionCheck } from "./distribution-result.js";
import { binned, familyChecks, mixTolerance, sharesTolerance, TOLERANCE } from "./family-check.js";
import { powerLawFanOutChecks } from "./power-law-fan-out.js";

export type { DistributionCheck };

type Check = (name: string, expected: number, measured: number, tolerance: number, detail?: string) => void;
type Num = (v: number | string) => number;
type ModelSpec = Spec["models"][string];
type Model = ModelGraph["models"][number];

/** What every check of one verify run shares: the session, band variables and the output. */
interface Measure {
  session: Session;
  num: Num;
  check: Check;
  /** Checks made elsewhere (family-check.ts), added as they are. */
  push: (checks: DistributionCheck[]) => void;
  /** A `SELECT v, n` of coarse values and counts, in the sampler's bins. */
  histogram: (sql: string) => Promise<Bin[]>;
  /** A spec distribution with its band variables replaced by numbers. */
  resolved: (dist: object) => Distribution;
}

export async function checkDistributions(
  session: Session,
  graph: ModelGraph,
  spec: Spec,
  vars: Record<string, number>,
): Promise<DistributionCheck[]> {
  const num: Num = (v) => (typeof v === "number" ? v : (vars[v.slice(1)] ?? Number.NaN));
  const out: DistributionCheck[] = [];
  const measure: Measure = {
    session,
    num,
    check: (name, expected, measured, tolerance, detail) =>
      out.push(distributionCheck(name, expected, measured, tolerance, detail)),
    push: (checks) => out.push(...checks),
    histogram: async (sql) => {
      const { rows } = await session.query<{ v: string; n: string }>(sql);
      return binned(rows.map((r) => [Number(r.v), Number(r.n)]));
    },
    resolved: (dist) => resolve(dist, num) as Distribution,
  };
  for (const [modelName, modelSpec] of Object.entries(spec.models)) {
    const model = graph.models.find((m) => m.modelName === modelName);
    if (!model) continue;
    const table = `${quoteIdent(model.schemaName)}.${quoteIdent(model.tableName)}`;
    await familyFanOutChecks(measure, graph, model, modelSpec);
    await fanOutChecks(measure, graph, model, modelSpec, table);
    for (const [fieldName, field] of Object.entries(modelSpec.fields ?? {})) {
      const at = { model, modelSpec, table, fieldName, name: `${modelName}.${fieldName}` };
      await fieldChecks(measure, spec, at, field);
    }
  }
  return out;
}

/**
 * A fan-out of any family but the power law (also one per parent field), by its family's MLE.
 * `total` rescales a fan-out's shape and `heavy` adds parents: those are not checked here.
 */
async function familyFanOutChecks(
  measure: Measure,
  graph: ModelGraph,
  model: Model,
  modelSpec: ModelSpec,
): Promise<void> {
  const fanOut = modelSpec.fanOut;
  if (!modelSpec.parent || !fanOut || "powerLaw" in fanOut || modelSpec.total !== undefined) return;
  const fk = model.foreignKeys.find((f) => f.relationField === modelSpec.parent);
  const parent = graph.models.find((m) => m.modelName === fk?.targetModel);
  if (!fk || !parent || ("heavy" in fanOut && fanOut.heavy)) return;
  const name = `${model.modelName}.${modelSpec.parent} fan-out`;
  const from = perParent(model, fk, parent);
  if ("byParentField" in fanOut) {
    const column = parent.columns.find((c) => c.fieldName === fanOut.byParentField);
    if (!column) return;
    const { rows } = await measure.session.query<{ f: string | null; v: string; n: string }>(
      `SELECT p.${quoteIdent(column.columnName)}::text AS f, ${coarseValue("coalesce(c.n, 0)")} AS v, count(*) AS n ${from} GROUP BY 1, 2`,
    );
    for (const [value, dist] of Object.entries(fanOut.cases)) {
      const bins = binned(rows.filter((r) => r.f === value).map((r) => [Number(r.v), Number(r.n)]));
      measure.push(
        familyChecks(`${name} (${fanOut.byParentField} = ${value})`, measure.resolved(dist), bins),
      );
    }
  } else {
    const { heavy: _heavy, ...dist } = fanOut;
    const bins = await measure.histogram(
      `SELECT ${coarseValue("coalesce(c.n, 0)")} AS v, count(*) AS n ${from} GROUP BY 1`,
    );
    measure.push(familyChecks(name, measure.resolved(dist), bins));
  }
}

interface FieldAt {
  model: Model;
  modelSpec: ModelSpec;
  table: string;
  fieldName: string;
  /** `Model.field`, for the checks' names. */
  name: string;
}

/** Every check one field of the spec asks for: null rate, mix, shares, family, length, time. */
async function fieldChecks(measure: Measure, spec: Spec, at: FieldAt, field: FieldSpec): Promise<void> {
  const { model, table, name } = at;
  const column = model.columns.find((c) => c.fieldName === at.fieldName);
  await nullRateCheck(measure, at, field);
  if (!column || column.isList) return;
  const col = quoteIdent(column.columnName);
  if ("categorical" in field) await categoricalCheck(measure, table, col, name, field.categorical);
  if ("bernoulli" in field && column.type === "Boolean") {
    const { rows } = await measure.session.query<{ t: string; n: string }>(
      `SELECT count(*) FILTER (WHERE ${col}) AS t, count(${col}) AS n FROM ${table}`,
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0)
      measure.check(
        `${name}: bernoulli p (share true)`,
        field.bernoulli,
        Number(rows[0]?.t ?? 0) / n,
        sharesTolerance(field.bernoulli, n),
      );
  }
  if ("number" in field) {
    const bins = await measure.histogram(
      `SELECT ${coarseValue(`${col}::float8`)} AS v, count(*) AS n FROM ${table} WHERE ${col} IS NOT NULL GROUP BY 1`,
    );
    measure.push(familyChecks(`${name} number`, measure.resolved(field.number), bins));
  }
  if ("text" in field && !("logNormal" in field.text.length)) {
    const bins = await measure.histogram(
      `SELECT ${coarseValue(`length(${col})`)} AS v, count(*) AS n FROM ${table} WHERE ${col} IS NOT NULL GROUP BY 1`,
    );
    measure.push(familyChecks(`${name} length`, measure.resolved(field.text.length), bins));
  }
  if ("text" in field && "logNormal" in field.text.length) {
    const { mu, sigma } = field.text.length.logNormal;
    const { rows } = await measure.session.query<{ mu: string; sigma: string }>(
      `SELECT avg(ln(length(${col}))) AS mu, stddev_pop(ln(length(${col}))) AS sigma FROM ${table} WHERE length(${col}) > 0`,
    );
    measure.check(`${name} length: log-normal mu`, mu, Number(rows[0]?.mu), TOLERANCE.mu);
    measure.check(`${name} length: log-normal sigma`, sigma, Number(rows[0]?.sigma), TOLERANCE.sigma);
  }
  if ("timestamp" in field && field.timestamp.profile) {
    const where = { session: measure.session, model, modelSpec: at.modelSpec, table, col, name };
    await timestampChecks(where, spec, field.timestamp, measure.check);
  }
}

/** A null rate on a nullable column, or on an optional relation (its key columns). */
async function nullRateCheck(measure: Measure, at: FieldAt, field: FieldSpec): Promise<void> {
  const column = at.model.columns.find((c) => c.fieldName === at.fieldName);
  const fk = column ? undefined : at.model.foreignKeys.find((f) => f.relationField === at.fieldName);
  const nullable = column
    ? [column.columnName].filter(() => !column.isRequired)
    : fk && !fk.isRequired
      ? fk.columns
      : [];
  if (field.nullRate === undefined || nullable.length === 0) return;
  const isNull = nullable.map((c) => `${quoteIdent(c)} IS NULL`);
  const { rows } = await measure.session.query<{ rows: string; nulls: string }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE ${isNull.join(" AND ")}) AS nulls FROM ${at.table}`,
  );
  const n = Number(rows[0]?.rows ?? 0);
  if (n > 0)
    measure.check(
      `${at.name}: null rate`,
      field.nullRate,
      Number(rows[0]?.nulls ?? 0) / n,
      sharesTolerance(field.nullRate, n),
    );
}

/** A categorical mix: L1 between the loaded shares and the spec's weights. */
async function categoricalCheck(
  measure: Measure,
  table: string,
  col: string,
  name: string,
  categorical: Record<string, number>,
): Promise<void> {
  const { rows } = await measure.session.query<{ v: string; n: string }>(
    `SELECT ${col}::text AS v, count(*) AS n FROM ${table} WHERE ${col} IS NOT NULL GROUP BY 1`,
  );
  const n = rows.reduce((s, r) => s + Number(r.n), 0);
  const total = Object.values(categorical).reduce((s, w) => s + w, 0);
  const observed = new Map(rows.map((r) => [r.v, Number(r.n) / Math.max(1, n)]));
  const keys = new Set([...Object.keys(categorical), ...observed.keys()]);
  const l1 = [...keys].reduce(
    (s, key) => s + Math.abs((observed.get(key) ?? 0) - (categorical[key] ?? 0) / total),
    0,
  );
  const weights = Object.values(categorical).map((w) => w / total);
  if (n > 0)
    measure.check(`${name}: categorical shares L1 vs weights`, 0, l1, round(mixTolerance(weights, n)));
}

/** A power-law fan-out: alpha of the body (heavy parents excluded), and the heavy parents' share. */
async function fanOutChecks(
  measure: Measure,
  graph: ModelGraph,
  model: Model,
  modelSpec: ModelSpec,
  table: string,
): Promise<void> {
  const fanOut = modelSpec.fanOut;
  if (!modelSpec.parent || !fanOut || !("powerLaw" in fanOut)) return;
  const fk = model.foreignKeys.find((f) => f.relationField === modelSpec.parent)!;
  const parent = graph.models.find((m) => m.modelName === fk.targetModel)!;
  const join = fk.columns
    .map((c, i) => `c.${quoteIdent(c)} = p.${quoteIdent(fk.targetColumns[i]!)}`)
    .join(" AND ");
  const { rows } = await measure.session.query<{ n: string }>(
    `SELECT count(c.*) AS n FROM ${quoteIdent(parent.schemaName)}.${quoteIdent(parent.tableName)} p
       LEFT JOIN ${table} c ON ${join} GROUP BY p.* ORDER BY n DESC`,
  );
  const { num } = measure;
  const heavy = "heavy" in fanOut && fanOut.heavy ? fanOut.heavy : undefined;
  measure.push(
    powerLawFanOutChecks(
      `${model.modelName}.${modelSpec.parent} fan-out`,
      rows.map((r) => Number(r.n)),
      {
        alpha: fanOut.powerLaw.alpha,
        min: num(fanOut.powerLaw.min),
        max: num(fanOut.powerLaw.max),
        heavy: heavy ? { share: num(heavy.share), min: num(heavy.min) } : undefined,
      },
    ),
  );
}

interface TimestampColumn {
  session: Session;
  model: Model;
  modelSpec: ModelSpec;
  table: string;
  col: string;
  /** `Model.field`, for the checks' names. */
  name: string;
}

type TimestampSpec = Extract<FieldSpec, { timestamp: unknown }>["timestamp"];

/** A profiled timestamp: hour-of-day and weekday histograms (L1) and a sorted series' burst. */
async function timestampChecks(
  at: TimestampColumn,
  spec: Spec,
  timestamp: TimestampSpec,
  check: Check,
): Promise<void> {
  const { session, table, col, name } = at;
  const profileSpec = timestamp.profile ? spec.profiles?.[timestamp.profile] : undefined;
  if (!profileSpec) return;
  const profile = new TimeProfile(Date.parse(spec.window.start), Date.parse(spec.window.end), profileSpec);
  const expected = profile.histograms();
  const { rows } = await session.query<{ h: number; d: number; n: string }>(
    `SELECT extract(hour FROM ${col} AT TIME ZONE 'UTC')::int AS h, extract(dow FROM ${col} AT TIME ZONE 'UTC')::int AS d, count(*) AS n
       FROM ${table} WHERE ${col} IS NOT NULL GROUP BY 1, 2`,
  );
  const hours = new Array(24).fill(0);
  const days = new Array(7).fill(0);
  let total = 0;
  for (const r of rows) {
    hours[r.h] += Number(r.n);
    days[r.d] += Number(r.n);
    total += Number(r.n);
  }
  const l1 = (a: number[], b: number[]) => a.reduce((s, x, i) => s + Math.abs(x / total - (b[i] ?? 0)), 0);
  // A small table's histogram is noisy: the tolerance is 0.05 or three times the L1 that
  // sampling alone gives (Σ √(2p(1−p)/πn)), whichever is larger; the dev band's messages
  // (millions of rows) are held to 0.05.
  const noise = (p: number[]) =>
    3 * p.reduce((s, x) => s + Math.sqrt((2 * x * (1 - x)) / (Math.PI * total)), 0);
  const hourTolerance = round(Math.max(TOLERANCE.l1, noise(expected.hours)));
  check(`${name}: hour-of-day histogram L1 vs profile`, 0, l1(hours, expected.hours), hourTolerance);
  const fk = at.modelSpec.parent
    ? at.model.foreignKeys.find((f) => f.relationField === at.modelSpec.parent)
    : undefined;
  if (timestamp.sorted && fk) {
    const measured = await burstCoefficient(session, table, col, fk.columns, profile, profileSpec.hours);
    if (measured) {
      const expectedBurst = profileSpec.burst ?? 1;
      // 10% of the coefficient, or three standard errors of the sample's own estimate.
      const tolerance = round(Math.max(0.1 * expectedBurst, 3 * measured.standardError));
      check(
        `${name}: burst coefficient (inter-arrival CV in peak hours, profile time)`,
        expectedBurst,
        measured.cv,
        tolerance,
        `${measured.gaps} gaps of ${measured.series} parents with ≥ ${BURST_MIN_SERIES} rows`,
      );
    }
  }
  // `after` draws from the rest of the window: hours keep the profile, weekdays skew toward
  // the window's end, so only unconstrained timestamps are held to the weekday profile. So does
  // `afterReferences` in a model with foreign keys (after the rows it references).
  if (!timestamp.after && !(timestamp.afterReferences && at.model.foreignKeys.length > 0)) {
    const dayTolerance = round(Math.max(TOLERANCE.l1, noise(expected.weekdays)));
    check(`${name}: weekday histogram L1 vs profile`, 0, l1(days, expected.weekdays), dayTolerance);
  }
}

/**
 * The coefficient of variation of the gaps between consecutive timestamps of one parent, in
 * profile time (each timestamp mapped to the profile's cumulative share, so the diurnal and
 * weekly rhythm is taken out and what is left is the arrival process itself), each parent's gaps
 * divided by their mean, pooled over the gaps that start in a peak hour (weight ≥ 80% of the
 * highest). Its standard error comes from the sample's own fourth moment.
 */
async function burstCoefficient(
  session: Session,
  table: string,
  col: string,
  parentColumns: string[],
  profile: TimeProfile,
  hours: readonly number[],
): Promise<{ cv: number; standardError: number; gaps: number; series: number } | undefined> {
  const parent = parentColumns.map((c) => quoteIdent(c)).join(", ");
  const cumulative = Array.from({ length: Math.ceil((profile.end - profile.start) / 3_600_000) }, (_, h) =>
    profile.shareAt(profile.start + (h + 1) * 3_600_000),
  );
  const top = Math.max(...hours);
  const peak = hours.flatMap((w, h) => (w >= 0.8 * top ? [h] : []));
  const { rows } = await session.query<Record<string, string | null>>(
    `WITH series AS (
       SELECT ${parent} FROM ${table} WHERE ${col} IS NOT NULL GROUP BY ${parent} HAVING count(*) >= ${BURST_MIN_SERIES}
     ), t AS (
       SELECT ${parent}, ${col} AS at, (extract(epoch FROM ${col}) - $2) / 3600 AS off
         FROM ${table} JOIN series USING (${parent}) WHERE ${col} IS NOT NULL
     ), h AS (
       SELECT ${parent}, at, off, least(greatest(floor(off)::int, 0), $3 - 1) AS h FROM t
     ), w AS (
       SELECT ${parent}, at, coalesce(($1::float8[])[h], 0)
                + (off - h) * (($1::float8[])[h + 1] - coalesce(($1::float8[])[h], 0)) AS u
         FROM h
     ), g AS (
       SELECT ${parent}, u - lag(u) OVER (PARTITION BY ${parent} ORDER BY u) AS gap,
              lag(at) OVER (PARTITION BY ${parent} ORDER BY u) AS prev
         FROM w
     ), x AS (
       SELECT gap / nullif(avg(gap) OVER (PARTITION BY ${parent}), 0) AS x, prev FROM g WHERE gap IS NOT NULL
     )
     SELECT count(*) AS n, avg(x) AS m1, avg(x ^ 2) AS m2, avg(x ^ 3) AS m3, avg(x ^ 4) AS m4,
            (SELECT count(*) FROM series) AS series
       FROM x WHERE x IS NOT NULL AND extract(hour FROM prev AT TIME ZONE 'UTC')::int = ANY($4::int[])`,
    [cumulative, profile.start / 1000, cumulative.length, peak],
  );
  const r = rows[0];
  const n = Number(r?.n ?? 0);
  if (!r || n < 2) return undefined;
  const [m1, m2, m3, m4] = [r.m1, r.m2, r.m3, r.m4].map(Number) as [number, number, number, number];
  const variance = m2 - m1 * m1;
  const cv = Math.sqrt(variance) / m1;
  const central4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;
  const kurtosis = central4 / (variance * variance);
  const standardError = cv * Math.sqrt(Math.max(0, kurtosis - 1) / (4 * n));
  return { cv, standardError, gaps: n, series: Number(r.series) };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** `FROM parent p LEFT JOIN (children per parent) c`: every parent row with its count `c.n` (NULL for none). */
function perParent(model: Model, fk: ForeignKey, parent: Model): string {
  const cols = fk.columns.map(quoteIdent).join(", ");
  const join = fk.columns
    .map((c, i) => `c.${quoteIdent(c)} = p.${quoteIdent(fk.targetColumns[i]!)}`)
    .join(" AND ");
  return `FROM ${quoteIdent(parent.schemaName)}.${quoteIdent(parent.tableName)} p LEFT JOIN (
    SELECT ${cols}, count(*) AS n FROM ${quoteIdent(model.schemaName)}.${quoteIdent(model.tableName)} GROUP BY ${cols}) c ON ${join}`;
}

/** A spec distribution with its band variables ("$bodyMax") replaced by numbers. */
function resolve(dist: object, num: (v: number | string) => number): object {
  return Object.fromEntries(
    Object.entries(dist).map(([k, v]) => [
      k,
      v && typeof v === "object" ? resolve(v, num) : typeof v === "string" ? num(v) : v,
    ]),
  );
}
