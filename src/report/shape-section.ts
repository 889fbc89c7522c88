// The data-shape section: the aggregates of shape-queries.ts against the spec, as charts with
// their checks. Fan-outs as log-log CCDFs (spec line, measured points; bars per count when small),
// text lengths as shares per unit of ln(length) on log bins, hour-of-day and weekday shares
// against the time profile, categorical mixes and null rates. The checks are those of `seedband
// verify --distributions`, made by the same pure functions of src/verify with the same tolerances:
// a power-law fan-out by its body's alpha and the heavy share, every other fan-out (also per parent
// field), and every length but a log-normal one, by its family's MLE on the sampler's bins;
// log-normal lengths by the moments of ln(length); categorical shares by L1, bernoulli fields and
// null rates by the share; hour and weekday profiles by L1 within max(0.05, 3× sampling noise).
// What verify does not check, the report does not either (a fan-out scaled to a total or with
// heavy parents of another family), but for a oneOf mix, held to the categorical bound. Pure.
import { resolveDist } from "../factories/index.js";
import { type Distribution, TimeProfile } from "../random/index.js";
import type { ModelGraph } from "../schema/index.js";
import type { FanOutSpec, FieldSpec, Spec } from "../spec/index.js";
import {
  binned,
  distributionCheck as check,
  familyChecks,
  mixTolerance,
  powerLawFanOutChecks,
  sharesTolerance,
  DISTRIBUTION_TOLERANCE as TOLERANCE,
} from "../verify/index.js";
import { type Cdf, integerCdf, mixtureCdf } from "./integer-cdf.js";
import { binCounts, binLabel, logBins } from "./log-bins.js";
import type { Chart, Check, Series, ShapeSection } from "./report-data.js";
import { fieldMeasure, type ShapeResults } from "./shape-queries.js";
import { significant, tidyChart } from "./tidy-chart.js";

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** Fan-outs of at most this many children are drawn as bars of each count, not as a CCDF. */
const SMALL_FAN_OUT = 20;

type Histogram = Array<[value: number, count: number]>;

export interface ShapeInfo {
  band: string;
  seed: number;
  database: string;
  fingerprint: string;
  spec: string;
}

