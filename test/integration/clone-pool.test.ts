// The pool of ready clones (src/snapshot/clone-pool.ts) on the embedded server, with the ci
// template the run built: separate processes claiming at once never get the same database, a
// claimed database never comes back, `fresh: true` bypasses the pool, and the pool of a killed run
// is dropped as a leftover by the next one. Child processes use the built package (dist/).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import {
  connect,
  createOwnedDatabase,
  dropOwnedDatabase,
  listOwnedDatabases,
  quoteIdent,
  RAM_OWNER_FILE,
  RAM_TABLESPACE,
  type RunOwner,
  ramPlace,
  ramTablespace,
  removeOrphanedRamFolders,
} from "../../src/db/index.js";
import { seedBand } from "../../src/index.js";
import {
  ClonePool,
  claimPooledClone,
  discardPrefix,
  dropLeftovers,
  dropRunDatabases,
  type PoolTemplate,
  poolPrefix,
  runOwner,
} from "../../src/snapshot/index.js";
import { useSeedbandContext } from "../../src/vitest/index.js";

const context = inject("seedband");
const { serverUrl } = context;
const ci = context.templates["ci:1"]!;
const template: PoolTemplate = { ...ci };
/** Linux with a tmpfs at /dev/shm: where the embedded server keeps small templates' clones in memory. */
const memoryAvailable = (() => {
  try {
    return process.platform === "linux" && statfsSync("/dev/shm").type === 0x01021994;
  } catch {
    return false;
  }
})();
const snapshotModule = pathToFileURL(join(PACKAGE_ROOT, "dist", "snapshot", "index.js")).href;

const scratch = await mkdtemp(join(tmpdir(), "seedband-pool-"));
const runs: string[] = [];
afterAll(async () => {
  for (const runId of runs) await dropRunDatabases(serverUrl, runId).catch(() => {});
  await rm(scratch, { recursive: true, force: true });
});

function newOwner(): RunOwner {
  const owner = runOwner(randomBytes(8).toString("hex"));
  runs.push(owner.runId);
  return owner;
}

/** name → oid of the databases in a run's pool (ready clones), or of its discarded clones. */
async function poolDatabases(
  owner: RunOwner,
  which: "ready" | "discarded" = "ready",
): Promise<Map<string, number>> {
  const session = await connect(serverUrl);
  try {
    const { rows } = await session.query<{ name: string; oid: number }>(
      "SELECT datname AS name, oid::int AS oid FROM pg_database WHERE starts_with(datname::text, $1)",
      [which === "ready" ? poolPrefix(owner.runId, template) : discardPrefix(owner.runId)],
    );
    return new Map(rows.map((r) => [r.name, r.oid]));
  } finally {
    await session.end();
  }
}

async function oidOf(name: string): Promise<number | undefined> {
  const session = await connect(serverUrl);
  try {
    const { rows } = await session.query<{ oid: number }>(
      "SELECT oid::int AS oid FROM pg_database WHERE datname = $1",
      [name],
    );
    return rows[0]?.oid;
  } finally {
    await session.end();
  }
}

function run(script: string, args: string[]): { child: ChildProcess; output: Promise<string> } {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const output = new Promise<string>((done, fail) =>
    child.on("exit", (code, signal) =>
      code === 0 ? done(out) : fail(new Error(`child exited ${code ?? signal}: ${err}`)),
    ),
  );
  return { child, output };
}

