// The privacy section: what a metrics.json holds, for the person asked to sign it off — per model
// the row count, the histograms' buckets and how many were suppressed (fewer than k entities),
// the tokens (HMAC of the heaviest parents' ids), the window, k and ε; the `pii check` findings
// as `pii check` reports them (masked previews; a key that is the finding masked in its path as
// `[<key 2: email>]`); and the approval record. Counts, never contents. Pure.
import { type FieldMetrics, type Metrics, type ModelMetrics, scanJson } from "../privacy/index.js";
import type { ApprovalView, Chart, PrivacyModel, PrivacySection } from "./report-data.js";
import { tidyChart } from "./tidy-chart.js";

type Bucket = number | null;

export function privacySection(
  metrics: Metrics,
  findings: ReadonlyArray<{ path: string; type: string; preview: string }>,
  approval: ApprovalView,
  file: { label: string; sha256: string },
): PrivacySection {
  const models: PrivacyModel[] = Object.entries(metrics.models)
    .map(([model, m], i) => [shownKey(model, i + 1), m] as const)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, m]) => {
      const buckets = modelBuckets(m);
      return {
        model,
        rows: m.rows,
        relations: Object.keys(m.fanOuts).length,
        fields: Object.keys(m.fields).length,
        buckets: buckets.length,
        suppressed: buckets.filter((b) => b === null).length,
        tokens: Object.values(m.fanOuts).reduce((s, f) => s + f.top.length, 0),
      };
    });
  const names = models.map((m) => m.model);
  const chart: Chart = {
    id: "privacy-buckets",
    title: "Buckets per model",
    subtitle: `Histogram buckets and counts in the metrics: shown, and suppressed for holding fewer than k = ${metrics.privacy.k} entities`,
    x: { label: "model", categories: names },
    y: { label: "buckets" },
    series: [
      { name: "shown", style: "bars", tone: 0, data: models.map((m) => [m.model, m.buckets - m.suppressed]) },
      { name: "suppressed (< k)", style: "bars", tone: 4, data: models.map((m) => [m.model, m.suppressed]) },
    ],
    checks: [],
  };
  return {
    metrics: file.label,
    sha256: file.sha256,
    window: metrics.window,
    privacy: { ...metrics.privacy },
    models,
    findings: findings.map((f) => ({ path: f.path, type: f.type, preview: f.preview })),
    approval,
    charts: [tidyChart(chart)],
  };
}

/**
 * A key of the metrics as the page may show it: itself, or — when `pii check` would flag it as a
 * value — `<key N: type>`, as the scanner names it in a finding's path (N: its place among its
 * object's keys, from 1).
 */
function shownKey(key: string, position: number): string {
  // An array element is scanned as a key is: by the profile's recognizers, not by its place.
  const found = scanJson([key], "", "metrics")[0];
  return found ? `<key ${position}: ${found.type}>` : key;
}

/** Every count the model's metrics publish (null: suppressed). */
function modelBuckets(m: ModelMetrics): Bucket[] {
  const out: Bucket[] = [];
  for (const fo of Object.values(m.fanOuts)) {
    out.push(...fo.bins.map((b) => b[2]));
    for (const cases of Object.values(fo.byParentField ?? {}))
      for (const c of Object.values(cases)) out.push(c.parents, ...c.bins.map((b) => b[2]));
  }
  for (const f of Object.values(m.fields)) out.push(...fieldBuckets(f));
  return out;
}

function fieldBuckets(f: FieldMetrics): Bucket[] {
  const common: Bucket[] = [f.nulls];
  switch (f.kind) {
    case "text":
      return [...common, ...f.lengthBins.map((b) => b[2]), ...optional(f.withSpace)];
    case "number":
      return [...common, ...f.bins.map((b) => b[2]), ...optional(f.fractional)];
    case "category":
      return [...common, ...Object.values(f.values)];
    case "boolean":
      return [...common, f.true, f.false];
    case "timestamp":
      return [
        ...common,
        ...f.hours,
        ...f.weekdays,
        ...(f.days?.counts ?? []),
        ...(f.interArrival?.bins.map((b) => b[2]) ?? []),
      ];
  }
}

/** A count newer metrics files publish (texts with a space, numbers with a fraction): absent in older ones. */
function optional(count: number | null | undefined): Bucket[] {
  return count === undefined ? [] : [count];
}
