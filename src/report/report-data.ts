// What `seedband report` draws, as data: the page is rendered from this and `--json` prints it.
// Every chart is a small description (axes, series of points) that the renderer turns into an
// ECharts option and then into SVG; nothing here depends on the charting library.
import type { Fit } from "../calibrate/index.js";

/** One measured statistic against what the spec (or profile) expects, with the tolerance used. */
export interface Check {
  check: string;
  expected: number;
  measured: number;
  /** |measured − expected| ≤ tolerance passes. */
  tolerance: number;
  pass: boolean;
  detail?: string;
}

export type SeriesStyle = "bars" | "line" | "points" | "steps";

export interface Series {
  name: string;
  style: SeriesStyle;
  /** Colour: an index into the page's palette (a measured series and its spec share one). */
  tone: number;
  /** [x, y]: x is a number on a value axis, a category label on a category axis; y null = no value. */
  data: Array<[number | string, number | null]>;
}

export interface Axis {
  label: string;
  log?: boolean;
  /** A category axis: its labels in order (series then give their x as these labels). */
  categories?: string[];
  /** How values are printed on the axis: a share as a percentage, microseconds as µs/ms/s, or plain numbers. */
  format?: "percent" | "micros" | "number";
}

export interface Chart {
  /** Unique on the page, e.g. `shape-fanout-Message-conversation`. */
  id: string;
  title: string;
  /** One line under the title: what is drawn against what. */
  subtitle?: string;
  x: Axis;
  y: Axis;
  /** Horizontal bars: categories on the vertical axis (long labels such as query names). */
  horizontal?: boolean;
  /** Spans the page's width (drawn twice as wide, not scaled up). */
  wide?: boolean;
  series: Series[];
  /** The checks this chart illustrates (shown beside it with pass/fail). */
  checks: Check[];
  /** Something the reader should know, e.g. suppressed buckets left out. */
  note?: string;
}

export interface ShapeSection {
  band: string;
  seed: number;
  database: string;
  fingerprint: string;
  /** The spec the data is measured against: a preset name or a path relative to the project. */
  spec: string;
  rows: Record<string, number>;
  charts: Chart[];
  checks: Check[];
  /** What the section leaves to `seedband verify --distributions` and why. */
  notes: string[];
}

export interface CalibrationSection {
  metrics: string;
  template: string;
  /** calibrate's fits, as `seedband calibrate --json` prints them. */
  fits: Fit[];
  kept: string[];
  charts: Chart[];
}

export interface PlanRow {
  query: string;
  key: string;
  before?: { medianMs: number; buffers: number; fingerprint: string };
  after?: { medianMs: number; buffers: number; fingerprint: string };
  planChanged: boolean | null;
  timeReductionPct: number | null;
  bufferReductionPct: number | null;
}

export interface PlanDiff {
  query: string;
  key: string;
  changed: boolean;
  /** The indented plan tree: "  " kept, "- " before only, "+ " after only. */
  lines: string[];
}

export interface PlansSection {
  before?: string;
  after: string;
  band: string;
  rows: PlanRow[];
  diffs: PlanDiff[];
  charts: Chart[];
  notes: string[];
}

export interface ApprovalView {
  /** approved: the record matches the file's bytes; changed: it does not; none: no record. */
  status: "approved" | "changed" | "none" | "invalid";
  record?: string;
  approvedBy?: string;
  approvedAt?: string;
  expiresAt?: string;
  sha256?: string;
  reason?: string;
}

export interface PrivacyModel {
  model: string;
  rows: number;
  relations: number;
  fields: number;
  buckets: number;
  suppressed: number;
  tokens: number;
}

export interface PrivacySection {
  metrics: string;
  sha256: string;
  window: { start: string; end: string; days: number };
  privacy: {
    k: number;
    epsilon: number | null;
    noise: string;
    laplaceScale: number | null;
    tokens: string;
    suppressedBuckets: number;
  };
  models: PrivacyModel[];
  /** `pii check` on the metrics file (profile metrics): masked previews only, never a value. */
  findings: Array<{ path: string; type: string; preview: string }>;
  approval: ApprovalView;
  charts: Chart[];
}

export interface RunSection {
  command: string;
  status: string;
  band: string;
  seed: number;
  startedAt: string;
  finishedAt?: string;
  seedbandVersion?: string;
  serverVersion?: number;
  provider?: string;
  threads?: number;
  reused?: boolean;
  durations: Record<string, number>;
  tables: Record<string, number>;
  charts: Chart[];
}

export interface ReportData {
  format: "seedband-report";
  version: 1;
  title: string;
  sections: {
    shape?: ShapeSection;
    calibration?: CalibrationSection;
    plans?: PlansSection;
    privacy?: PrivacySection;
    run?: RunSection;
  };
  /** Checks of every section: a failed one makes `seedband report` exit 1 (the page is written). */
  summary: { checks: number; failed: number; findings: number };
  /** Why a section is missing, e.g. "calibration: no --metrics". */
  omitted: string[];
}
