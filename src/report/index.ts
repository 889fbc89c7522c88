// The report stage: the data-shape measurements (aggregate SQL), the sections' data, and the
// self-contained HTML page with server-rendered SVG charts.
export { buildReport, type ReportInputs } from "./build-report.js";
export { CHART_FONT, chartOption, PALETTE } from "./chart-option.js";
export { renderReport } from "./render-report.js";
export type { Chart, Check, ReportData, Series } from "./report-data.js";
export { type ShapeQuery, type ShapeResults, shapeQueries } from "./shape-queries.js";
export { type ShapeInfo, shapeSection } from "./shape-section.js";
