// The embedded provider's lifecycle on a real PostgreSQL 18: idempotent start (also across
// provider objects and concurrent callers), status, stop, and recovery from a killed server or a
// recorded port someone else took.

import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect, EmbeddedProvider } from "../../src/db/index.js";

const dataDir = join(tmpdir(), `seedband-db-embedded-${randomBytes(4).toString("hex")}`);
const provider = new EmbeddedProvider({ dataDir });

async function postmasterPid(): Promise<number> {
  return Number((await readFile(join(dataDir, "data", "postmaster.pid"), "utf8")).split("\n")[0]);
}

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const session = await connect(url);
  try {
    return (await session.query(sql)).rows;
  } finally {
    await session.end();
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((done, fail) => {
    // Not PostgreSQL: it hangs up on whoever connects.
    const server = createServer((socket) => socket.destroy());
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => done(server));
  });
}

describe("embedded PostgreSQL", { timeout: 60_000 }, () => {
  afterAll(async () => {
    await provider.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("reports not initialised before the first start", async () => {
    expect(await provider.status()).toEqual({ initialized: false, running: false });
  });

  it("initialises and starts PostgreSQL 18 on loopback, and answers queries", async () => {
    const server = await provider.start();
    expect(server.kind).toBe("embedded");
    expect(server.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(await server.majorVersion()).toBe(18);
    expect(
      await query(server.url, "SELECT current_setting('server_version_num')::int / 10000 AS major"),
    ).toEqual([{ major: 18 }]);
  });

  it("is set up for throwaway data: no fsync, synchronous reads, no data checksums", async () => {
    const server = await provider.start();
    expect(
      await query(
        server.url,
        "SELECT current_setting('fsync') AS fsync, current_setting('io_method') AS io, current_setting('data_checksums') AS checksums",
      ),
    ).toEqual([{ fsync: "off", io: "sync", checksums: "off" }]);
  });

  it("is idempotent: starting again, from another provider object or concurrently, returns the same server", async () => {
    const first = await provider.start();
    const pid = await postmasterPid();
    const again = await provider.start();
    const [a, b] = await Promise.all([
      new EmbeddedProvider({ dataDir }).start(),
      new EmbeddedProvider({ dataDir }).start(),
    ]);
    expect([again.url, a.url, b.url]).toEqual([first.url, first.url, first.url]);
    expect(await postmasterPid()).toBe(pid);
  });

  it("reports running, with port, URL and version", async () => {
    const server = await provider.start();
    const status = await provider.status();
    expect(status).toEqual({
      initialized: true,
      running: true,
      port: Number(new URL(server.url).port),
      url: server.url,
      version: expect.stringMatching(/^18\./),
    });
  });

  it("stops; status then reports not running, and stopping again is a no-op", async () => {
    const server = await provider.start();
    await provider.stop();
    expect(await provider.status()).toMatchObject({ initialized: true, running: false });
    await expect(connect(server.url)).rejects.toMatchObject({ code: "UNREACHABLE" });
    await provider.stop();
  });

  it("restarts on the recorded port after a stop", async () => {
    const before = await provider.start();
    await provider.stop();
    const after = await provider.start();
    expect(after.url).toBe(before.url);
  });

  it("stops as a no-op when the server was killed", async () => {
    await provider.start();
    process.kill(await postmasterPid(), "SIGKILL");
    await provider.stop();
    expect((await provider.status()).running).toBe(false);
  });

  it("starts again after the server was killed, cleaning up its stale pid file", async () => {
    await provider.start();
    const pid = await postmasterPid();
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 100 && (await provider.status()).running; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await provider.status()).running).toBe(false);
    const server = await provider.start();
    expect(await postmasterPid()).not.toBe(pid);
    expect(await query(server.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("moves to a new port when the recorded one is taken by another program", async () => {
    const before = await provider.start();
    await provider.stop();
    const squatter = await listen(Number(new URL(before.url).port));
    try {
      const after = await provider.start();
      expect(after.url).not.toBe(before.url);
      expect(await query(after.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      expect((await provider.status()).url).toBe(after.url);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });
});
