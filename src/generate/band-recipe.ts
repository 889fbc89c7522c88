// A band's recipe: what it takes to plan the band anywhere, as plain data. The main thread plans
// from it, and a generator thread, which receives it by structured clone, plans through the same
// function, so both hold the same generator. seedband.config.ts is named, not sent: its functions
// cannot cross a thread, so a thread loads the file again and hands it here.
import { applyConfig, type SeedbandConfig } from "../config/index.js";
import type { Overrides } from "../factories/index.js";
import type { ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";
import { BandGenerator } from "./band-generator.js";

export interface BandRecipe {
  graph: ModelGraph;
  /** The preset's spec, before seedband.config.ts. */
  spec: Spec;
  specFile: string;
  band: string;
  seed: number;
  /** The project's seedband.config.ts, when it has one. */
  configFile?: string;
}

export interface PlannedBand {
  /** The spec as generated: the preset with seedband.config.ts merged over it. */
  spec: Spec;
  overrides: Overrides;
  generator: BandGenerator;
}

/**
 * Merges the config over the preset for the band and plans it: a bad spec, band or config fails
 * here, before any server is touched.
 */
export function planRecipe(recipe: BandRecipe, config: SeedbandConfig): PlannedBand {
  const { graph, band, seed, specFile } = recipe;
  const { spec, overrides } = applyConfig(
    recipe.spec,
    config,
    band,
    graph,
    recipe.configFile ?? "seedband.config.ts",
  );
  return { spec, overrides, generator: new BandGenerator({ graph, spec, band, seed, specFile, overrides }) };
}
