// Global setup of the integration project: both servers the tests run against, and seedband's
// own Vitest run on the embedded one — the ci band's template built once, `seedBand()` in tests
// cloning it (src/vitest, the same setup the `seedband/vitest` plugin runs). The PostgreSQL
// server on 127.0.0.1:5432 must be up (a missing database fails the run, it does not skip); the
// embedded server is the project's own (.seedband/pg), started here if it is not running and
// stopped at the end only if we started it.
import type { TestProject } from "vitest/node";
import { removeOrphanedRamFolders, serverMajorVersion } from "./src/db/index.js";
import { startSeedbandRun } from "./src/vitest/index.js";

export const SYSTEM_URL = process.env.SEEDBAND_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    servers: Array<{ name: string; url: string; major: number }>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let systemMajor: number;
  try {
    systemMajor = await serverMajorVersion(SYSTEM_URL);
  } catch (error) {
    throw new Error(
      `The integration tests need the PostgreSQL server at ${SYSTEM_URL} (set SEEDBAND_TEST_PG_URL to use another): ${(error as Error).message}`,
    );
  }
  const run = await startSeedbandRun(project, { provider: "embedded", band: "ci" });
  const embeddedMajor = await run.server.majorVersion();
  project.provide("servers", [
    { name: `system PostgreSQL ${systemMajor}`, url: SYSTEM_URL, major: systemMajor },
    { name: `embedded PostgreSQL ${embeddedMajor}`, url: run.server.url, major: embeddedMajor },
  ]);
  return async () => {
    await run.teardown();
    // The in-memory tablespace folders of the temporary projects' embedded servers the tests
    // made and deleted (src/db/ram-tablespace.ts).
    removeOrphanedRamFolders();
  };
}
