// The globalSetup file the plugin adds to Vitest's config: the plugin's options arrive through
// the provided context (`seedbandOptions`), set by the plugin's config hook.
import type { SeedbandContext, SeedbandPluginOptions } from "./options.js";
import { startSeedbandRun } from "./setup-run.js";

interface GlobalSetupProject {
  provide(key: "seedband", value: SeedbandContext): void;
  getProvidedContext(): { seedbandOptions?: SeedbandPluginOptions };
}

export default async function setup(project: GlobalSetupProject): Promise<() => Promise<void>> {
  const run = await startSeedbandRun(project, project.getProvidedContext().seedbandOptions ?? {});
  return run.teardown;
}
