// A prepared band: the project's inputs, the band planned from its recipe (so bad input fails
// before any server is touched) and its fingerprint, computed once here. Everything below takes
// it as it is: the seed (seedDatabase), generated files, snapshots, the Vitest plugin.
import { applyConfig, type ProjectPaths, seedbandVersion } from "../config/index.js";
import type { Overrides } from "../factories/index.js";
import {
  type BandFingerprints,
  type BandGenerator,
  type BandRecipe,
  bandFingerprints,
  planRecipe,
} from "../generate/index.js";
import type { Spec } from "../spec/index.js";
import { type ProjectInputs, type ProjectOptions, readProjectInputs } from "./project-inputs.js";

export interface PreparedBand {
  inputs: ProjectInputs;
  band: string;
  seed: number;
  /** What a generator thread plans the same band from. */
  recipe: BandRecipe;
  /** The spec as generated: the preset with seedband.config.ts merged over it. */
  spec: Spec;
  overrides: Overrides;
  generator: BandGenerator;
  fingerprints: BandFingerprints;
  /** The combined fingerprint (`fingerprints.combined`): the key of databases, snapshots and files. */
  fingerprint: string;
  seedbandVersion: string;
}

/** Plans `band` with `seed` from inputs already read (tests give their own spec here). */
export function prepareBand(
  inputs: ProjectInputs,
  band: string,
  seed: number,
  version: string = seedbandVersion(),
): PreparedBand {
  const recipe: BandRecipe = {
    graph: inputs.graph,
    spec: inputs.spec,
    // Planning messages name the file the user can edit, never a preset inside the package.
    specFile: inputs.fixFile ?? inputs.specFile,
    band,
    seed,
    ...(inputs.config.file ? { configFile: inputs.config.file } : {}),
  };
  const { spec, overrides, generator } = planRecipe(recipe, inputs.config.config);
  // seedband.config.ts's functions run on a sample of rows now, on a generator of their own.
  if (Object.keys(overrides.functions).length + Object.keys(overrides.traits).length > 0)
    planRecipe(recipe, inputs.config.config).generator.sampleUserRows();
  const fingerprints = bandFingerprints({
    spec,
    schemaFingerprint: inputs.schemaFingerprint,
    seedbandVersion: version,
    configFingerprint: inputs.config.fingerprint,
  });
  return {
    inputs,
    band,
    seed,
    recipe,
    spec,
    overrides,
    generator,
    fingerprints,
    fingerprint: fingerprints.combined,
    seedbandVersion: version,
  };
}

/**
 * The band's combined fingerprint without planning it (planning perf takes seconds): the config
 * merged over the preset, as prepareBand does, then the same fingerprint.
 */
export function bandFingerprintOf(
  inputs: ProjectInputs,
  band: string,
  version: string = seedbandVersion(),
): string {
  const { spec } = applyConfig(
    inputs.spec,
    inputs.config.config,
    band,
    inputs.graph,
    inputs.config.file ?? "seedband.config.ts",
  );
  return bandFingerprints({
    spec,
    schemaFingerprint: inputs.schemaFingerprint,
    seedbandVersion: version,
    configFingerprint: inputs.config.fingerprint,
  }).combined;
}

/** Reads the project's inputs (schema, migrations, preset, seedband.config.ts) and prepares the band. */
export async function prepareProjectBand(
  paths: ProjectPaths,
  options: ProjectOptions,
  band: string,
  seed: number,
): Promise<PreparedBand> {
  return prepareBand(await readProjectInputs(paths, options), band, seed);
}
