// The config leaf's face: the project's paths, presets, and seedband.config.ts (loaded with
// jiti, then merged over the preset for a band).
export { applyConfig } from "./apply-config.js";
export {
  defineConfig,
  type GeneratorContext,
  type GeneratorFunction,
  type ModelConfig,
  type SeedbandConfig,
} from "./define-config.js";
export { CONFIG_FILES, type LoadedConfig, loadConfig } from "./load-config.js";
export { type LoadedSpec, loadSpec } from "./load-preset.js";
export { describeFailure, loadUserModule } from "./load-user-module.js";
export { PRISMA_CONFIG_FILES, type PrismaLocations, prismaLocations } from "./prisma-config.js";
export {
  findProjectRoot,
  PACKAGE_ROOT,
  type ProjectPaths,
  projectId,
  projectLabel,
  projectPaths,
  seedbandVersion,
} from "./project.js";
