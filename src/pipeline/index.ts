// The pipeline's face: one band, end to end, below every face (the CLI, the Vitest plugin).
export { DriftCache } from "./drift-cache.js";
export { type PreparedBand, prepareBand, runSeed } from "./prepared-band.js";
export { type ProjectInputs, readProjectInputs } from "./project-inputs.js";
export { emptyRecord, type RunRecord } from "./run-record.js";
export { writeRunRecord } from "./write-run-record.js";
