// A user's project in a temporary folder, for the tests that type-check and run code the way a
// user writes it: the folder gets a copy of a fixture, and a node_modules whose entries are links
// to seedband's own (the dependencies a user installs: prisma, @prisma/client, typescript, vitest,
// jest, pg) with `seedband` itself pointing where the test says (the repository, or a package
// unpacked from `npm pack`). Links, not `npm install`: the tests run offline and in seconds.
import { spawn } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readdir, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT } from "./helpers.js";

export interface UserApp {
  dir: string;
  remove(): Promise<void>;
}

/**
 * A temporary app holding a copy of `fixture` (a folder), node_modules linked, and seedband either
 * linked to a folder (default: this repository) or unpacked from a tarball `npm pack` made.
 */
export async function makeUserApp(
  fixture: string,
  seedband: { link: string } | { tarball: string } = { link: PACKAGE_ROOT },
  /** Packages the user did not install (left out of node_modules). */
  without: readonly string[] = [],
): Promise<UserApp> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "sb-user-")));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    // mkdtemp makes the folder 0700; run as root, the embedded server runs as another OS user.
    await chmod(dir, 0o755);
    await cp(fixture, dir, { recursive: true });
    const modules = join(dir, "node_modules");
    await mkdir(modules, { recursive: true });
    const ours = join(PACKAGE_ROOT, "node_modules");
    for (const entry of await readdir(ours)) {
      if (entry === "seedband" || entry === ".package-lock.json" || without.includes(entry)) continue;
      await symlink(join(ours, entry), join(modules, entry));
    }
    if ("link" in seedband) {
      await symlink(seedband.link, join(modules, "seedband"), "dir");
    } else {
      // Unpacked in place (not linked): its own imports (pg, …) resolve from the app's node_modules.
      await mkdir(join(modules, "seedband"));
      const untar = await run(
        "tar",
        ["-xzf", seedband.tarball, "-C", join(modules, "seedband"), "--strip-components=1"],
        dir,
      );
      if (untar.code !== 0) throw new Error(`tar could not unpack ${seedband.tarball}:\n${untar.output}`);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}

export interface Ran {
  code: number | null;
  output: string;
}

/** Runs `node <script> ...args` in `cwd` (stdout and stderr together), never throwing on exit codes. */
export function runNode(
  script: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
  timeoutMs = 240_000,
): Promise<Ran> {
  return run(process.execPath, [script, ...args], cwd, env, timeoutMs);
}

/**
 * Runs `command ...args` in `cwd` as a user's shell would: without this test run's Vitest
 * variables (a Vitest started inside would take itself for a worker).
 */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
  timeoutMs = 240_000,
): Promise<Ran> {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|__VITEST|TINYPOOL)/.test(key)) childEnv[key] = value;
  }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: "pipe" });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} did not finish in ${timeoutMs} ms.\n${output}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const bin = (pkg: string, file: string) => join(PACKAGE_ROOT, "node_modules", pkg, file);

/** `prisma generate` offline: Prisma's CLI wants its native engine only to exist (DESIGN.md). */
export function prismaGenerate(cwd: string): Promise<Ran> {
  return runNode(bin("prisma", "build/index.js"), ["generate"], cwd, {
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  });
}

/** `tsc -p <project>` (the project's tsconfig.json decides strictness and files). */
export function tsc(cwd: string, project = "tsconfig.json"): Promise<Ran> {
  return runNode(bin("typescript", "bin/tsc"), ["-p", project], cwd);
}
