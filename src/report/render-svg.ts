// An ECharts option as an SVG string, on the server, without a browser: ECharts' own server-side
// SVG renderer (`ssr: true`). zrender names the ids and CSS classes it writes from two counters
// global to the process (zr0-c0, zr1-cls-5, …), so the same chart would read differently
// depending on what was drawn before it: each SVG's names are renumbered in order of appearance
// under a prefix of its own, which makes the output a function of the option alone and keeps the
// names of several charts on one page apart.
import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import { GridComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { SizedOption } from "./chart-option.js";

use([BarChart, LineChart, ScatterChart, GridComponent, SVGRenderer]);

const ZRENDER_NAME = /zr\d+-(?:cls-\d+|ani-\d+|[cgps]\d+)/g;

/** `prefix` must be unique on the page (letters, digits and dashes). */
export function renderSvg({ option, width, height }: SizedOption, prefix: string): string {
  const chart = init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    const names = new Map<string, string>();
    return svg.replace(ZRENDER_NAME, (name) => {
      if (!names.has(name)) names.set(name, `${prefix}-${names.size}`);
      return names.get(name)!;
    });
  } finally {
    chart.dispose();
  }
}
