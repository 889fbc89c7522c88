// `seedband/vitest`: the Vitest plugin. It adds seedband's global setup (server, templates,
// teardown) to the config and hands it the options through `provide`.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findProjectRoot } from "../config/index.js";
import type { SeedbandPluginOptions } from "./options.js";

/** The part of a Vite plugin seedband uses. */
export interface SeedbandVitestPlugin {
  name: string;
  config(config: { root?: string }): {
    test: {
      globalSetup: string[];
      setupFiles: string[];
      provide: { seedbandOptions: SeedbandPluginOptions };
    };
  };
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
  // And per test file: the plan matchers (toUseIndex, toMatchPlanBaseline, …) on expect.
  const matchers = here.replace(/plugin\.(ts|js)$/, "plan-matchers-setup.$1");
  return {
    name: "seedband",
    config: (config) => {
      // The project root: the option, else the nearest package.json above Vitest's root.
      const root = options.root ?? findProjectRoot(resolve(config.root ?? process.cwd()));
      return {
        test: {
          globalSetup: [globalSetup],
          setupFiles: [matchers],
          provide: { seedbandOptions: { ...options, root } },
        },
      };
    },
  };
}