export function shapeSection(
  graph: ModelGraph,
  spec: Spec,
  vars: Record<string, number>,
  results: ShapeResults,
  info: ShapeInfo,
): ShapeSection {
  const num = (v: number | string) => (typeof v === "number" ? v : (vars[v.slice(1)] ?? Number.NaN));
  // Drawn in this order: fan-outs, lengths, time profiles, mixes, null rates.
  const fanOuts: Chart[] = [];
  const lengths: Chart[] = [];
  const times: Chart[] = [];
  const mixes: Chart[] = [];
  const nullChecks: Array<{ label: string; expected: number; measured: number; check: Check }> = [];
  const rows: Record<string, number> = {};
  const rowsOf = (modelName: string): number | undefined => {
    const tableQuery = results[`table:${modelName}`]?.[0]?.rows;
    if (tableQuery != null) return Number(tableQuery);
    const prefix = [`length:${modelName}.`, `category:${modelName}.`, `time:${modelName}.`];
    const id = Object.keys(results).find((k) => prefix.some((p) => k.startsWith(p)));
    return id ? sum(results[id]!.map((r) => Number(r.n))) : undefined;
  };

  for (const [modelName, modelSpec] of Object.entries(spec.models)) {
    const model = graph.models.find((m) => m.modelName === modelName);
    if (!model) continue;
    const total = rowsOf(modelName);
    if (total !== undefined) rows[model.tableName] = total;
    if (modelSpec.parent && modelSpec.fanOut) {
      const fk = model.foreignKeys.find((f) => f.relationField === modelSpec.parent);
      const found = results[`fanOut:${modelName}.${modelSpec.parent}`];
      if (fk && found) {
        const parents = rowsOf(fk.targetModel);
        const chart = fanOutChart(
          { modelName, relation: modelSpec.parent, parentModel: fk.targetModel },
          modelSpec.fanOut,
          modelSpec.total !== undefined,
          found,
          parents,
          num,
        );
        if (chart) fanOuts.push(chart);
      }
    }
    for (const [fieldName, field] of Object.entries(modelSpec.fields ?? {})) {
      const at = `${modelName}.${fieldName}`;
      const measure = fieldMeasure(field, model, fieldName);
      const found =
        measure === "length" || measure === "number" || measure === "category" || measure === "time"
          ? results[`${measure}:${at}`]
          : undefined;
      let nulls: { rows: number; nulls: number } | undefined;
      if (found) {
        const all = found.map((r) => [r.k, Number(r.n)] as const);
        nulls = {
          rows: sum(all.map((r) => r[1])),
          nulls: sum(all.filter((r) => r[0] === null).map((r) => r[1])),
        };
        const values = all.filter((r): r is readonly [string, number] => r[0] !== null);
        // An empty table or an all-NULL column has no shape to draw (its null rate still counts).
        const drawn = values.length > 0;
        const sizes = (): Histogram => values.map(([k, n]) => [Number(k), n]);
        if (drawn && measure === "length" && "text" in field)
          lengths.push(sizeChart(at, "length", resolveDist(field.text.length, num), sizes()));
        else if (drawn && measure === "number" && "number" in field)
          lengths.push(sizeChart(at, "number", resolveDist(field.number, num), sizes()));
        else if (drawn && measure === "category") mixes.push(categoryChart(at, field, values));
        else if (drawn && measure === "time" && "timestamp" in field) {
          const profile = spec.profiles?.[field.timestamp.profile!];
          if (profile)
            times.push(...timeCharts(at, spec, profile, field.timestamp.after !== undefined, values));
        }
      } else if (field.nullRate !== undefined) {
        const table = results[`table:${modelName}`]?.[0];
        const present = table?.[fieldName];
        if (table && present != null)
          nulls = { rows: Number(table.rows), nulls: Number(table.rows) - Number(present) };
      }
      if (field.nullRate !== undefined && nulls && nulls.rows > 0) {
        const measured = nulls.nulls / nulls.rows;
        const p = field.nullRate;
        const tolerance = round(sharesTolerance(p, nulls.rows));
        nullChecks.push({
          label: at,
          expected: p,
          measured,
          check: check(`${at}: null rate`, p, measured, tolerance, `${nulls.nulls} of ${nulls.rows} rows`),
        });
      }
    }
  }
  const charts = [...fanOuts, ...lengths, ...times, ...mixes];
  if (nullChecks.length > 0) {
    const labels = nullChecks.map((c) => c.label);
    charts.push({
      id: "shape-null-rates",
      title: "Null rates",
      subtitle: "Share of rows whose field is NULL: measured against the spec's nullRate",
      x: { label: "field", categories: labels },
      y: { label: "share of rows", format: "percent" },
      series: [
        { name: "measured", style: "bars", tone: 0, data: nullChecks.map((c) => [c.label, c.measured]) },
        { name: "spec", style: "bars", tone: 1, data: nullChecks.map((c) => [c.label, c.expected]) },
      ],
      checks: nullChecks.map((c) => c.check),
    });
  }
  return {
    ...info,
    rows,
    charts: charts.map(tidyChart),
    checks: charts.flatMap((c) => c.checks),
    notes: [
      "The burst coefficient of sorted timestamps is checked by `seedband verify --distributions` only: it needs a window query over every row.",
      "A fan-out scaled to the model's total (\"total\") keeps its shape but not its exact spec CCDF: it is checked by the body's power-law alpha and the heavy share, as verify does.",
    ],
  };
}

/** Which relation a fan-out chart is of: `Model.relation`, children of `parentModel`. */
interface FanOutAt {
  modelName: string;
  relation: string;
  parentModel: string;
}

