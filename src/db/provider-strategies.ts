// Where PostgreSQL comes from, as strategies tried in an order the face gives (testcontainers'
// container-runtime client strategies): each says why it cannot run here, or starts; the first
// that can, wins. A provider named on its own fails as itself; in a list, one that cannot run or
// fails to start is skipped with its reason, and when none starts, one error lists them all.
import { SeedbandError } from "../errors.js";
import { EmbeddedProvider } from "./embedded-provider.js";
import type { StartedServer } from "./started-server.js";
import {
  dockerReachable,
  type TestcontainersConfig,
  TestcontainersProvider,
} from "./testcontainers-provider.js";
import { UrlProvider } from "./url-provider.js";

export interface Provisioned {
  server: StartedServer;
  /** Stops what provisioning started (a container, an embedded server that was not running). */
  release(): Promise<void>;
}

export interface ProviderStrategy {
  readonly name: StartedServer["kind"];
  /** Why it cannot run here; undefined when it can start. */
  unavailable(): Promise<string | undefined>;
  start(): Promise<Provisioned>;
  /** The error when it is the only provider asked for and cannot run. */
  refusal(reason: string): SeedbandError;
}

export interface ProvisionResult extends Provisioned {
  /** Why earlier strategies did not apply, `name: reason` each (for the log). */
  skipped: string[];
}

/**
 * A server the user named, never started or stopped by seedband (unreachable: UNREACHABLE, exit
 * 2). `missing` says, in the face's own words, why none is given and how to give one.
 */
export function urlStrategy(
  url: string | undefined,
  missing = { reason: "no server URL is given", refusal: "No server URL is given. Fix: set DATABASE_URL." },
): ProviderStrategy {
  return {
    name: "url",
    unavailable: async () => (url ? undefined : missing.reason),
    start: async () => ({ server: await new UrlProvider({ url: url! }).start(), release: async () => {} }),
    refusal: () => new SeedbandError("BAD_INPUT", missing.refusal),
  };
}

/** A container of `config.image` through Testcontainers, stopped at release; needs Docker. */
export function testcontainersStrategy(config: TestcontainersConfig, who: string): ProviderStrategy {
  return {
    name: "testcontainers",
    unavailable: async () => {
      const docker = await dockerReachable();
      return docker.ok ? undefined : docker.reason;
    },
    start: async () => {
      const server = await new TestcontainersProvider(config).start();
      return { server, release: () => server.stop() };
    },
    refusal: (reason) =>
      new SeedbandError(
        "PROVISION_FAILED",
        `${who}: provider \`testcontainers\` needs Docker, which is not reachable (${reason}). ` +
          "Fix: start Docker, or use provider `embedded` / `url`.",
      ),
  };
}

/**
 * The project's embedded server under `dataDir`, started on demand. With `stopIfStarted`,
 * release stops it when this provisioning started it (the CLI leaves it up until `db down`).
 */
export function embeddedStrategy(dataDir: string, options: { stopIfStarted: boolean }): ProviderStrategy {
  const embedded = new EmbeddedProvider({ dataDir });
  return {
    name: "embedded",
    unavailable: async () => undefined,
    start: async () => {
      const wasRunning = (await embedded.status()).running;
      const server = await embedded.start();
      const stop = options.stopIfStarted && !wasRunning;
      return { server, release: async () => (stop ? embedded.stop() : undefined) };
    },
    refusal: (reason) => new SeedbandError("PROVISION_FAILED", `The embedded server cannot run: ${reason}.`),
  };
}

export async function provision(order: ProviderStrategy[]): Promise<ProvisionResult> {
  const skipped: string[] = [];
  for (const strategy of order) {
    const reason = await strategy.unavailable();
    if (reason !== undefined) {
      if (order.length === 1) throw strategy.refusal(reason);
      skipped.push(`${strategy.name}: ${reason}`);
      continue;
    }
    try {
      return { ...(await strategy.start()), skipped };
    } catch (error) {
      if (order.length === 1) throw error;
      // An image that cannot be pulled where there is no registry, say: the next one is tried.
      const why = (error as Error).message.split("\n")[0];
      skipped.push(
        `${strategy.name}: ${strategy.name === "testcontainers" ? `Docker answers, but ${why}` : why}`,
      );
    }
  }
  throw new SeedbandError(
    "PROVISION_FAILED",
    `No PostgreSQL server could be provided; tried ${order.map((s) => s.name).join(", ")}: ${skipped.join("; ")}. ` +
      "Fix: give a server (DATABASE_URL or the databaseUrl option), start Docker, or make the embedded server start (`seedband db up` says why it does not).",
  );
}
