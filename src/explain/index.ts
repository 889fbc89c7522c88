// The explain stage: the query catalog, EXPLAIN capture, plan fingerprints, baseline files, the
// check against them as a runner-neutral verdict (checkBaselines: the CLI prints it, the Vitest
// matchers assert it) and the comparison of two captures.

export {
  type AnalyzeOptions,
  analyzeColumn,
  analyzeMcvList,
  type ColumnKind,
  type ColumnStats,
  varlenaSize,
} from "./analyze-column.js";
export {
  BASELINE_FORMAT,
  type BaselineCase,
  type BaselineDocument,
  baselineDocuments,
  baselineText,
  failedAssertions,
  readBaselines,
  resolveBaselineDir,
  type StatisticsLabel,
  unstableCases,
  writeBaselines,
} from "./baseline-file.js";
export {
  type CaptureOptions,
  type CaseCapture,
  captureCatalog,
  DEFAULT_RUNS,
  DEFAULT_WARMUP,
  explain,
  type Measurement,
  measure,
  PLANNER_SETTINGS,
  type PlanCase,
  planCases,
  type ServerFacts,
  serverFacts,
} from "./capture.js";
export { type BaselineCheck, type CheckBaselinesOptions, checkBaselines } from "./check-baselines.js";
export {
  type Comparison,
  type ComparisonRow,
  compareBaselines,
  comparisonTable,
} from "./compare-baselines.js";
export { loadCatalog } from "./load-catalog.js";
export { type AssertionResult, checkAssertions, describeAssertion } from "./plan-assertions.js";
export {
  type CaseStatus,
  type CaseVerdict,
  judgeCase,
  mismatchMessage,
  needsConfirmation,
  settingsDiff,
  versionMismatch,
} from "./plan-check.js";
export { type PlanShape, planShape, renderShape, shapeFingerprint, shapeNodes } from "./plan-shape.js";
export {
  arrayLiteral,
  type BandStatsFile,
  checkStatsFile,
  hasInjectedStats,
  type InjectedStats,
  injectStats,
  requireStatsInjection,
  restoreRealStats,
  STATS_FORMAT,
  STATS_INJECTION_MAJOR,
  STATS_METHOD,
  type TableStats,
} from "./planner-stats.js";
export {
  definePrismaQueries,
  type PrismaQuery,
  type PrismaQueryCatalog,
  type RecordedStatement,
  recordingAdapter,
  recordPrismaQuery,
} from "./prisma-queries.js";
export { type Assertion, type CatalogQuery, parseSqlQuery } from "./query-catalog.js";
export { treeDiff } from "./tree-diff.js";
