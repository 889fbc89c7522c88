// Safe on a shared server (issue 14): two projects on one server (A's teardown, snapshot prune
// and leftover cleanup leave B's databases, in use and at rest, untouched), two seeds of one band
// at once (one builds, the other waits or refuses with exit 2), a forced interleaving where the
// "complete" mark is attempted for another run's database, and a kill -9 at every phase after
// which nothing is marked complete unless it verifies and the next run recovers on its own.
// Each part uses a band name of its own on the system server, so `--all-projects` here (always
// with that band) cannot reach another test file's databases.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { projectId } from "../../src/config/project.js";
import {
  createOwnedDatabase,
  dropOwnedDatabase,
  formatMark,
  listOwnedDatabases,
  type OwnerMark,
} from "../../src/db/index.js";
import { dropLeftovers } from "../../src/snapshot/index.js";
import {
  BIN,
  type CliResult,
  chatPreset,
  jsonOf,
  makeProject,
  query,
  runCli,
  STACK_TRACE,
} from "./helpers.js";

const system = inject("servers").find((s) => s.name.startsWith("system"))!;
const serverUrl = system.url;

const projects: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  const ids = new Set(projects.map((p) => projectId(p)));
  for (const d of await listOwnedDatabases(serverUrl)) {
    if ((d.mark.project && ids.has(d.mark.project)) || d.name.startsWith("seedband_t_legacy"))
      await dropOwnedDatabase(serverUrl, d.name).catch(() => {});
  }
  for (const p of projects) await rm(p, { recursive: true, force: true });
});

/** A project of its own (package `name`) whose chat preset has a tiny band `band` (`messages` rows). */
async function tinyProject(name: string, band: string, messages = 2000): Promise<string> {
  const root = await makeProject();
  projects.push(root);
  await writeFile(join(root, "package.json"), `${JSON.stringify({ name, private: true })}\n`);
  const preset = await chatPreset();
  preset.bands[band] = { users: 60, conversations: 90, messages, bodyMax: 300, heavyMin: 100, heavyMax: 300 };
  await mkdir(join(root, "presets"));
  await writeFile(join(root, "presets", "chat.json"), JSON.stringify(preset, null, 2));
  return root;
}

const ENV = {
  DATABASE_URL: serverUrl,
  SEEDBAND_TEST_PAUSE_AT: undefined,
  SEEDBAND_LOCK_WAIT_SECONDS: undefined,
};

function cli(root: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(args, { cwd: root, env: { ...ENV, ...env }, timeoutMs: 120_000 });
}

interface Started {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when stderr matches `pattern` (rejects when the process ends first). */
  waitFor: (pattern: RegExp) => Promise<void>;
  exit: Promise<CliResult>;
}

/** The CLI started in the background, to be paused, killed or resumed by the test. */
function start(root: string, args: string[], env: Record<string, string | undefined> = {}): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.SEEDBAND_DEBUG;
  for (const [key, value] of Object.entries({ ...ENV, ...env })) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env: childEnv, stdio: "pipe" });
  children.push(child);
  let stdout = "";
  let stderr = "";
  const listeners: Array<() => void> = [];
  child.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr!.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
    for (const l of listeners) l();
  });
  const exit = new Promise<CliResult>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => pattern.test(stderr) && resolve();
      listeners.push(check);
      check();
      void exit.then(() =>
        reject(new Error(`seedband ${args.join(" ")} ended before ${pattern}:\n${stderr}`)),
      );
    });
  return { child, stderr: () => stderr, waitFor, exit };
}

async function killed(run: Started): Promise<void> {
  run.child.kill("SIGKILL");
  await run.exit;
}

/** Every seedband database of project `root` on the server, with its mark. */
async function databasesOf(root: string): Promise<Array<{ name: string; mark: OwnerMark }>> {
  const id = projectId(root);
  return (await listOwnedDatabases(serverUrl)).filter((d) => d.mark.project === id);
}

async function allNames(): Promise<string[]> {
  return (await query<{ datname: string }>(serverUrl, "SELECT datname FROM pg_database ORDER BY 1")).map(
    (r) => r.datname,
  );
}

