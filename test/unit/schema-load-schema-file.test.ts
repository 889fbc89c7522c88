// loadSchemaFile / readSchemaFiles: one file, a folder of .prisma files, and missing paths.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import { loadSchemaFile, readSchemaFiles } from "../../src/migrate/index.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "seedband-schema-"));
  await mkdir(join(dir, "multi", "models"), { recursive: true });
  await mkdir(join(dir, "multi", "migrations", "20250101000000_x"), { recursive: true });
  await mkdir(join(dir, "empty"));
  await writeFile(
    join(dir, "single.prisma"),
    'datasource db {\n  provider = "postgresql"\n}\nmodel One {\n  id Int @id\n}\n',
  );
  await writeFile(join(dir, "multi", "schema.prisma"), 'datasource db {\n  provider = "postgresql"\n}\n');
  await writeFile(join(dir, "multi", "models", "b.prisma"), "model B {\n  id Int @id\n}\n");
  await writeFile(join(dir, "multi", "models", "a.prisma"), "model A {\n  id Int @id\n}\n");
  await writeFile(join(dir, "multi", "notes.txt"), "model Nope {\n");
  await writeFile(join(dir, "multi", "migrations", "20250101000000_x", "migration.sql"), "SELECT 1;");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<SeedbandError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedbandError);
  return error as SeedbandError;
}

describe("loadSchemaFile", () => {
  it("reads one file", async () => {
    const graph = await loadSchemaFile(join(dir, "single.prisma"));
    expect(graph.models.map((m) => m.modelName)).toEqual(["One"]);
  });

  it("reads every .prisma file of a folder, recursively and in name order", async () => {
    const files = await readSchemaFiles(join(dir, "multi"));
    expect(files.map(([path]) => path)).toEqual([
      join(dir, "multi", "models", "a.prisma"),
      join(dir, "multi", "models", "b.prisma"),
      join(dir, "multi", "schema.prisma"),
    ]);
    const graph = await loadSchemaFile(join(dir, "multi"));
    expect(graph.models.map((m) => m.modelName).sort()).toEqual(["A", "B"]);
  });

  it("names the path and the fix when it does not exist or holds no schema", async () => {
    const missing = await rejection(loadSchemaFile(join(dir, "nope.prisma")));
    expect(missing.code).toBe("BAD_INPUT");
    expect(missing.message).toContain(join(dir, "nope.prisma"));
    expect(missing.message).toContain("--schema");
    const empty = await rejection(loadSchemaFile(join(dir, "empty")));
    expect(empty.code).toBe("BAD_INPUT");
    expect(empty.message).toContain(`No .prisma files in ${join(dir, "empty")}`);
  });

  it("names the file on disk when the schema is invalid", async () => {
    const path = join(dir, "bad.prisma");
    await writeFile(path, "model Bad {\n  id Int @id\n  x Nope\n}\n");
    const error = await rejection(loadSchemaFile(path));
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toContain(`${path}:3:5`);
  });
});
