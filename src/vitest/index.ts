// `seedband/vitest`: the plugin, and the global setup for projects that write their own.
export type {
  BandRequest,
  SeedbandContext,
  SeedbandPluginOptions,
  TemplateInfo,
} from "./options.js";
export { type SeedbandVitestPlugin, seedband } from "./plugin.js";
export { useSeedbandContext } from "./seed-band.js";
export { type ProvidingProject, type SeedbandRun, startSeedbandRun } from "./setup-run.js";