/** A pid that is not running on this host (a child that has exited). */
async function deadPid(): Promise<number> {
  const dead = spawn(process.execPath, ["-e", ""]);
  await new Promise((done) => dead.once("exit", done));
  return dead.pid!;
}

async function deadClone(band: string, project: string | undefined, prefix = "seedband_t_"): Promise<string> {
  const name = `${prefix}${band}_${randomBytes(5).toString("hex")}`;
  const owner = { runId: `dead-${randomBytes(3).toString("hex")}`, pid: await deadPid(), host: hostname() };
  const at = new Date().toISOString();
  await createOwnedDatabase(serverUrl, name, {
    v: 1,
    kind: "clone",
    band,
    seed: 1,
    fingerprint: "test",
    status: "complete",
    owner,
    createdAt: at,
    completedAt: at,
    ...(project ? { project } : {}),
  });
  return name;
}

describe("two projects on one server", () => {
  const band = "sharedtiny";

  it("A's teardown, snapshot prune and leftover cleanup leave B's databases, in use and at rest", async () => {
    const a = await tinyProject("project-a", band);
    const b = await tinyProject("project-b", band, 2100); // another spec: B's template is stale to A
    expect(projectId(a)).not.toBe(projectId(b));
    const seedA = await cli(a, ["seed", band, "--json"]);
    expect(seedA.code, seedA.stderr).toBe(0);
    const nameA = jsonOf<{ database: { name: string } }>(seedA).database.name;
    const seedB = await cli(b, ["seed", band, "--json"]);
    expect(seedB.code, seedB.stderr).toBe(0);
    const nameB = jsonOf<{ database: { name: string } }>(seedB).database.name;
    expect(nameB).not.toBe(nameA);
    const saveB = await cli(b, ["snapshot", "save", band, "--json"]);
    expect(saveB.code, saveB.stderr).toBe(0);
    const templateB = jsonOf<{ template: { name: string } }>(saveB).template.name;
    const leftoverB = await deadClone(band, projectId(b));
    const leftoverA = await deadClone(band, projectId(a));
    const legacy = await deadClone(band, undefined, "seedband_t_legacy_");
    // B's run in flight all along: a seed of seed 2 held before its indexes are built.
    const inFlight = start(b, ["seed", band, "--seed", "2"], { SEEDBAND_TEST_PAUSE_AT: "index" });
    await inFlight.waitFor(/paused at index/);
    const flying = (await databasesOf(b)).find((d) => d.mark.seed === 2)!;
    expect(flying.mark.status).toBe("incomplete");
    const ofB = [nameB, templateB, leftoverB, flying.name];

    // B's database in use all along: a session connected to it.
    const inUse = new pg.Client({ connectionString: `${serverUrl.replace(/\/[^/]*$/, "")}/${nameB}` });
    await inUse.connect();
    try {
      const dry = await cli(a, ["teardown", band, "--dry-run", "--json"]);
      expect(dry.code, dry.stderr).toBe(0);
      const planned = jsonOf<{ dropped: string[]; wouldDrop: string[]; leftAlone: Array<{ name: string }> }>(
        dry,
      );
      expect(planned.dropped).toEqual([]);
      // A's own dead clone goes with A's databases; nothing of B's, nor the unprovable one.
      expect(planned.wouldDrop.sort()).toEqual([nameA, leftoverA].sort());
      expect(planned.leftAlone.map((d) => d.name)).toEqual(expect.arrayContaining([...ofB, legacy]));
      expect(await allNames()).toEqual(expect.arrayContaining([nameA, ...ofB, leftoverA, legacy]));

      const prune = await cli(a, ["snapshot", "prune", band, "--json"]);
      expect(prune.code, prune.stderr).toBe(0);
      const pruned = jsonOf<{ dropped: string[]; leftAlone: Array<{ name: string }> }>(prune);
      expect(pruned.dropped).toEqual([leftoverA]);
      expect(pruned.leftAlone.map((d) => d.name)).toContain(templateB);

      const leftoverA2 = await deadClone(band, projectId(a));
      expect(await dropLeftovers(serverUrl, projectId(a))).toEqual([leftoverA2]);

      const teardown = await cli(a, ["teardown", band, "--json"]);
      expect(teardown.code, teardown.stderr).toBe(0);
      expect(jsonOf<{ dropped: string[] }>(teardown).dropped).toEqual([nameA]);
      expect(teardown.stderr).toMatch(/not yours \(project [0-9a-f]{16}\), left alone/);
      expect(teardown.stderr).toContain(
        `${legacy}: not yours (marked by an older seedband, without a project)`,
      );

      const names = await allNames();
      expect(names).toEqual(expect.arrayContaining([...ofB, legacy]));
      expect(names).not.toContain(nameA);
      expect((await inUse.query("SELECT count(*)::int AS n FROM messages")).rows[0].n).toBe(2100);
    } finally {
      await inUse.end();
    }
    const verifyB = await cli(b, ["verify", band]);
    expect(verifyB.code, verifyB.stderr).toBe(0);
    inFlight.child.kill("SIGUSR2");
    const landed = await inFlight.exit;
    expect(landed.code, landed.stderr).toBe(0);
    expect((await databasesOf(b)).find((d) => d.name === flying.name)?.mark.status).toBe("complete");

    // --all-projects cleans the whole server, explicitly (here limited to this file's band).
    const allDry = await cli(a, ["teardown", band, "--all-projects", "--dry-run", "--json"]);
    expect(jsonOf<{ wouldDrop: string[] }>(allDry).wouldDrop).toEqual(
      expect.arrayContaining([...ofB, legacy]),
    );
    expect(await allNames()).toEqual(expect.arrayContaining([...ofB, legacy]));
    const all = await cli(a, ["teardown", band, "--all-projects", "--json"]);
    expect(all.code, all.stderr).toBe(0);
    expect(jsonOf<{ dropped: string[] }>(all).dropped).toEqual(expect.arrayContaining([...ofB, legacy]));
    const after = await allNames();
    for (const name of [...ofB, legacy]) expect(after).not.toContain(name);
  });
});