function fanOutChart(
  at: FanOutAt,
  fanOut: FanOutSpec,
  scaled: boolean,
  found: Array<Record<string, string | null>>,
  parentRows: number | undefined,
  num: (v: number | string) => number,
): Chart | undefined {
  const { modelName, parentModel } = at;
  const name = `${modelName}.${at.relation}`;
  const base = {
    id: `shape-fanout-${slug(name)}`,
    title: `${name} fan-out`,
    subtitle: `${modelName} rows per ${parentModel}: share of parents with at least x children (log-log CCDF)`,
    x: { label: `children per ${parentModel}`, log: true },
    y: { label: "P(children ≥ x)", log: true },
  };
  if ("byParentField" in fanOut) {
    const byValue = new Map<string, Histogram>();
    for (const r of found) {
      const key = r.v ?? "NULL";
      if (!byValue.has(key)) byValue.set(key, []);
      byValue.get(key)!.push([Number(r.k), Number(r.n)]);
    }
    const series: Series[] = [];
    const checks: Check[] = [];
    let tone = 0;
    for (const [value, dist] of Object.entries(fanOut.cases)) {
      const histogram = byValue.get(value) ?? [];
      if (sum(histogram.map((h) => h[1])) === 0) continue;
      const resolved = resolveDist(dist, num);
      const cdf = integerCdf(resolved);
      const max = Math.max(...histogram.map((h) => h[0]), finiteMax(dist, num));
      series.push(
        { name: `${value}: measured`, style: "points", tone, data: ccdfPoints(histogram, max) },
        { name: `${value}: spec`, style: "line", tone, data: ccdfLine(cdf, max) },
      );
      // As verify: each case by its family's MLE, unless the fan-out is scaled to a total.
      if (!scaled)
        checks.push(
          ...familyChecks(
            `${name} fan-out (${fanOut.byParentField} = ${value})`,
            resolved,
            binned(histogram),
          ),
        );
      tone++;
    }
    return { ...base, series, checks };
  }
  const histogram: Histogram = found.map((r) => [Number(r.k), Number(r.n)]);
  const withChildren = sum(histogram.map((h) => h[1]));
  const parents = Math.max(parentRows ?? withChildren, withChildren);
  if (parents === 0) return undefined;
  if (parents > withChildren) histogram.push([0, parents - withChildren]);
  const { heavy, ...rest } = fanOut as FanOutSpec & {
    heavy?: { share: number | string; min: number | string; max: number | string };
  };
  const body = resolveDist(rest, num);
  const share = heavy ? num(heavy.share) : 0;
  const cdf: Cdf = heavy
    ? mixtureCdf([
        { share: 1 - share, cdf: integerCdf(body) },
        { share, cdf: integerCdf({ uniform: { min: num(heavy.min), max: num(heavy.max) } }) },
      ])
    : integerCdf(body);
  const max = Math.max(...histogram.map((h) => h[0]), heavy ? num(heavy.max) : finiteMax(rest, num));
  const checks = fanOutChecks(
    `${name} fan-out`,
    body,
    heavy && { share, min: num(heavy.min) },
    scaled,
    histogram,
  );
  const unchecked =
    checks.length === 0
      ? {
          note: `not checked, as verify does not: ${scaled ? "scaled to the model's total" : "heavy parents of a family other than the power law"}`,
        }
      : {};
  if (max <= SMALL_FAN_OUT) {
    // A handful of possible counts (0–4 per parent, an attachment or none): their shares as
    // bars say more than a log-log tail.
    const labels = Array.from({ length: max + 1 }, (_, x) => String(x));
    const shareOf = (x: number) => (histogram.find((h) => h[0] === x)?.[1] ?? 0) / Math.max(1, parents);
    return {
      ...base,
      subtitle: `${modelName} rows per ${parentModel}: share of parents with exactly x children`,
      x: { label: `children per ${parentModel}`, categories: labels },
      y: { label: "share of parents", format: "percent" },
      series: [
        { name: "measured", style: "bars", tone: 0, data: labels.map((l, x) => [l, shareOf(x)]) },
        { name: "spec", style: "bars", tone: 1, data: labels.map((l, x) => [l, cdf(x) - cdf(x - 1)]) },
      ],
      checks,
      ...unchecked,
    };
  }
  const zero = histogram.find((h) => h[0] === 0)?.[1] ?? 0;
  return {
    ...base,
    series: [
      { name: "measured", style: "points", tone: 0, data: ccdfPoints(histogram, max) },
      { name: "spec", style: "line", tone: 1, data: ccdfLine(cdf, max) },
    ],
    checks,
    ...(zero > 0
      ? { note: `${pct(zero / parents)} of ${parentModel} rows have no children (not on a log axis)` }
      : unchecked),
  };
}

