// The page renderer, loaded on first use: it brings Apache ECharts (about 0.4 s to import on the
// 2-core machine), so the report starts loading it while its aggregate queries run, and no other
// command pays for it.
import type { ReportData } from "./report-data.js";

let loading: Promise<typeof import("./render-html.js")> | undefined;

/** Starts loading the renderer (again a no-op once started); a failure surfaces in `renderReport`. */
export function preloadRenderer(): void {
  loading ??= import("./render-html.js");
  loading.catch(() => {});
}

/** The report's page: `renderHtml` of render-html.ts, loaded lazily. */
export async function renderReport(data: ReportData): Promise<string> {
  preloadRenderer();
  return (await loading!).renderHtml(data);
}
