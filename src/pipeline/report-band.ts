// `seedband report`'s band below the face: the latest complete database of the band (of a seed,
// when given), the run record its seed stored there, and the spec its data should follow — the
// seed's preset (or the spec the user names) with seedband.config.ts over it, as the seed used.
// What the report's data-shape and run sections are drawn from; it reads, and writes nothing.
import { applyConfig, type ProjectPaths, projectLabel } from "../config/index.js";
import { databaseUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { readStoredRecord } from "../load/index.js";
import type { ReportInputs } from "../report/index.js";
import type { Spec } from "../spec/index.js";
import { latestSeeded } from "./latest-seeded.js";
import { readProjectInputs } from "./project-inputs.js";
import type { RunRecord } from "./run-record.js";

export interface ReportBandOptions {
  band?: string | undefined;
  seed?: number | undefined;
  /** A preset name or spec file to measure the data against instead of the seed's preset. */
  spec?: string | undefined;
}

export interface ReportBand {
  shape: NonNullable<ReportInputs["shape"]>;
  run: RunRecord;
  /** The spec the data is measured against, and how the page names it. */
  spec: Spec;
  specLabel: string;
}

export async function reportBand(
  paths: ProjectPaths,
  serverUrl: string,
  options: ReportBandOptions = {},
): Promise<ReportBand> {
  const target = await latestSeeded(serverUrl, options);
  const url = databaseUrl(serverUrl, target.name);
  const stored = await readStoredRecord<RunRecord>(url);
  if (!stored)
    throw new SeedbandError(
      "NOT_FOUND",
      `${target.name} is marked complete but holds no run record (_seedband.run). Seed it again with \`seedband seed ${target.band ?? "<band>"} --fresh\`.`,
    );
  const project = await readProjectInputs(paths, { preset: options.spec ?? stored.preset ?? "chat" });
  const configFile = project.config.file ?? "seedband.config.ts";
  const { spec } = applyConfig(project.spec, project.config.config, stored.band, project.graph, configFile);
  const specLabel = options.spec ? projectLabel(project.specFile, paths.root) : project.preset;
  return {
    shape: {
      url,
      graph: project.graph,
      spec,
      vars: spec.bands[stored.band] ?? {},
      info: {
        band: stored.band,
        seed: stored.seed,
        database: target.name,
        fingerprint: stored.fingerprint,
        spec: specLabel,
      },
      rowsHint: Object.fromEntries(Object.entries(stored.tables).map(([t, x]) => [t, x.rows])),
    },
    run: stored,
    spec,
    specLabel,
  };
}