/**
 * The checks verify makes of one fan-out: a power law by its body's alpha and the heavy share;
 * any other family, unscaled and without heavy parents, by its MLE on the sampler's bins.
 */
function fanOutChecks(
  name: string,
  body: Distribution,
  heavy: { share: number; min: number } | undefined,
  scaled: boolean,
  histogram: Histogram,
): Check[] {
  if ("powerLaw" in body) {
    const counts = expand(histogram).sort((a, b) => b - a);
    return powerLawFanOutChecks(name, counts, { ...body.powerLaw, heavy });
  }
  return scaled || heavy ? [] : familyChecks(name, body, binned(histogram));
}

/**
 * A text's lengths or a number's values (the sampler's coarse values: exact below 1024, three
 * significant digits above) on log-spaced bins against the spec. Checked as verify does: a
 * log-normal length by the moments of ln(length), anything else by its family's MLE.
 */
function sizeChart(at: string, what: "length" | "number", dist: Distribution, histogram: Histogram): Chart {
  const n = sum(histogram.map((h) => h[1]));
  const max = Math.max(1, ...histogram.map((h) => h[0]));
  const bins = logBins(Math.min(1, ...histogram.map((h) => h[0])), max);
  // Shares per unit of ln x: bins one character wide at the short end and hundreds wide in the tail
  // then compare, and a log-normal draws as the bell it is on this axis.
  const width = ([lo, hi]: [number, number]) => Math.log((hi + 1) / Math.max(0.5, lo));
  const measured = binCounts(histogram, bins).map((c, i) => c / Math.max(1, n) / width(bins[i]!));
  const cdf = integerCdf(dist);
  const expected = bins.map(([lo, hi]) => (cdf(hi) - cdf(lo - 1)) / width([lo, hi]));
  const labels = bins.map(binLabel);
  const checks: Check[] = [];
  if (what === "length" && "logNormal" in dist) {
    const positive = histogram.filter((h) => h[0] > 0);
    const m = sum(positive.map((h) => h[1]));
    const mu = sum(positive.map(([x, c]) => c * Math.log(x))) / m;
    const sigma = Math.sqrt(sum(positive.map(([x, c]) => c * (Math.log(x) - mu) ** 2)) / m);
    checks.push(
      check(`${at} length: log-normal mu`, dist.logNormal.mu, mu, TOLERANCE.mu),
      check(`${at} length: log-normal sigma`, dist.logNormal.sigma, sigma, TOLERANCE.sigma),
    );
  } else checks.push(...familyChecks(`${at} ${what}`, dist, binned(histogram)));
  const negative = sum(histogram.filter((h) => h[0] < 0).map((h) => h[1]));
  return {
    id: `shape-${what}-${slug(at)}`,
    title: `${at} ${what === "length" ? "length" : "values"}`,
    subtitle:
      what === "length"
        ? `Characters per value: share of ${n.toLocaleString("en-US")} non-null values per unit of ln(length), on log-spaced bins, against the spec`
        : `Share of ${n.toLocaleString("en-US")} non-null values per unit of ln(value), on log-spaced bins, against the spec`,
    x: { label: what === "length" ? "characters" : "value", categories: labels },
    y: { label: `share per unit of ln(${what === "length" ? "length" : "value"})` },
    series: [
      { name: "measured", style: "bars", tone: 0, data: labels.map((l, i) => [l, measured[i]!]) },
      { name: "spec", style: "line", tone: 1, data: labels.map((l, i) => [l, expected[i]!]) },
    ],
    checks,
    ...(negative > 0 ? { note: `${negative.toLocaleString("en-US")} negative values not drawn` } : {}),
  };
}

