// Charts hold plotted numbers at four significant digits: plenty for a picture, and the same text
// on every platform, so the page and `--json` are byte-identical for the same inputs. Pure.
import type { Chart } from "./report-data.js";

export function tidyChart(chart: Chart): Chart {
  return {
    ...chart,
    series: chart.series.map((s) => ({
      ...s,
      data: s.data.map(([x, y]) => [
        typeof x === "number" ? significant(x) : x,
        y === null || !Number.isFinite(y) ? null : significant(y),
      ]),
    })),
  };
}

export function significant(x: number): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  return Number(x.toPrecision(4));
}
