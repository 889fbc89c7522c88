// The `testcontainers` provider: a PostgreSQL container (an image the user names, to match
// production's major version) started through @testcontainers/postgresql, tuned for throwaway
// data (fsync off, data on tmpfs). Ryuk, Testcontainers' reaper, is disabled (its image cannot be
// pulled where there is no registry), so this provider stops what it starts itself.

import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { SeedbandError } from "../errors.js";
import { type StartedServer, serverMajorVersion } from "./started-server.js";

export interface TestcontainersConfig {
  /** The image, e.g. `postgres:15-alpine` (default `postgres:15`). */
  image?: string;
  /** Where the image keeps its data, mounted as tmpfs (default `/var/lib/postgresql/data`; "" for none). */
  tmpfsPath?: string;
  /** Keep the container for the next run (Testcontainers' reuse; needs TESTCONTAINERS_REUSE_ENABLE=true). */
  reuse?: boolean;
}

export const DEFAULT_IMAGE = "postgres:15";

/** Whether a Docker engine answers; `reason` says why not. */
export async function dockerReachable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const host = process.env.DOCKER_HOST;
  if (!host && !existsSync("/var/run/docker.sock")) {
    return {
      ok: false,
      reason: "no Docker engine: DOCKER_HOST is unset and /var/run/docker.sock does not exist",
    };
  }
  try {
    prepareEnvironment();
    const { getContainerRuntimeClient } = await import("testcontainers");
    const client = await getContainerRuntimeClient();
    await client.info;
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `Docker does not answer (${firstLine(error)})` };
  }
}

/**
 * @example
 * const server = await new TestcontainersProvider({ image: "postgres:15" }).start();
 * try { ... } finally { await server.stop(); }
 */
export class TestcontainersProvider {
  constructor(private readonly config: TestcontainersConfig = {}) {}

  async start(): Promise<StartedServer> {
    prepareEnvironment();
    const image = this.config.image ?? DEFAULT_IMAGE;
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const tmpfs = this.config.tmpfsPath ?? "/var/lib/postgresql/data";
    let container = new PostgreSqlContainer(image)
      .withUsername("postgres")
      .withPassword(randomBytes(12).toString("hex"))
      .withDatabase("postgres")
      .withCommand([
        "postgres",
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
      ]);
    if (tmpfs) container = container.withTmpFs({ [tmpfs]: "rw,mode=1777" });
    if (this.config.reuse) container = container.withReuse();
    let started: Awaited<ReturnType<typeof container.start>>;
    try {
      started = await container.start();
    } catch (error) {
      throw new SeedbandError(
        "PROVISION_FAILED",
        `Could not start a PostgreSQL container from image ${image}: ${firstLine(error)}. ` +
          "Fix: check that the image exists locally (`docker images`) or can be pulled, or use provider `embedded` / `url`.",
        { cause: error },
      );
    }
    const url = started.getConnectionUri();
    const major = await serverMajorVersion(url);
    const reuse = this.config.reuse === true;
    return {
      kind: "testcontainers",
      url,
      majorVersion: async () => major,
      stop: async () => {
        if (!reuse) await started.stop({ timeout: 10_000 });
      },
    };
  }
}

/** No reaper image to pull; reach published ports over loopback, not the bridge address. */
function prepareEnvironment(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= "localhost";
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!;
}
