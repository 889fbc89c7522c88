// Where things are: paths resolve from the project root (the nearest package.json above the
// working directory), never from the working directory itself (DESIGN.md, CLI contract).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface ProjectPaths {
  root: string;
  /** The project's identity in every owner mark (see projectId). */
  projectId: string;
  stateDir: string; // .seedband/
  runsDir: string; // .seedband/runs/
  embeddedDir: string; // .seedband/pg/
  schema: string; // prisma/schema.prisma
  migrationsDir: string; // prisma/migrations/
  /** Preset folders in lookup order: the project's own presets/, then seedband's. */
  presetDirs: string[];
}

/** seedband's own package folder (holds presets/ and the reference prisma/ schema). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function findProjectRoot(from = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

export function projectPaths(root = findProjectRoot()): ProjectPaths {
  const stateDir = join(root, ".seedband");
  const own = join(root, "presets");
  const builtin = join(PACKAGE_ROOT, "presets");
  return {
    root,
    projectId: projectId(root),
    stateDir,
    runsDir: join(stateDir, "runs"),
    embeddedDir: join(stateDir, "pg"),
    schema: join(root, "prisma", "schema.prisma"),
    migrationsDir: join(root, "prisma", "migrations"),
    presetDirs: own === builtin ? [own] : [own, builtin],
  };
}

/**
 * The project's identity on a shared server: 16 hex digits of SHA-256 over the project root's real
 * path and its package.json name, so two checkouts, or two projects, never take each other's
 * databases, and no path (which may hold a user name) is written in clear. `SEEDBAND_PROJECT`
 * replaces the path and name (CI jobs on several machines that load shards of one database
 * together must share it).
 */
export function projectId(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env.SEEDBAND_PROJECT?.trim();
  const basis = given ? `env\0${given}` : `root\0${realpathOr(root)}\0${packageName(root)}`;
  return createHash("sha256").update(basis).digest("hex").slice(0, 16);
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function packageName(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: unknown };
    return typeof pkg.name === "string" ? pkg.name : "";
  } catch {
    return "";
  }
}

/**
 * A path as a page or a record names it: relative to the project root when inside it (so it reads
 * the same wherever the project lives), else as given.
 */
export function projectLabel(path: string, root: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

export function seedbandVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}