describe("the pool of ready clones", () => {
  it("hands every database to one claimer only, across processes and within one", async () => {
    const owner = newOwner();
    const pool = new ClonePool({ serverUrl, owner, templates: [template], size: 6, concurrency: 2 });
    // Four processes, each with two claim loops, all starting at the same instant while the
    // pool refills: 40 claims against 6 ready clones and a refiller.
    const script = join(scratch, "claimer.mjs");
    await writeFile(
      script,
      `import { claimPooledClone } from ${JSON.stringify(snapshotModule)};
const [serverUrl, template, owner, startAt] = process.argv.slice(2).map((a) => JSON.parse(a));
await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
const claimed = [];
await Promise.all([0, 1].map(async () => {
  for (let i = 0; i < 5; i++) {
    const clone = await claimPooledClone(serverUrl, template, owner);
    if (clone) claimed.push(clone.name);
  }
}));
process.stdout.write(JSON.stringify(claimed));
process.exit(0);
`,
    );
    try {
      await pool.start();
      const ready = await poolDatabases(owner);
      expect(ready.size).toBe(6);
      const startAt = Date.now() + 1500;
      const children = [0, 1, 2, 3].map(() =>
        run(
          script,
          [serverUrl, template, owner, startAt].map((a) => JSON.stringify(a)),
        ),
      );
      const claimed = (await Promise.all(children.map((c) => c.output))).flatMap(
        (o) => JSON.parse(o) as string[],
      );
      // At least the six that were ready went out, each to exactly one claimer.
      expect(claimed.length).toBeGreaterThanOrEqual(6);
      expect(new Set(claimed).size).toBe(claimed.length);
      // Every claimed database is a distinct database (no two names for one oid), out of the pool.
      const oids = await Promise.all(claimed.map(oidOf));
      expect(oids.every((o) => o !== undefined)).toBe(true);
      expect(new Set(oids).size).toBe(claimed.length);
      const stillReady = await poolDatabases(owner);
      for (const oid of oids) expect([...stillReady.values()]).not.toContain(oid);
      // Each one now a clone of this run, never again in the pool.
      const marks = new Map((await listOwnedDatabases(serverUrl)).map((d) => [d.name, d.mark]));
      for (const name of claimed) {
        expect(marks.get(name)).toMatchObject({ kind: "clone", band: "ci", owner, status: "complete" });
      }
      const originals = [...ready.values()];
      expect(originals.filter((o) => oids.includes(o))).toHaveLength(6);
    } finally {
      await pool.stop();
      await dropRunDatabases(serverUrl, owner.runId);
    }
  });

  it("fresh: true clones the template; a default call takes a ready clone; an empty pool clones", async () => {
    const owner = newOwner();
    const pool = new ClonePool({ serverUrl, owner, templates: [template], size: 2, concurrency: 2 });
    await pool.start();
    await pool.stop(); // no refill: the pool stays at what this test sees
    useSeedbandContext({ ...context, owner, templates: { "ci:1": { ...ci, pooled: true } } });
    try {
      const ready = await poolDatabases(owner);
      expect(ready.size).toBe(2);

      const fresh = await seedBand("ci", { fresh: true });
      expect(fresh.pooled).toBe(false);
      expect([...ready.values()]).not.toContain(await oidOf(fresh.name));
      expect((await poolDatabases(owner)).size).toBe(2);

      const taken = await seedBand("ci");
      expect(taken.pooled).toBe(true);
      expect([...ready.values()]).toContain(await oidOf(taken.name));
      expect((await poolDatabases(owner)).size).toBe(1);
      const session = await connect(taken.url);
      try {
        const { rows } = await session.query<{ n: string }>("SELECT count(*) AS n FROM users");
        expect(Number(rows[0]!.n)).toBe(500);
      } finally {
        await session.end();
      }

      await seedBand("ci");
      const cloned = await seedBand("ci"); // the pool is empty now
      expect(cloned.pooled).toBe(false);
      expect((await poolDatabases(owner)).size).toBe(0);
      // drop(): the name is gone at once; the database waits, renamed, for the refiller.
      const takenOid = await oidOf(taken.name);
      await taken.drop();
      expect(await oidOf(taken.name)).toBeUndefined();
      expect([...(await poolDatabases(owner, "discarded")).values()]).toEqual([takenOid]);
    } finally {
      useSeedbandContext(undefined);
      await dropRunDatabases(serverUrl, owner.runId);
    }
  });

  it("drops the clones that tests dropped in the background, while it refills", async () => {
    const owner = newOwner();
    const pool = new ClonePool({ serverUrl, owner, templates: [template], size: 2, concurrency: 1 }, 50);
    await pool.start();
    useSeedbandContext({ ...context, owner, templates: { "ci:1": { ...ci, pooled: true } } });
    try {
      const dbs = [await seedBand("ci"), await seedBand("ci")];
      for (const db of dbs) await db.drop();
      for (let i = 0; i < 200 && (await poolDatabases(owner, "discarded")).size > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await poolDatabases(owner, "discarded")).size).toBe(0);
      expect(pool.stats.dropped).toBe(2);
      for (let i = 0; i < 200 && (await poolDatabases(owner)).size < 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await poolDatabases(owner)).size).toBe(2);
    } finally {
      useSeedbandContext(undefined);
      await pool.stop();
      await dropRunDatabases(serverUrl, owner.runId);
    }
  });

  it("a pool left by a killed run is dropped by the next run's leftover sweep", async () => {
    const runId = randomBytes(8).toString("hex");
    runs.push(runId);
    const script = join(scratch, "filler.mjs");
    await writeFile(
      script,
      `import { ClonePool, runOwner } from ${JSON.stringify(snapshotModule)};
const [serverUrl, template, runId] = process.argv.slice(2).map((a) => JSON.parse(a));
const pool = new ClonePool({ serverUrl, owner: runOwner(runId), templates: [template], size: 3, concurrency: 1 });
await pool.start();
process.stdout.write("ready\\n");
setInterval(() => {}, 1000);
`,
    );
    const { child, output } = run(
      script,
      [serverUrl, template, runId].map((a) => JSON.stringify(a)),
    );
    output.catch(() => {});
    await new Promise<void>((done, fail) => {
      child.stdout!.on("data", (d) => String(d).includes("ready") && done());
      child.once("exit", (code) => fail(new Error(`the filler exited (${code}) before its pool was ready`)));
    });
    const owner: RunOwner = { runId, pid: child.pid!, host: "" };
    const left = await poolDatabases(owner);
    expect(left.size).toBe(3);
    // Its pool databases name the project, so only this project's sweep may drop them.
    const marks = (await listOwnedDatabases(serverUrl)).filter((d) => left.has(d.name));
    expect(template.project).toBeTruthy();
    expect(marks.map((d) => d.mark.project)).toEqual([template.project, template.project, template.project]);
    // While it runs, its pool is a live run's: the sweep leaves it.
    await dropLeftovers(serverUrl, template.project!);
    expect((await poolDatabases(owner)).size).toBe(3);

    child.kill("SIGKILL");
    await new Promise((done) => child.once("exit", done));
    // Dead now, but not another project's to sweep.
    const elsewhere = await dropLeftovers(serverUrl, "another-project");
    expect(elsewhere.filter((n) => left.has(n))).toEqual([]);
    expect((await poolDatabases(owner)).size).toBe(3);
    const dropped = await dropLeftovers(serverUrl, template.project!);
    expect(dropped).toEqual(expect.arrayContaining([...left.keys()]));
    expect((await poolDatabases(owner)).size).toBe(0);
  });

  it("a claim on an empty pool waits for the refiller's next clone instead of copying the template", async () => {
    const owner = newOwner();
    const first = new ClonePool({ serverUrl, owner, templates: [template], size: 1, concurrency: 1 });
    await first.start();
    await first.stop(); // one ready clone, and no refiller
    try {
      expect(await claimPooledClone(serverUrl, template, owner, 0)).not.toBeNull();
      let settled = false;
      const waiting = claimPooledClone(serverUrl, template, owner, 120_000).finally(() => {
        settled = true;
      });
      // The pool is empty and nobody refills it: the claim waits (without the wait it would
      // have answered null at once, and seedBand() would copy the template itself).
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      expect((await poolDatabases(owner)).size).toBe(0);
      // A refiller for the run comes up: its first clone goes to the waiting claim.
      const refiller = new ClonePool({ serverUrl, owner, templates: [template], size: 1, concurrency: 1 });
      try {
        await refiller.start();
        const clone = await waiting;
        expect(clone).not.toBeNull();
        const marks = new Map((await listOwnedDatabases(serverUrl)).map((d) => [d.name, d.mark]));
        expect(marks.get(clone!.name)).toMatchObject({
          kind: "clone",
          band: "ci",
          owner,
          status: "complete",
        });
      } finally {
        await refiller.stop();
      }
    } finally {
      await dropRunDatabases(serverUrl, owner.runId);
    }
  });
});

