// What `seed`, `generate` and `load` share: the project's inputs with seedband.config.ts applied
// for the band, the band planned (so bad input fails before any server is touched), the
// fingerprint, and a seed run that leaves a run record whatever happens.
import { applyConfig } from "../config/apply-config.js";
import type { ProjectPaths } from "../config/project.js";
import { seedbandVersion } from "../config/project.js";
import type { StartedServer } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { Overrides } from "../factories/user-generator.js";
import { BandGenerator } from "../generate/index.js";
import {
  emptyRecord,
  type RunRecord,
  type SeedOptions,
  seedDatabase,
  seedFingerprints,
} from "../load/index.js";
import type { Spec } from "../spec/index.js";
import { type ProjectInputs, readProjectInputs } from "./project-inputs.js";
import { writeRunRecord } from "./write-run-record.js";

export interface PreparedBand {
  inputs: ProjectInputs;
  band: string;
  seed: number;
  spec: Spec;
  overrides: Overrides;
  generator: BandGenerator;
  fingerprint: string;
}

export async function prepareBand(
  paths: ProjectPaths,
  options: { preset?: string; schema?: string; toMigration?: string },
  band: string,
  seed: number,
): Promise<PreparedBand> {
  const inputs = await readProjectInputs(paths, options);
  const configFile = inputs.config.file ?? "seedband.config.ts";
  const { spec, overrides } = applyConfig(inputs.spec, inputs.config.config, band, inputs.graph, configFile);
  const generator = new BandGenerator(inputs.graph, spec, band, seed, inputs.specFile, overrides);
  const fingerprint = seedFingerprints({
    spec,
    schemaFingerprint: inputs.schemaFingerprint,
    seedbandVersion: seedbandVersion(),
    configFingerprint: inputs.config.fingerprint,
  }).combined;
  return { inputs, band, seed, spec, overrides, generator, fingerprint };
}

type Extra = Omit<SeedOptions, keyof ReturnType<typeof commonOptions>>;

function commonOptions(prepared: PreparedBand, server: StartedServer, paths: ProjectPaths) {
  const { inputs } = prepared;
  return {
    serverUrl: server.url,
    provider: server.kind,
    graph: inputs.graph,
    generator: prepared.generator,
    migrations: inputs.migrations,
    schemaFiles: inputs.schemaFiles,
    schemaFingerprint: inputs.schemaFingerprint,
    spec: prepared.spec,
    configFingerprint: inputs.config.fingerprint,
    specFile: inputs.specFile,
    preset: inputs.preset,
    band: prepared.band,
    seed: prepared.seed,
    seedbandVersion: seedbandVersion(),
    ...(inputs.config.file ? { configRoot: paths.root } : {}),
  };
}

/** Runs the seed; a run that fails still leaves its run record (status failed, the error). */
export async function runSeed(
  prepared: PreparedBand,
  server: StartedServer,
  paths: ProjectPaths,
  extra: Extra,
): Promise<{ record: RunRecord; file: string }> {
  try {
    const record = await seedDatabase({ ...commonOptions(prepared, server, paths), ...extra });
    return { record, file: writeRunRecord(paths.runsDir, record, server.url) };
  } catch (error) {
    const record = emptyRecord("seed", prepared.band, prepared.seed);
    record.errors.push({
      code: error instanceof SeedbandError ? error.code : "ERROR",
      message: (error as Error).message,
    });
    record.finishedAt = new Date().toISOString();
    writeRunRecord(paths.runsDir, record, server.url);
    throw error;
  }
}
