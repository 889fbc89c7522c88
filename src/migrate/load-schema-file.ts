// Reads a Prisma schema from disk — one file, or a folder of `.prisma` files (Prisma's
// multi-file schema) — and hands the texts to the pure readSchema. The only file access of
// the schema reader lives here.

import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { SeedbandError } from "../errors.js";
import { type ModelGraph, readSchema, type SchemaFile } from "../schema/index.js";

/**
 * Reads the schema at `path` (a `.prisma` file or a folder searched recursively for them,
 * in name order) into the model graph.
 *
 * @example
 * const graph = await loadSchemaFile("prisma/schema.prisma");
 */
export async function loadSchemaFile(path: string): Promise<ModelGraph> {
  return readSchema(await readSchemaFiles(path));
}

/** The `[path, text]` pairs of the schema at `path`, as readSchema (and Prisma's engines) take them. */
export async function readSchemaFiles(path: string): Promise<SchemaFile[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Prisma schema not found at ${path}. Fix: pass the path of schema.prisma (or of a folder of .prisma files) with --schema.`,
      { cause: error },
    );
  }
  const paths = isDirectory ? await prismaFilesUnder(path) : [path];
  if (paths.length === 0) {
    throw new SeedbandError(
      "BAD_INPUT",
      `No .prisma files in ${path}. Fix: pass the path of schema.prisma (or of a folder holding the .prisma files) with --schema.`,
    );
  }
  return Promise.all(paths.map(async (p): Promise<SchemaFile> => [p, await readFile(p, "utf8")]));
}

async function prismaFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  // Sorted by code unit, not locale: the same files in the same order on every machine.
  const names = entries.map((e) => e.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const found: string[] = [];
  for (const name of names) {
    const entry = entries.find((e) => e.name === name);
    const full = join(dir, name);
    if (entry?.isDirectory()) {
      // Migrations hold SQL, never schema files; skipping them saves a walk of many folders.
      if (name !== "migrations" && name !== "node_modules" && !name.startsWith(".")) {
        found.push(...(await prismaFilesUnder(full)));
      }
    } else if (entry?.isFile() && name.endsWith(".prisma")) {
      found.push(full);
    }
  }
  return found;
}