describe.runIf(memoryAvailable)("clones in memory (Linux, tmpfs at /dev/shm)", () => {
  it("the embedded server's clones of the ci band live in the in-memory tablespace", async () => {
    expect(ci.tablespace).toBe(RAM_TABLESPACE);
    const owner = newOwner();
    const pool = new ClonePool({ serverUrl, owner, templates: [template], size: 1, concurrency: 1 });
    await pool.start();
    await pool.stop();
    try {
      const session = await connect(serverUrl);
      try {
        const { rows } = await session.query<{ space: string; location: string }>(
          `SELECT t.spcname AS space, pg_tablespace_location(t.oid) AS location
             FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace
            WHERE starts_with(d.datname::text, $1)`,
          [poolPrefix(owner.runId, template)],
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]!.space).toBe(RAM_TABLESPACE);
        expect(rows[0]!.location.startsWith("/dev/shm/seedband-ram-")).toBe(true);
      } finally {
        await session.end();
      }
    } finally {
      await dropRunDatabases(serverUrl, owner.runId);
    }
  });

  it("makes its folder again when the memory was emptied (a reboot), and clones go there again", async () => {
    const name = `seedband_ram_test_${randomBytes(3).toString("hex")}`;
    const session = await connect(serverUrl);
    const owner = newOwner();
    const clone = `seedband_t_ramtest_${randomBytes(4).toString("hex")}`;
    const { rows } = await session.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
    const place = ramPlace(rows[0]!.dir, name);
    try {
      expect(await ramTablespace(serverUrl, 1, name)).toBe(name);
      const located = await session.query<{ location: string }>(
        "SELECT pg_tablespace_location(oid) AS location FROM pg_tablespace WHERE spcname = $1",
        [name],
      );
      expect(located.rows[0]!.location).toBe(place);
      rmSync(place, { recursive: true, force: true }); // what a reboot does to /dev/shm
      expect(await ramTablespace(serverUrl, 1, name)).toBe(name);
      const mark = {
        v: 1 as const,
        kind: "clone" as const,
        status: "complete" as const,
        owner,
        createdAt: new Date().toISOString(),
      };
      await createOwnedDatabase(serverUrl, clone, mark, { template: ci.name, tablespace: name });
      await dropOwnedDatabase(serverUrl, clone);
    } finally {
      await dropOwnedDatabase(serverUrl, clone).catch(() => {});
      await session.query(`DROP TABLESPACE IF EXISTS ${quoteIdent(name)}`).catch(() => {});
      await session.end();
      rmSync(place, { recursive: true, force: true });
    }
  });

  it("removes the in-memory folders of servers whose data directory is gone, and only those", async () => {
    const orphan = `/dev/shm/seedband-ram-test${randomBytes(6).toString("hex")}`;
    const live = `/dev/shm/seedband-ram-test${randomBytes(6).toString("hex")}`;
    const session = await connect(serverUrl);
    const { rows } = await session.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
    await session.end();
    try {
      for (const [folder, owner] of [
        [orphan, join(scratch, "deleted-project", ".seedband", "pg", "data")],
        [live, rows[0]!.dir],
      ] as const) {
        mkdirSync(folder);
        writeFileSync(join(folder, RAM_OWNER_FILE), owner);
      }
      const removed = removeOrphanedRamFolders();
      expect(removed).toContain(orphan);
      expect(removed).not.toContain(live);
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(orphan, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });
});
