// Root in a private directory (issue 14): a project in a `mktemp -d` folder (0700), as root. The
// embedded server runs as another OS user (PostgreSQL refuses root) that cannot enter that
// folder, so its data lives under the shared place (SEEDBAND_EMBEDDED_SHARED_DIR here, so the
// test leaves nothing in /var/tmp), and binaries it cannot reach are copied there once.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { reachableBinaries } from "../../src/db/embedded-place.js";
import { EmbeddedProvider, embeddedBinaries } from "../../src/db/index.js";

const asRoot = process.getuid?.() === 0;
const made: string[] = [];
const previous = process.env.SEEDBAND_EMBEDDED_SHARED_DIR;

afterAll(async () => {
  if (previous === undefined) delete process.env.SEEDBAND_EMBEDDED_SHARED_DIR;
  else process.env.SEEDBAND_EMBEDDED_SHARED_DIR = previous;
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

async function privateAndShared(): Promise<{ privateDir: string; shared: string }> {
  const privateDir = await mkdtemp(join(tmpdir(), "sb-private-"));
  const shared = await mkdtemp(join(tmpdir(), "sb-shared-"));
  made.push(privateDir, shared);
  execFileSync("chmod", ["755", shared]);
  process.env.SEEDBAND_EMBEDDED_SHARED_DIR = join(shared, "seedband-pg");
  return { privateDir, shared: join(shared, "seedband-pg") };
}

async function scalar(url: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(sql);
    return rows[0]?.v ?? "";
  } finally {
    await client.end();
  }
}

/** The uid the embedded server runs as when seedband runs as root (src/db/embedded-provider.ts). */
function unprivilegedUid(): number | null {
  for (const user of ["postgres", "seedband-pg"]) {
    try {
      return Number(execFileSync("id", ["-u", user], { stdio: "pipe" }).toString());
    } catch {}
  }
  return null;
}

describe.skipIf(!asRoot)("the embedded server as root from a folder its OS user cannot enter", () => {
  it("keeps its data in the shared place, and finds it again on the next start", async () => {
    const { privateDir, shared } = await privateAndShared();
    expect((await stat(privateDir)).mode & 0o777).toBe(0o700);
    const dataDir = join(privateDir, "project", ".seedband", "pg");
    const provider = new EmbeddedProvider({ dataDir });
    expect(provider.relocated).toBe(true);
    try {
      const server = await provider.start();
      const directory = await scalar(server.url, "SELECT current_setting('data_directory') AS v");
      expect(directory.startsWith(`${shared}/data-`)).toBe(true);
      await scalar(server.url, "CREATE TABLE kept (id int)");
      expect(await scalar(server.url, "SELECT to_regclass('kept')::text AS v")).toBe("kept");
      await provider.stop();
      const again = await new EmbeddedProvider({ dataDir }).start();
      expect(await scalar(again.url, "SELECT to_regclass('kept')::text AS v")).toBe("kept");
    } finally {
      await provider.stop();
    }
    // Nothing of the cluster went into the private folder.
    expect(await readdir(privateDir)).toEqual([]);
  });

  it("runs binaries installed in such a folder from a copy in the shared place", async (context) => {
    const postgresUid = unprivilegedUid();
    if (postgresUid === null) return context.skip("no postgres or seedband-pg OS user on this machine");
    const { privateDir, shared } = await privateAndShared();
    const installed = await embeddedBinaries();
    const native = join(installed.postgres, "..", "..");
    await cp(join(native, ".."), join(privateDir, "pkg"), { recursive: true, verbatimSymlinks: true });
    const inPrivate = (path: string) => join(privateDir, "pkg", "native", path.slice(native.length));
    const binaries = {
      initdb: inPrivate(installed.initdb),
      pg_ctl: inPrivate(installed.pg_ctl),
      postgres: inPrivate(installed.postgres),
    };
    // Where npm put them, the server's OS user cannot run them...
    expect(() =>
      execFileSync(binaries.postgres, ["--version"], { uid: postgresUid, stdio: "pipe" }),
    ).toThrow();
    const reachable = await reachableBinaries(binaries);
    expect(reachable.postgres.startsWith(`${shared}/binaries-`)).toBe(true);
    // ...the copy, it can.
    const version = execFileSync(reachable.postgres, ["--version"], { uid: postgresUid }).toString();
    expect(version).toMatch(/PostgreSQL\) \d+/);
    expect(await reachableBinaries(binaries)).toEqual(reachable);
  });
});