function categoryChart(
  at: string,
  field: FieldSpec,
  values: ReadonlyArray<readonly [string, number]>,
): Chart {
  const expected: Record<string, number> =
    "categorical" in field
      ? normalise(field.categorical)
      : "oneOf" in field
        ? normalise(Object.fromEntries(field.oneOf.map((v) => [String(v), 1])))
        : "bernoulli" in field
          ? { true: field.bernoulli, false: 1 - field.bernoulli }
          : {};
  const n = sum(values.map((v) => v[1]));
  const measured = Object.fromEntries(values.map(([k, c]) => [k, c / Math.max(1, n)]));
  const labels = [
    ...Object.keys(expected),
    ...Object.keys(measured)
      .filter((k) => !(k in expected))
      .sort(),
  ];
  const p = labels.map((l) => expected[l] ?? 0);
  const l1 = labels.reduce((s, l, i) => s + Math.abs((measured[l] ?? 0) - p[i]!), 0);
  // As verify: a boolean's bernoulli by its share of true, a mix by L1 against its weights.
  const mixCheck =
    "bernoulli" in field
      ? check(
          `${at}: bernoulli p (share true)`,
          field.bernoulli,
          measured.true ?? 0,
          round(sharesTolerance(field.bernoulli, n)),
        )
      : check(
          `${at}: categorical shares L1 vs weights`,
          0,
          l1,
          round(mixTolerance(Object.values(expected), n)),
        );
  return {
    id: `shape-mix-${slug(at)}`,
    title: `${at} mix`,
    subtitle: `Share of each value among ${n.toLocaleString("en-US")} non-null rows, against the spec's weights`,
    x: { label: "value", categories: labels },
    y: { label: "share of rows", format: "percent" },
    series: [
      { name: "measured", style: "bars", tone: 0, data: labels.map((l) => [l, measured[l] ?? 0]) },
      { name: "spec", style: "bars", tone: 1, data: labels.map((l, i) => [l, p[i]!]) },
    ],
    checks: [mixCheck],
  };
}

function timeCharts(
  at: string,
  spec: Spec,
  profileSpec: NonNullable<Spec["profiles"]>[string],
  after: boolean,
  values: ReadonlyArray<readonly [string, number]>,
): Chart[] {
  const hours = new Array<number>(24).fill(0);
  const days = new Array<number>(7).fill(0);
  for (const [k, c] of values) {
    const h = Number(k);
    hours[mod(h, 24)]! += c;
    // 1970-01-01 was a Thursday (weekday 4).
    days[mod(Math.floor(h / 24) + 4, 7)]! += c;
  }
  const n = sum(hours);
  const expected = new TimeProfile(
    Date.parse(spec.window.start),
    Date.parse(spec.window.end),
    profileSpec,
  ).histograms();
  const share = (xs: number[]) => xs.map((x) => x / Math.max(1, n));
  const l1 = (a: number[], b: number[]) => a.reduce((s, x, i) => s + Math.abs(x - (b[i] ?? 0)), 0);
  const hourShares = share(hours);
  const dayShares = share(days);
  const hourLabels = hours.map((_, i) => String(i).padStart(2, "0"));
  const hourChart: Chart = {
    id: `shape-hours-${slug(at)}`,
    title: `${at}: hour of day (UTC)`,
    subtitle: `Share of ${n.toLocaleString("en-US")} timestamps per hour, against the profile over the spec's window`,
    x: { label: "hour (UTC)", categories: hourLabels },
    y: { label: "share of rows", format: "percent" },
    series: [
      { name: "measured", style: "bars", tone: 0, data: hourLabels.map((l, i) => [l, hourShares[i]!]) },
      { name: "profile", style: "line", tone: 1, data: hourLabels.map((l, i) => [l, expected.hours[i]!]) },
    ],
    checks: [
      check(
        `${at}: hour-of-day histogram L1 vs profile`,
        0,
        l1(hourShares, expected.hours),
        round(Math.max(TOLERANCE.l1, samplingNoise(expected.hours, n))),
      ),
    ],
  };
  const dayChart: Chart = {
    id: `shape-weekdays-${slug(at)}`,
    title: `${at}: weekday (UTC)`,
    subtitle: `Share of timestamps per weekday, against the profile's weekday boost over the window`,
    x: { label: "weekday", categories: WEEKDAYS },
    y: { label: "share of rows", format: "percent" },
    series: [
      { name: "measured", style: "bars", tone: 0, data: WEEKDAYS.map((l, i) => [l, dayShares[i]!]) },
      { name: "profile", style: "line", tone: 1, data: WEEKDAYS.map((l, i) => [l, expected.weekdays[i]!]) },
    ],
    // As verify: a timestamp drawn after another one skews toward the window's end, so only
    // unconstrained timestamps are held to the weekday profile.
    checks: after
      ? []
      : [
          check(
            `${at}: weekday histogram L1 vs profile`,
            0,
            l1(dayShares, expected.weekdays),
            round(Math.max(TOLERANCE.l1, samplingNoise(expected.weekdays, n))),
          ),
        ],
    ...(after
      ? { note: "drawn after another timestamp: weekdays lean toward the window's end (not checked)" }
      : {}),
  };
  return [hourChart, dayChart];
}

