// The clone pool under each way Vitest runs (issue 16): the example project's tests (every test
// calls seedBand('ci') and writes to its clone) pass under the forks and the threads pools, as two
// `--shard` processes at once on one server (two runs, two pools, one template), and in watch
// mode across a re-run; after each, the server holds no pool database or clone of the project —
// only the template it reuses. The project sits under the repository (so `vitest` resolves) with
// node_modules/seedband linked to it, on the system server through DATABASE_URL.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { appendFile, cp, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { projectId } from "../../src/config/project.js";
import { dropOwnedDatabase, listOwnedDatabases } from "../../src/db/index.js";
import { PACKAGE_ROOT } from "./helpers.js";

const server = inject("servers").find((s) => s.name.startsWith("system"))!.url;
const VITEST = join(PACKAGE_ROOT, "node_modules", "vitest", "vitest.mjs");
const ENV = { ...process.env, DATABASE_URL: server, FORCE_COLOR: "0", NO_COLOR: "1" };
delete (ENV as Record<string, string | undefined>).CI;
delete (ENV as Record<string, string | undefined>).VITEST;
delete (ENV as Record<string, string | undefined>).VITEST_WORKER_ID;
delete (ENV as Record<string, string | undefined>).VITEST_POOL_ID;

let dir: string;
let project: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await mkdir(join(PACKAGE_ROOT, ".seedband"), { recursive: true });
  dir = await mkdtemp(join(PACKAGE_ROOT, ".seedband", "pool-runners-"));
  for (const entry of ["package.json", "prisma", "seedband.config.ts", "vitest.config.ts", "test"]) {
    await cp(join(PACKAGE_ROOT, "examples", "vitest", entry), join(dir, entry), { recursive: true });
  }
  // Two test files, so that each of two shards has one.
  await cp(join(dir, "test", "blog.test.ts"), join(dir, "test", "blog-again.test.ts"));
  await mkdir(join(dir, "node_modules"));
  await symlink(PACKAGE_ROOT, join(dir, "node_modules", "seedband"), "dir");
  project = projectId(dir);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const { name, mark } of await listOwnedDatabases(server)) {
    if (mark.project === project) await dropOwnedDatabase(server, name).catch(() => {});
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

function spawnIn(
  command: string,
  args: string[],
): {
  child: { process: ChildProcess; output: () => string };
  done: Promise<{ code: number | null; output: string }>;
} {
  const child = spawn(command, args, { cwd: dir, env: ENV, stdio: "pipe" });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => {
    output += d;
  });
  child.stderr!.on("data", (d) => {
    output += d;
  });
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, output })),
  );
  return { child: { process: child, output: () => output }, done };
}

const vitest = (args: string[]) => spawnIn(process.execPath, [VITEST, ...args]);

/** util-linux's script(1), which gives watch mode a terminal. */
const hasScript = spawnSync("script", ["--version"]).status === 0;

/** The project's databases on the server by kind (pool, clone, snapshot, …). */
async function kinds(): Promise<string[]> {
  return (await listOwnedDatabases(server))
    .filter((d) => d.mark.project === project)
    .map((d) => d.mark.kind ?? "band")
    .sort();
}

/** Nothing of a run is left: no pool database, no clone — the templates (snapshots) stay for reuse. */
async function expectOnlyTemplates(): Promise<void> {
  const left = await kinds();
  expect(left.filter((k) => k === "pool" || k === "clone")).toEqual([]);
  expect(left).toContain("snapshot");
}

describe("the clone pool under Vitest's runners", () => {
  it("passes under the forks pool, with the pool's claims in child processes", async () => {
    const { code, output } = await vitest(["run", "--pool=forks"]).done;
    expect(code, output).toBe(0);
    expect(output).toMatch(/pool ready: \d+ clone/);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    await expectOnlyTemplates();
  });

  it("passes under the threads pool", async () => {
    const { code, output } = await vitest(["run", "--pool=threads"]).done;
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    await expectOnlyTemplates();
  });

  it("passes as two --shard processes at once on one server: two runs, each with its own pool", async () => {
    const shards = [vitest(["run", "--shard=1/2"]), vitest(["run", "--shard=2/2"])];
    const results = await Promise.all(shards.map((s) => s.done));
    for (const { code, output } of results) {
      expect(code, output).toBe(0);
      expect(output).toMatch(/Tests\s+\d+ passed/);
    }
    await expectOnlyTemplates();
  });

  // Watch mode is interactive: Vitest reads its keys (q quits) from a terminal, so it runs under
  // script(1)'s pseudo-terminal here, as in a developer's shell.
  it.runIf(hasScript)(
    "re-runs in watch mode on the pool it keeps, and drops it when quit with q",
    async () => {
      const command = [process.execPath, VITEST, "--watch"].map((a) => `'${a}'`).join(" ");
      const { child, done } = spawnIn("script", ["-qfec", command, "/dev/null"]);
      // Each finished run ends with this line (the terminal also shows progress while it runs).
      const passes = () => (child.output().match(/PASS\s+Waiting for file changes/g) ?? []).length;
      const waitFor = async (what: () => boolean, label: string) => {
        for (let i = 0; i < 1200 && !what() && child.process.exitCode === null; i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(what(), `${label}:\n${child.output()}`).toBe(true);
      };
      await waitFor(() => passes() >= 1, "the first run");
      expect(await kinds()).toContain("pool"); // the run's pool, kept between runs
      // A change to a test file: Vitest re-runs it in the same run (same global setup, same pool).
      await appendFile(join(dir, "test", "blog.test.ts"), "\n");
      await waitFor(() => passes() >= 2, "the re-run after a change");
      child.process.stdin!.write("q");
      const { code } = await done;
      expect(code, child.output()).toBe(0);
      await expectOnlyTemplates();
    },
  );
});