describe("two seeds of one band at once", () => {
  const band = "locktiny";

  it("both succeed when they may wait: one builds, the other reuses", async () => {
    const root = await tinyProject("project-lock", band);
    const [one, two] = await Promise.all([
      cli(root, ["seed", band, "--json"]),
      cli(root, ["seed", band, "--json"]),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const records = [one, two].map((r) => jsonOf<{ reused?: boolean; database: { name: string } }>(r));
    expect(records[0]!.database.name).toBe(records[1]!.database.name);
    expect(records.map((r) => r.reused === true).sort()).toEqual([false, true]);
  });

  it("the second refuses with exit 2 naming the run that builds, or waits for it and recovers", async () => {
    const root = await tinyProject("project-lock2", band);
    const first = start(root, ["seed", band, "--json"], { SEEDBAND_TEST_PAUSE_AT: "index" });
    await first.waitFor(/paused at index/);
    const [building] = await databasesOf(root);
    const before = await allNames();

    const refused = await cli(root, ["seed", band], { SEEDBAND_LOCK_WAIT_SECONDS: "0" });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `another seedband run \\(pid ${first.child.pid} on .+\\) is building ${building!.name}`,
        "i",
      ),
    );
    expect(refused.stderr).toContain("Fix:");
    expect(refused.stderr).not.toMatch(STACK_TRACE);
    expect(await allNames()).toEqual(before);
    expect((await databasesOf(root))[0]!.mark).toEqual(building!.mark);

    const waiting = start(root, ["seed", band], { SEEDBAND_LOCK_WAIT_SECONDS: "60" });
    await waiting.waitFor(/waiting for another seedband run/);
    await killed(first);
    const done = await waiting.exit;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/dropping the incomplete seedband_locktiny_/);
    expect((await databasesOf(root))[0]!.mark.status).toBe("complete");
  });

  it("a run whose database was taken over by another run does not mark it complete", async () => {
    const root = await tinyProject("project-cas", band);
    const run = start(root, ["seed", band], { SEEDBAND_TEST_PAUSE_AT: "mark" });
    await run.waitFor(/paused at mark/);
    const [db] = await databasesOf(root);
    // Forced interleaving: another run (here: its mark) took the database over meanwhile.
    const other: OwnerMark = {
      ...db!.mark,
      runId: "another-run",
      owner: { runId: "another-run", pid: 1, host: "elsewhere" },
    };
    await query(
      serverUrl,
      `COMMENT ON DATABASE "${db!.name}" IS '${formatMark(other).replaceAll("'", "''")}'`,
    );
    run.child.kill("SIGUSR2");
    const result = await run.exit;
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("belongs to another seedband run (pid 1 on elsewhere)");
    expect(result.stderr).not.toMatch(STACK_TRACE);
    const [after] = await databasesOf(root);
    expect(after!.mark.status).toBe("incomplete");
    expect(after!.mark.runId).toBe("another-run");

    const next = await cli(root, ["seed", band]);
    expect(next.code, next.stderr).toBe(0);
  });
});

