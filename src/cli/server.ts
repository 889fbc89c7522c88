// Which server a command talks to: --database-url, else DATABASE_URL, else the embedded server
// under .seedband/pg (started on demand; it keeps running until `seedband db down`). The order
// goes to db/'s provider strategies; a URL given is the only one tried.

import type { ProjectPaths } from "../config/index.js";
import {
  EmbeddedProvider,
  embeddedStrategy,
  provision,
  type StartedServer,
  urlStrategy,
} from "../db/index.js";

export function configuredUrl(flags: Record<string, string | boolean | undefined>): string | undefined {
  const flag = flags["database-url"];
  if (typeof flag === "string" && flag.length > 0) return flag;
  const env = process.env.DATABASE_URL;
  return env && env.length > 0 ? env : undefined;
}

/** Why the command uses the server it uses, for its first line: which setting chose it. */
export function serverSource(flags: Record<string, string | boolean | undefined>): string {
  const flag = flags["database-url"];
  if (typeof flag === "string" && flag.length > 0) return "from --database-url";
  if (process.env.DATABASE_URL) return "from DATABASE_URL";
  return "neither --database-url nor DATABASE_URL is set";
}

export async function resolveServer(
  flags: Record<string, string | boolean | undefined>,
  paths: ProjectPaths,
): Promise<StartedServer> {
  const url = configuredUrl(flags);
  const strategy = url ? urlStrategy(url) : embeddedStrategy(paths.embeddedDir, { stopIfStarted: false });
  return (await provision([strategy])).server;
}

export function embedded(paths: ProjectPaths): EmbeddedProvider {
  return new EmbeddedProvider({ dataDir: paths.embeddedDir });
}
