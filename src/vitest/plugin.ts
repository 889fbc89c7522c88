// `seedband/vitest`: the Vitest plugin. It adds seedband's global setup (server, templates,
// teardown) to the config and hands it the options through `provide`.
import { fileURLToPath } from "node:url";
import type { SeedbandPluginOptions } from "./options.js";

/** The part of a Vite plugin seedband uses. */
export interface SeedbandVitestPlugin {
  name: string;
  config(): { test: { globalSetup: string[]; provide: { seedbandOptions: SeedbandPluginOptions } } };
}

/**
 * @example
 * // vitest.config.ts
 * import { defineConfig } from "vitest/config";
 * import { seedband } from "seedband/vitest";
 * export default defineConfig({ plugins: [seedband({ band: "ci" })] });
 *
 * // a test
 * import { seedBand } from "seedband";
 * const db = await seedBand("ci"); // a fresh database cloned from the ci band's template
 */
export function seedband(options: SeedbandPluginOptions = {}): SeedbandVitestPlugin {
  // Beside this file: global-setup.ts when run from source, global-setup.js when built.
  const here = fileURLToPath(import.meta.url);
  const globalSetup = here.replace(/plugin\.(ts|js)$/, "global-setup.$1");
  return {
    name: "seedband",
    config: () => ({ test: { globalSetup: [globalSetup], provide: { seedbandOptions: options } } }),
  };
}
