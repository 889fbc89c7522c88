// The calibration section: what `seedband calibrate` would fit to the metrics (the same
// calibrateSpec, on the same template), drawn against the metrics it was fitted to. Fan-outs as
// CCDFs of the histogram's visible bins, lengths and sizes as shares per bin (both conditional
// on the visible bins, as the fits are), time profiles by hour and weekday; every fit with its
// goodness of fit. Suppressed bins (< k entities) are left out and said so. Pure.
import { calibrateSpec, FAMILIES, type Family } from "../calibrate/index.js";
import { resolveDist } from "../factories/index.js";
import type { FanOutMetrics, FieldMetrics, Metrics, MetricsBin } from "../privacy/index.js";
import { TimeProfile } from "../random/index.js";
import type { Spec } from "../spec/index.js";
import { type Cdf, integerCdf, mixtureCdf } from "./integer-cdf.js";
import { binLabel } from "./log-bins.js";
import type { CalibrationSection, Chart } from "./report-data.js";
import { slug, WEEKDAYS } from "./shape-section.js";
import { tidyChart } from "./tidy-chart.js";

const SMALL_FAN_OUT = 20;

type TimestampMetrics = Extract<FieldMetrics, { kind: "timestamp" }>;

export function calibrationSection(
  metrics: Metrics,
  template: Spec,
  labels: { metrics: string; template: string },
): CalibrationSection {
  const calibration = calibrateSpec(metrics, template);
  const vars = calibration.sampledBand;
  const num = (v: number | string) => (typeof v === "number" ? v : (vars[v.slice(1)] ?? Number.NaN));
  const spec = calibration.spec;
  const charts: Chart[] = [];
  for (const fit of calibration.fits) {
    const parts = fit.path.split(".");
    // $.models.<Model>.fanOut.<family> | $.models.<Model>.fanOut.cases.<value>.<family>
    if (parts[1] === "models" && parts[3] === "fanOut" && parts[4] !== "heavy") {
      const modelName = parts[2]!;
      const modelSpec = spec.models[modelName];
      const fo = modelSpec?.parent ? metrics.models[modelName]?.fanOuts[modelSpec.parent] : undefined;
      if (!modelSpec?.fanOut || !fo) continue;
      let bins: MetricsBin[] | undefined;
      let cdf: Cdf;
      let title = `${modelName}.${modelSpec.parent} fan-out`;
      if ("byParentField" in modelSpec.fanOut) {
        const value = parts[5]!;
        const dist = modelSpec.fanOut.cases[value];
        bins = fo.byParentField?.[modelSpec.fanOut.byParentField]?.[value]?.bins;
        if (!dist || !bins) continue;
        cdf = integerCdf(resolveDist(dist, num));
        title += ` (${modelSpec.fanOut.byParentField} = ${value})`;
      } else {
        bins = fo.bins;
        cdf = fanOutCdf(modelSpec.fanOut, num);
      }
      const id = `calibration-fanout-${slug(fit.path)}`;
      // A handful of counts (a fixed 2, 3–12 members, an attachment or none): shares per count.
      if (Math.max(...bins.map((b) => b[1])) <= SMALL_FAN_OUT)
        charts.push(binsChart(id, title, bins, cdf, fit, `children per ${fo.parentModel}`, false));
      else charts.push(ccdfChart(id, title, fo, bins, cdf, fit));
    } else if (parts[1] === "models" && parts[3] === "fields" && isSizeFit(parts)) {
      const [modelName, fieldName] = [parts[2]!, parts[4]!];
      const fm = metrics.models[modelName]?.fields[fieldName];
      const field = spec.models[modelName]?.fields?.[fieldName];
      if (!fm || !field) continue;
      const bins = fm.kind === "text" ? fm.lengthBins : fm.kind === "number" ? fm.bins : undefined;
      const dist = "text" in field ? field.text.length : "number" in field ? field.number : undefined;
      if (!bins || !dist) continue;
      charts.push(
        binsChart(
          `calibration-bins-${slug(fit.path)}`,
          `${modelName}.${fieldName} ${fm.kind === "text" ? "length" : "value"}`,
          bins,
          integerCdf(resolveDist(dist, num)),
          fit,
          fm.kind === "text" ? "characters" : "value",
          true,
        ),
      );
    } else if (parts[1] === "profiles" && spec.profiles?.[fit.path.slice("$.profiles.".length)]) {
      // A profile fitted to one timestamp (the template's), or pooled over several whose hours agree.
      const name = fit.path.slice("$.profiles.".length);
      const profile = spec.profiles[name]!;
      const pooled = pooledCounts(metrics, String(fit.params.from ?? ""));
      if (!pooled) continue;
      const fitted = new TimeProfile(
        Date.parse(metrics.window.start),
        Date.parse(metrics.window.end),
        profile,
      ).histograms();
      charts.push(
        sharesChart(
          `calibration-hours-${slug(fit.path)}`,
          `profile "${name}": hour of day (from ${fit.params.from})`,
          pooled.hours.map((_, i) => String(i).padStart(2, "0")),
          pooled.hours,
          fitted.hours,
          `hour-of-day L1 ${fit.statistic?.value ?? "?"}`,
        ),
        sharesChart(
          `calibration-weekdays-${slug(fit.path)}`,
          `profile "${name}": weekday (boost ${profile.weekdayBoost})`,
          WEEKDAYS,
          pooled.weekdays,
          fitted.weekdays,
          fit.note ?? "",
        ),
      );
    }
  }
  return {
    metrics: labels.metrics,
    template: labels.template,
    fits: calibration.fits.map((f) => ({ ...f })),
    kept: calibration.kept,
    charts: charts.map(tidyChart),
  };
}