describe("kill -9 at every phase", () => {
  const band = "killtiny";
  const phases = ["create", "migrate", "copy", "index", "fk", "analyze", "mark"] as const;

  it("leaves nothing marked complete that does not verify; the next run recovers", async () => {
    const root = await tinyProject("project-kill", band);
    // Each run after a kill is itself the next run: it must get past what the kill left.
    for (const phase of phases) {
      const run = start(root, ["seed", band], { SEEDBAND_TEST_PAUSE_AT: phase });
      await run.waitFor(new RegExp(`paused at ${phase}\\b`));
      await killed(run);
      const left = await databasesOf(root);
      expect(
        left.filter((d) => d.mark.status === "complete"),
        phase,
      ).toEqual([]);
      if (phase === "create") {
        const unmarked = await query(serverUrl, "SELECT datname FROM pg_database WHERE datname LIKE $1", [
          `seedband_${band}_%`,
        ]);
        expect(unmarked, "the half-created database stays for the next run to recognise").toHaveLength(1);
        expect(left).toEqual([]);
      }
    }
    const seeded = await cli(root, ["seed", band, "--json"]);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(jsonOf<{ reused?: boolean }>(seeded).reused).toBeUndefined();
    const verified = await cli(root, ["verify", band]);
    expect(verified.code, verified.stderr).toBe(0);

    // snapshot save: killed after the template copy, before it is published.
    const save = start(root, ["snapshot", "save", band], { SEEDBAND_TEST_PAUSE_AT: "snapshot-save" });
    await save.waitFor(/paused at snapshot-save/);
    await killed(save);
    const building = (await databasesOf(root)).filter((d) => d.mark.kind === "snapshot");
    expect(building.map((d) => d.mark.status)).toEqual(["incomplete"]);
    const saved = await cli(root, ["snapshot", "save", band, "--json"]);
    expect(saved.code, saved.stderr).toBe(0);
    const snapshots = (await databasesOf(root)).filter((d) => d.mark.kind === "snapshot");
    expect(snapshots.map((d) => [d.name, d.mark.status])).toEqual([
      [jsonOf<{ template: { name: string } }>(saved).template.name, "complete"],
    ]);

    // snapshot restore: killed with one table loaded.
    const restore = start(root, ["snapshot", "restore", band, "--fresh"], {
      SEEDBAND_TEST_PAUSE_AT: "restore",
    });
    await restore.waitFor(/paused at restore/);
    await killed(restore);
    const bands = (await databasesOf(root)).filter((d) => d.mark.kind === undefined);
    expect(bands.map((d) => d.mark.status)).toEqual(["incomplete"]);
    const restored = await cli(root, ["snapshot", "restore", band]);
    expect(restored.code, restored.stderr).toBe(0);
    const again = await cli(root, ["verify", band]);
    expect(again.code, again.stderr).toBe(0);
  });
});
