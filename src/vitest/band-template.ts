// A band's template on a server: prepare the band through the pipeline as `seedband seed` does
// (so the fingerprint is the CLI's), and seed it under the snapshot lock when no template of that
// fingerprint exists.

import { projectPaths } from "../config/index.js";
import type { RunOwner } from "../db/index.js";
import { prepareProjectBand, runSeed } from "../pipeline/index.js";
import { ensureTemplate, type TemplateSnapshot } from "../snapshot/index.js";

export interface BandTemplateRequest {
  serverUrl: string;
  kind: "url" | "embedded" | "testcontainers";
  root: string;
  band: string;
  seed: number;
  preset?: string;
  schema?: string;
  owner: RunOwner;
  onEvent?: (message: string) => void;
}

export async function bandTemplate(request: BandTemplateRequest): Promise<TemplateSnapshot> {
  const paths = projectPaths(request.root);
  const prepared = await prepareProjectBand(
    paths,
    {
      ...(request.preset ? { preset: request.preset } : {}),
      ...(request.schema ? { schema: request.schema } : {}),
    },
    request.band,
    request.seed,
  );
  return ensureTemplate({
    serverUrl: request.serverUrl,
    band: request.band,
    seed: request.seed,
    fingerprint: prepared.fingerprint,
    owner: request.owner,
    project: paths.projectId,
    ...(request.onEvent ? { onEvent: request.onEvent } : {}),
    build: async () => {
      request.onEvent?.(`seeding band ${request.band} (seed ${request.seed})`);
      const { record } = await runSeed(prepared, { kind: request.kind, url: request.serverUrl }, paths);
      return record.database.name;
    },
  });
}
