// The testcontainers provider against a real Docker engine: a container from the image the user
// names (SEEDBAND_TEST_PG_IMAGE; else the image .ci/docker.sh builds, when Docker holds it; else
// postgres:15, pulled from a registry), tuned for tests, with seedband's template
// snapshots and clones working on it, and stopped by the provider itself (Ryuk is disabled).
// Where no Docker engine is reachable the tests skip, and their names say why.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  connect,
  createOwnedDatabase,
  dockerReachable,
  listOwnedDatabases,
  TestcontainersProvider,
} from "../../src/db/index.js";
import { cloneTemplate, ensureTemplate, runOwner } from "../../src/snapshot/index.js";

const docker = await dockerReachable();
/** The image .ci/docker.sh builds from the machine's own PostgreSQL (no registry needed). */
const LOCAL_IMAGE = "seedband/postgres:15-local";
function hasLocalImage(): boolean {
  try {
    execFileSync("docker", ["image", "inspect", LOCAL_IMAGE], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const image =
  process.env.SEEDBAND_TEST_PG_IMAGE ?? (docker.ok && hasLocalImage() ? LOCAL_IMAGE : "postgres:15");
const why = docker.ok ? "" : ` [skipped: ${docker.reason}]`;
// The default reporter counts skipped tests without saying why: say it once, visibly.
if (!docker.ok) console.warn(`seedband: the testcontainers provider tests are skipped: ${docker.reason}`);

describe.skipIf(!docker.ok)(`testcontainers provider (${image})${why}`, () => {
  it("starts a tuned container, holds snapshots and clones, and stops it", async () => {
    const server = await new TestcontainersProvider({ image }).start();
    let stopped = false;
    try {
      expect(server.kind).toBe("testcontainers");
      expect(await server.majorVersion()).toBeGreaterThanOrEqual(13);
      const session = await connect(server.url);
      const { rows } = await session.query<{ fsync: string }>("SHOW fsync");
      await session.end();
      expect(rows[0]!.fsync).toBe("off");

      const owner = runOwner(randomBytes(8).toString("hex"));
      const source = `seedband_src_${randomBytes(4).toString("hex")}`;
      await createOwnedDatabase(server.url, source, {
        v: 1,
        band: "tc",
        seed: 1,
        fingerprint: "tc",
        status: "complete",
        createdAt: new Date().toISOString(),
      });
      const snapshot = await ensureTemplate({
        serverUrl: server.url,
        band: "tc",
        seed: 1,
        fingerprint: "tc",
        owner,
        build: async () => source,
      });
      const clone = await cloneTemplate(server.url, snapshot, owner);
      const kinds = (await listOwnedDatabases(server.url)).map((d) => [d.name, d.mark.kind ?? "band"]);
      expect(kinds).toEqual(
        expect.arrayContaining([
          [snapshot.name, "snapshot"],
          [clone.name, "clone"],
        ]),
      );
      await server.stop();
      stopped = true;
      await expect(connect(server.url)).rejects.toThrow();
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