/**
 * `$.models.M.fields.f.text.length.<family>` or `$.models.M.fields.f.number.<family>`: a text's
 * lengths or a number's values fitted by an integer family (the template's log-normal, or the
 * family chosen by AIC for a model the template does not name).
 */
function isSizeFit(parts: readonly string[]): boolean {
  const family = parts.at(-1) as Family;
  const at = parts.slice(5, -1).join(".");
  return (at === "text.length" || at === "number") && FAMILIES.includes(family);
}

/**
 * The hour and weekday counts of the timestamps a profile was fitted to (`from`: "Model.field",
 * or several joined by ", " when pooled), summed; a count suppressed in every one stays null.
 */
function pooledCounts(
  metrics: Metrics,
  from: string,
): { hours: Array<number | null>; weekdays: Array<number | null> } | undefined {
  const members = from
    .split(", ")
    .map((at) => {
      const dot = at.indexOf(".");
      return metrics.models[at.slice(0, dot)]?.fields[at.slice(dot + 1)];
    })
    .filter((fm): fm is TimestampMetrics => fm?.kind === "timestamp");
  if (members.length === 0) return undefined;
  const sum = (pick: (m: TimestampMetrics) => ReadonlyArray<number | null>) =>
    pick(members[0]!).map((_, i) => {
      const counts = members.map((m) => pick(m)[i] ?? null).filter((c) => c !== null);
      return counts.length === 0 ? null : counts.reduce((a, b) => a + b, 0);
    });
  return { hours: sum((m) => m.hours), weekdays: sum((m) => m.weekdays) };
}

function fanOutCdf(fanOut: object, num: (v: number | string) => number): Cdf {
  const { heavy, ...rest } = fanOut as {
    heavy?: { share: number | string; min: number | string; max: number | string };
  };
  const body = integerCdf(resolveDist(rest, num));
  if (!heavy || !(num(heavy.share) > 0)) return body;
  const share = num(heavy.share);
  return mixtureCdf([
    { share: 1 - share, cdf: body },
    { share, cdf: integerCdf({ uniform: { min: num(heavy.min), max: num(heavy.max) } }) },
  ]);
}

