// The generation stage: band plans and COPY-ready rows, pure of I/O.
export { BandGenerator, type CopyChunk, type CopyFormat, type TableOutput } from "./band-generator.js";
export { escapeCopyText } from "./copy-encoder.js";
export { type BandPlan, bandVariables, normaliseTotal, type PlannedModel } from "./plan.js";
export { type PlanReport, planReport } from "./plan-report.js";
