// Jest's globalSetup module (`globalSetup: "seedband/jest/global-setup"`): starts seedband's run
// before the test workers start, with the options of jest.config's `globals.seedband` (the Vitest
// plugin's options). The project root defaults to the nearest package.json above Jest's rootDir.
import { findProjectRoot } from "../config/index.js";
import { type SeedbandOptions, startSeedband } from "../runner/index.js";

/** The part of Jest's project config seedband reads. */
interface JestProjectConfig {
  rootDir?: string;
  globals?: { seedband?: SeedbandOptions };
}

export default async function globalSetup(_global: unknown, project: JestProjectConfig = {}): Promise<void> {
  const options = project.globals?.seedband ?? {};
  const root = options.root ?? findProjectRoot(project.rootDir ?? process.cwd());
  await startSeedband({ ...options, root });
}
