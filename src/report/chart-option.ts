// A chart of report-data.ts as an Apache ECharts option: axes (value, log or category), series
// as bars, lines or points in the page's palette, sizes from the data. Glue only: the drawing is
// ECharts'. No legend inside the SVG (the page prints it in HTML) and no axis in a series' colour,
// so the SVG's series elements and its lines in a palette colour are the data marks (what the
// browser test counts). Pure.
import type { EChartsOption } from "echarts";
import type { Axis, Chart, Series } from "./report-data.js";

/** Series colours by tone: measured, spec, third, "before", suppressed, and spares. */
export const PALETTE = [
  "#2563eb",
  "#ea580c",
  "#0d9488",
  "#94a3b8",
  "#dc2626",
  "#7c3aed",
  "#16a34a",
  "#ca8a04",
];

export const CHART_FONT = "sans-serif";
const INK = "#334155";
const GRID_LINE = "#e2e8f0";
// Axes in a grey of their own: no axis or grid line shares a colour with a series.
const AXIS_LINE = "#a1a9b6";
const WIDTH = 560;
const WIDE = 1140;

export interface SizedOption {
  option: EChartsOption;
  width: number;
  height: number;
}

export function chartOption(chart: Chart): SizedOption {
  const categories = chart.horizontal ? chart.y.categories : chart.x.categories;
  const longest = Math.max(0, ...(categories ?? []).map((c) => c.length));
  const width = chart.wide ? WIDE : WIDTH;
  const plotWidth = width - 80;
  const rotate = !chart.horizontal && categories && categories.length * longest * 7 > plotWidth ? 40 : 0;
  const left = chart.horizontal ? Math.min(300, 16 + longest * 6.6) : 64;
  const bottom = rotate ? 36 + Math.min(longest, 14) * 5 : 48;
  const barsPerCategory = Math.max(1, chart.series.filter((s) => s.style === "bars").length);
  const height = chart.horizontal
    ? Math.max(150, 70 + (categories?.length ?? 1) * (barsPerCategory * 12 + 10))
    : 300;
  const valueAxis = (axis: Axis) => ({
    type: axis.log ? ("log" as const) : ("value" as const),
    ...(axis.log ? { logBase: 10 } : {}),
    name: axis.label,
    nameLocation: "middle" as const,
    nameGap: chart.horizontal ? 30 : 46,
    nameTextStyle: { color: INK, fontSize: 11 },
    axisLine: { show: true, lineStyle: { color: AXIS_LINE } },
    axisLabel: { color: INK, fontSize: 10, formatter: (v: number) => tick(v, axis.format) },
    splitLine: { lineStyle: { color: GRID_LINE } },
  });
  const categoryAxis = (axis: Axis) => ({
    type: "category" as const,
    data: axis.categories ?? [],
    name: axis.label,
    nameLocation: "middle" as const,
    nameGap: rotate ? bottom - 12 : 30,
    nameTextStyle: { color: INK, fontSize: 11 },
    inverse: chart.horizontal === true,
    axisLine: { lineStyle: { color: AXIS_LINE } },
    axisTick: { alignWithLabel: true },
    axisLabel: { color: INK, fontSize: 10, rotate, hideOverlap: true },
  });
  const x = chart.x.categories ? categoryAxis(chart.x) : valueAxis(chart.x);
  const y = chart.y.categories ? categoryAxis(chart.y) : valueAxis(chart.y);
  const option: EChartsOption = {
    animation: false,
    backgroundColor: "transparent",
    textStyle: { fontFamily: CHART_FONT, color: INK },
    grid: { left, right: 20, top: 14, bottom },
    xAxis: x,
    yAxis: y,
    series: chart.series.map((s) => seriesOption(s, chart)),
  } as EChartsOption;
  return { option, width, height };
}

function seriesOption(s: Series, chart: Chart) {
  const color = PALETTE[s.tone % PALETTE.length]!;
  const categories = chart.horizontal ? chart.y.categories : chart.x.categories;
  // On a category axis ECharts takes the values in the categories' order.
  const data = categories
    ? categories.map((c) => s.data.find((d) => d[0] === c)?.[1] ?? null)
    : s.data.map(([px, py]) => [px, py]);
  const common = { name: s.name, data, itemStyle: { color }, emphasis: { disabled: true } };
  if (s.style === "bars") return { ...common, type: "bar" as const, barMaxWidth: 26, barGap: "12%" };
  if (s.style === "points") return { ...common, type: "scatter" as const, symbolSize: 6, z: 3 };
  return {
    ...common,
    type: "line" as const,
    showSymbol: categories !== undefined && categories.length <= 7,
    symbolSize: 5,
    step: s.style === "steps" ? ("end" as const) : undefined,
    lineStyle: { color, width: 2 },
    connectNulls: false,
    z: 4,
  };
}

/** Axis numbers: shares as percentages, large counts as 12k / 3.4M, small ones as 1e-4. */
export function tick(v: number, format: Axis["format"]): string {
  if (format === "percent") return `${Math.round(v * 1000) / 10}%`;
  if (format === "micros")
    return v >= 1e6 ? `${trim(v / 1e6)} s` : v >= 1e3 ? `${trim(v / 1e3)} ms` : `${trim(v)} µs`;
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e4) return `${trim(v / 1e3)}k`;
  if (a > 0 && a < 1e-3) return v.toExponential(0);
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}