function ccdfChart(
  id: string,
  title: string,
  fo: FanOutMetrics,
  bins: readonly MetricsBin[],
  cdf: Cdf,
  fit: { distribution: string; statistic?: Statistic; n: number },
): Chart {
  const visible = bins
    .filter((b): b is [number, number, number] => b[2] !== null)
    .sort((a, b) => a[0] - b[0]);
  const suppressed = bins.length - visible.length;
  const total = visible.reduce((s, b) => s + b[2], 0);
  let above = total;
  const measured: Array<[number, number | null]> = [];
  for (const [lo, , count] of visible) {
    if (lo >= 1 && above > 0) measured.push([lo, above / total]);
    above -= count;
  }
  // Conditional on the visible bins, like the measured points: P(X ≥ x) over their mass, at the
  // same x (the visible bins' lower edges).
  const visibleMass = visible.reduce((s, [lo, hi]) => s + cdf(hi) - cdf(lo - 1), 0) || 1;
  const massAbove = (x: number) =>
    visible.reduce((s, [lo, hi]) => s + (hi < x ? 0 : cdf(hi) - cdf(Math.max(lo, x) - 1)), 0);
  const fitted = measured.map(([x]): [number, number | null] => [x, massAbove(x) / visibleMass]);
  return {
    id,
    title,
    subtitle: `${fit.distribution}; ${fo.parents.toLocaleString("en-US")} parents sampled`,
    x: { label: `children per ${fo.parentModel}`, log: true },
    y: { label: "P(children ≥ x)", log: true },
    series: [
      { name: "metrics", style: "points", tone: 0, data: measured },
      { name: "fitted", style: "line", tone: 1, data: fitted },
    ],
    checks: [],
    note: fitNote(fit, suppressed),
  };
}

function binsChart(
  id: string,
  title: string,
  bins: readonly MetricsBin[],
  cdf: Cdf,
  fit: { distribution: string; statistic?: Statistic; n: number },
  xLabel: string,
  perLogWidth: boolean,
): Chart {
  const sorted = [...bins].sort((a, b) => a[0] - b[0]);
  const visible = sorted.filter((b) => b[2] !== null);
  const total = visible.reduce((s, b) => s + (b[2] ?? 0), 0) || 1;
  const mass = (b: MetricsBin) => cdf(b[1]) - cdf(b[0] - 1);
  const visibleMass = visible.reduce((s, b) => s + mass(b), 0) || 1;
  // The sampler's bins are exact for small values and wider further out: divided by their width
  // on a log scale, their heights compare (a log-normal draws as a bell), however wide each is.
  const width = (b: MetricsBin) => (perLogWidth ? Math.log((b[1] + 1) / Math.max(0.5, b[0])) : 1);
  const labels = sorted.map((b) => binLabel([b[0], b[1]]));
  const value = (b: MetricsBin, share: number): number | null => (b[2] === null ? null : share / width(b));
  return {
    id,
    title,
    subtitle: `${fit.distribution}; ${perLogWidth ? "share of the visible bins per unit of ln x" : "shares of the visible bins"}`,
    x: { label: xLabel, categories: labels },
    y: perLogWidth ? { label: "share per unit of ln x" } : { label: "share", format: "percent" },
    series: [
      {
        name: "metrics",
        style: "bars",
        tone: 0,
        data: sorted.map((b, i) => [labels[i]!, value(b, (b[2] ?? 0) / total)]),
      },
      {
        name: "fitted",
        // Counts side by side (a handful of bars); a density as the curve it is.
        style: perLogWidth ? "line" : "bars",
        tone: 1,
        data: sorted.map((b, i) => [labels[i]!, value(b, mass(b) / visibleMass)]),
      },
    ],
    checks: [],
    note: fitNote(fit, bins.length - visible.length),
  };
}

function sharesChart(
  id: string,
  title: string,
  labels: string[],
  counts: ReadonlyArray<number | null>,
  fitted: readonly number[],
  note: string,
): Chart {
  const total = counts.reduce<number>((s, c) => s + (c ?? 0), 0) || 1;
  return {
    id,
    title,
    subtitle: "Shares in the metrics against the fitted profile over the sampling window",
    x: { label: "", categories: labels },
    y: { label: "share", format: "percent" },
    series: [
      {
        name: "metrics",
        style: "bars",
        tone: 0,
        data: labels.map((l, i) => [l, counts[i] === null ? null : counts[i]! / total]),
      },
      { name: "fitted", style: "line", tone: 1, data: labels.map((l, i) => [l, fitted[i] ?? 0]) },
    ],
    checks: [],
    note,
  };
}

type Statistic = { name: string; value: number; critical?: number };

function fitNote(fit: { statistic?: Statistic; n: number }, suppressed: number): string {
  const stat = fit.statistic
    ? `${fit.statistic.name.toUpperCase()} ${fit.statistic.value}${fit.statistic.critical !== undefined ? ` (5% critical ${fit.statistic.critical})` : ""}, `
    : "";
  return `${stat}n = ${fit.n.toLocaleString("en-US")}${suppressed ? `; ${suppressed} suppressed bin(s) left out` : ""}`;
}
