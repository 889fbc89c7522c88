// Where things are: paths resolve from the project root (the nearest package.json above the
// working directory), never from the working directory itself (DESIGN.md, CLI contract).
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface ProjectPaths {
  root: string;
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
    stateDir,
    runsDir: join(stateDir, "runs"),
    embeddedDir: join(stateDir, "pg"),
    schema: join(root, "prisma", "schema.prisma"),
    migrationsDir: join(root, "prisma", "migrations"),
    presetDirs: own === builtin ? [own] : [own, builtin],
  };
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
