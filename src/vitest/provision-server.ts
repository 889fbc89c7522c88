// Which server a test run uses. `auto` tries, in order, a URL (the option, then DATABASE_URL),
// Docker through Testcontainers, then the embedded server; when none applies, one error says
// why each was skipped.
import { projectPaths } from "../config/index.js";
import { EmbeddedProvider, type StartedServer, UrlProvider } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { SeedbandPluginOptions } from "./options.js";

export interface ProvisionedServer {
  server: StartedServer;
  /** Stops what provisioning started (an embedded server that was not running, a container). */
  release(): Promise<void>;
  /** Why earlier strategies of `auto` did not apply (for the log). */
  skipped: string[];
}

export async function provisionServer(
  options: SeedbandPluginOptions,
  root: string,
): Promise<ProvisionedServer> {
  const provider = options.provider ?? "auto";
  const skipped: string[] = [];
  const url = options.databaseUrl ?? (process.env.DATABASE_URL || undefined);

  if (provider === "url" || (provider === "auto" && url)) {
    if (!url) {
      throw new SeedbandError(
        "BAD_INPUT",
        "seedband vitest plugin: provider `url` needs a server. Fix: pass `databaseUrl` to seedband({...}) or set DATABASE_URL.",
      );
    }
    const server = await new UrlProvider({ url }).start();
    return { server, release: async () => {}, skipped };
  }
  if (provider === "auto") skipped.push("url: neither the databaseUrl option nor DATABASE_URL is set");

  if (provider === "testcontainers" || provider === "auto") {
    const { dockerReachable, TestcontainersProvider } = await import("../db/index.js");
    const docker = await dockerReachable();
    if (docker.ok) {
      try {
        const started = await new TestcontainersProvider(
          options.image ? { image: options.image } : {},
        ).start();
        return { server: started, release: () => started.stop(), skipped };
      } catch (error) {
        // By name, the provider's failure is the run's; `auto` goes on to the embedded server
        // (an image that cannot be pulled where there is no registry, say) and says why.
        if (provider === "testcontainers") throw error;
        skipped.push(`testcontainers: Docker answers, but ${(error as Error).message.split("\n")[0]}`);
      }
    } else if (provider === "testcontainers") {
      throw new SeedbandError(
        "PROVISION_FAILED",
        `seedband vitest plugin: provider \`testcontainers\` needs Docker, which is not reachable (${docker.reason}). ` +
          "Fix: start Docker, or use provider `embedded` / `url`.",
      );
    } else skipped.push(`testcontainers: ${docker.reason}`);
  }

  const embedded = new EmbeddedProvider({ dataDir: projectPaths(root).embeddedDir });
  const wasRunning = (await embedded.status()).running;
  const server = await embedded.start();
  return {
    server,
    release: async () => {
      if (!wasRunning) await embedded.stop();
    },
    skipped,
  };
}