/** Three times the L1 distance sampling alone gives a histogram of n draws: Σ √(2p(1−p)/πn). */
function samplingNoise(p: readonly number[], n: number): number {
  return 3 * p.reduce((s, x) => s + Math.sqrt((2 * x * (1 - x)) / (Math.PI * Math.max(1, n))), 0);
}

/** Points of the measured CCDF P(X ≥ x) on a log grid of x ≥ 1 (zeros cannot sit on a log axis). */
function ccdfPoints(histogram: Histogram, max: number): Array<[number, number | null]> {
  const sorted = [...histogram].sort((a, b) => a[0] - b[0]);
  const n = sum(sorted.map((h) => h[1]));
  const grid = logGrid(Math.max(1, ...sorted.map((h) => h[0])));
  const out: Array<[number, number | null]> = [];
  let i = 0;
  let below = 0;
  for (const x of grid) {
    if (x > max) break;
    while (i < sorted.length && sorted[i]![0] < x) below += sorted[i++]![1];
    const share = (n - below) / Math.max(1, n);
    if (share > 0) out.push([x, share]);
  }
  return out;
}

function ccdfLine(cdf: Cdf, max: number): Array<[number, number | null]> {
  return logGrid(max)
    .map((x): [number, number | null] => [x, 1 - cdf(x - 1)])
    .filter(([, y]) => y !== null && significant(y) > 0);
}

/** 1…10, then about 24 points per decade up to max. */
function logGrid(max: number): number[] {
  const out = new Set<number>();
  for (let x = 1; x <= Math.min(10, max); x++) out.add(x);
  for (let j = 24; 10 ** (j / 24) <= max; j++) out.add(Math.round(10 ** (j / 24)));
  out.add(Math.max(1, Math.round(max)));
  return [...out].sort((a, b) => a - b);
}

/** The largest value a distribution can take, when finite and small enough to draw. */
function finiteMax(dist: object, num: (v: number | string) => number): number {
  const d = resolveDist(dist, num);
  if ("fixed" in d) return d.fixed;
  if ("uniform" in d) return d.uniform.max;
  if ("powerLaw" in d) return d.powerLaw.max;
  if ("bernoulli" in d) return 1;
  if ("logNormal" in d)
    return Math.min(
      d.logNormal.max ?? Number.POSITIVE_INFINITY,
      Math.ceil(Math.exp(d.logNormal.mu + 4 * d.logNormal.sigma)),
    );
  return Math.min(d.exponential.max ?? Number.POSITIVE_INFINITY, Math.ceil(10 * d.exponential.mean));
}

function expand(histogram: Histogram): number[] {
  const out: number[] = [];
  for (const [value, count] of histogram) for (let i = 0; i < count; i++) out.push(value);
  return out;
}

function normalise(weights: Record<string, number>): Record<string, number> {
  const total = sum(Object.values(weights));
  return Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, w / Math.max(1e-12, total)]));
}

export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
