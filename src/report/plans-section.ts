// The plans section: `seedband baseline compare` as pictures — median execution time and shared
// buffers per query case before and after (log scales: an index turns 500 ms into 0.02 ms), and
// the plan tree diff of every case whose plan changed. With one baseline folder only, its times,
// buffers and plans. Pure.
import { type BaselineDocument, compareBaselines, treeDiff } from "../explain/index.js";
import type { Chart, PlanDiff, PlansSection, Series } from "./report-data.js";
import { tidyChart } from "./tidy-chart.js";

export function plansSection(
  after: BaselineDocument[],
  before: BaselineDocument[] | undefined,
  labels: { after: string; before?: string },
): PlansSection {
  const comparison = compareBaselines(before ?? after, after);
  const rows = comparison.rows.map((r) => ({
    query: r.query,
    key: r.key,
    ...(before && r.before ? { before: side(r.before) } : {}),
    ...(r.after ? { after: side(r.after) } : {}),
    planChanged: before ? r.planChanged : null,
    timeReductionPct: before ? r.timeReductionPct : null,
    bufferReductionPct: before ? r.bufferReductionPct : null,
  }));
  const diffs: PlanDiff[] = comparison.rows.flatMap((r): PlanDiff[] => {
    if (before && r.before && r.after)
      return [
        {
          query: r.query,
          key: r.key,
          changed: r.planChanged === true,
          lines: r.planChanged ? treeDiff(r.before.plan, r.after.plan) : r.after.plan.map((l) => `  ${l}`),
        },
      ];
    const only = r.after ?? r.before;
    return only
      ? [{ query: r.query, key: r.key, changed: false, lines: only.plan.map((l) => `  ${l}`) }]
      : [];
  });
  const categories = rows.map((r) => `${r.query} [${r.key}]`);
  const bars = (pick: (s: { medianMs: number; buffers: number }) => number): Series[] => {
    const value = (s?: { medianMs: number; buffers: number }) => (s && pick(s) > 0 ? pick(s) : null);
    const afterSeries: Series = {
      name: before ? "after" : "baseline",
      style: "bars",
      tone: 0,
      data: rows.map((r, i) => [categories[i]!, value(r.after)]),
    };
    if (!before) return [afterSeries];
    return [
      { name: "before", style: "bars", tone: 3, data: rows.map((r, i) => [categories[i]!, value(r.before)]) },
      afterSeries,
    ];
  };
  const chart = (id: string, title: string, axis: string, series: Series[], format?: "micros"): Chart => ({
    id,
    title,
    subtitle: before
      ? `${labels.before} (before) against ${labels.after} (after), per query case; log scale`
      : `${labels.after}, per query case; log scale`,
    x: { label: axis, log: true, ...(format ? { format } : {}) },
    y: { label: "", categories },
    horizontal: true,
    wide: true,
    series,
    checks: [],
  });
  return {
    ...(labels.before ? { before: labels.before } : {}),
    after: labels.after,
    band: [...new Set(after.map((d) => d.band))].join(", "),
    rows,
    diffs,
    charts: [
      // In microseconds: ECharts draws a bar on a log axis from 1, and EXPLAIN's times are ≥ 1 µs.
      chart(
        "plans-time",
        "Median execution time",
        "EXPLAIN ANALYZE execution time, median of the runs",
        bars((s) => Math.round(s.medianMs * 1000)),
        "micros",
      ),
      chart(
        "plans-buffers",
        "Shared buffers",
        "shared buffers hit + read per execution",
        bars((s) => s.buffers),
      ),
    ].map(tidyChart),
    notes: before ? comparison.notes : [],
  };
}

function side(s: { medianMs: number; buffers: number; fingerprint: string }) {
  return { medianMs: s.medianMs, buffers: s.buffers, fingerprint: s.fingerprint };
}
