// `seedband report` below its command line: from what the command gathered (the band's database
// and spec, the seed's run record, a metrics file, baseline folders) to the report's data, each
// section present when its inputs are. Only the data-shape section touches the database (its
// aggregate queries); everything else is computed from files already read.
import type { BaselineDocument } from "../explain/index.js";
import { APPROVAL_SUFFIX, type ApprovalState, type Metrics } from "../privacy/index.js";
import type { ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";
import { calibrationSection } from "./calibration-section.js";
import { measureShape } from "./measure-shape.js";
import { plansSection } from "./plans-section.js";
import { privacySection } from "./privacy-section.js";
import { preloadRenderer } from "./render-report.js";
import type { ApprovalView, ReportData } from "./report-data.js";
import { type RunView, runSection } from "./run-section.js";
import { shapeQueries } from "./shape-queries.js";
import { type ShapeInfo, shapeSection } from "./shape-section.js";

export interface ReportInputs {
  shape?: {
    url: string;
    graph: ModelGraph;
    spec: Spec;
    vars: Record<string, number>;
    info: ShapeInfo;
    /** Rows per table, to start the largest scans first. */
    rowsHint?: Record<string, number>;
  };
  run?: RunView;
  metrics?: {
    metrics: Metrics;
    /** The file as the user named it (relative to the project when inside it). */
    label: string;
    sha256: string;
    /** `pii check`'s first findings (paths and previews masked by the scanner)… */
    findings: ReadonlyArray<{ path: string; type: string; preview: string }>;
    /** …and how many it found in all. */
    findingCount: number;
    approval: ApprovalState;
    /** The template calibrate would use, and its label. */
    template: Spec;
    templateLabel: string;
  };
  plans?: {
    after: BaselineDocument[];
    before?: BaselineDocument[];
    labels: { after: string; before?: string };
  };
  /** Sections left out and why, e.g. "plans (no --baselines)". */
  omitted: string[];
}

export async function buildReport(inputs: ReportInputs): Promise<ReportData> {
  // ECharts loads while the database works.
  preloadRenderer();
  const omitted = [...inputs.omitted];
  const shape = inputs.shape
    ? shapeSection(
        inputs.shape.graph,
        inputs.shape.spec,
        inputs.shape.vars,
        await measureShape(
          inputs.shape.url,
          shapeQueries(inputs.shape.graph, inputs.shape.spec),
          inputs.shape.rowsHint,
        ),
        inputs.shape.info,
      )
    : undefined;
  const m = inputs.metrics;
  let calibration: ReportData["sections"]["calibration"];
  if (m && m.findingCount > 0)
    omitted.push("calibration (the metrics have pii check findings: calibrate refuses them)");
  else if (m)
    calibration = calibrationSection(m.metrics, m.template, { metrics: m.label, template: m.templateLabel });
  const privacy = m
    ? privacySection(m.metrics, m.findings, approvalView(m.approval, m.label), {
        label: m.label,
        sha256: m.sha256,
      })
    : undefined;
  const plans = inputs.plans
    ? plansSection(inputs.plans.after, inputs.plans.before, inputs.plans.labels)
    : undefined;
  const run = inputs.run ? runSection(inputs.run) : undefined;
  const checks = shape?.checks ?? [];
  const title = shape
    ? `Band ${shape.band} (seed ${shape.seed})`
    : m
      ? `Metrics ${m.label}`
      : `Plans ${inputs.plans?.labels.after ?? ""}`;
  return {
    format: "seedband-report",
    version: 1,
    title,
    sections: {
      ...(shape ? { shape } : {}),
      ...(calibration ? { calibration } : {}),
      ...(plans ? { plans } : {}),
      ...(privacy ? { privacy } : {}),
      ...(run ? { run } : {}),
    },
    summary: {
      checks: checks.length,
      failed: checks.filter((c) => !c.pass).length,
      findings: m?.findingCount ?? 0,
    },
    omitted,
  };
}

/** The approval as the page states it: dates as recorded, expiry not judged against the clock. */
function approvalView(state: ApprovalState, metricsLabel: string): ApprovalView {
  const record = `${metricsLabel}${APPROVAL_SUFFIX}`;
  if (state.status === "none") return { status: "none", record: metricsLabel };
  if (state.status === "invalid") return { status: "invalid", record, reason: state.reason };
  const base = {
    record,
    approvedBy: state.record.approvedBy,
    approvedAt: state.record.approvedAt,
    expiresAt: state.record.expiresAt,
    sha256: state.record.sha256,
  };
  return state.status === "changed" ? { status: "changed", ...base } : { status: "approved", ...base };
}
