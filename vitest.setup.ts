// Global setup of the integration project: both servers the tests run against. The PostgreSQL
// server on 127.0.0.1:5432 must be up (a missing database fails the run, it does not skip); the
// embedded server is the project's own (.seedband/pg), started here if it is not running and
// stopped at the end only if we started it.
import type { TestProject } from "vitest/node";
import { projectPaths } from "./src/config/project.js";
import { EmbeddedProvider, serverMajorVersion } from "./src/db/index.js";

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
  const provider = new EmbeddedProvider({ dataDir: projectPaths().embeddedDir });
  const wasRunning = (await provider.status()).running;
  const embedded = await provider.start();
  project.provide("servers", [
    { name: `system PostgreSQL ${systemMajor}`, url: SYSTEM_URL, major: systemMajor },
    {
      name: `embedded PostgreSQL ${await embedded.majorVersion()}`,
      url: embedded.url,
      major: await embedded.majorVersion(),
    },
  ]);
  return async () => {
    if (!wasRunning) await provider.stop();
  };
}
