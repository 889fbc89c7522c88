// readMigrations and migrationsFingerprint on the reference migrations and temporary folders
// (no database: applying them is test/integration/migrations-apply.test.ts).

import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import { migrationsFingerprint, readMigrations } from "../../src/migrate/index.js";

const REFERENCE = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const NAMES = ["20250101000000_baseline", "20250102000000_hot_path_indexes"];

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "seedband-migrations-"));
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

describe("readMigrations", () => {
  it("reads the reference migrations in order, ignoring migration_lock.toml", async () => {
    const migrations = await readMigrations(REFERENCE);
    expect(migrations.map((m) => m.name)).toEqual(NAMES);
    for (const m of migrations) {
      const bytes = await readFile(join(REFERENCE, m.name, "migration.sql"));
      expect(m.sql).toBe(bytes.toString("utf8"));
      expect(m.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(m.path).toBe(join(REFERENCE, m.name, "migration.sql"));
    }
    expect(migrations[1]?.sql).toContain("INCLUDE");
  });

  it("sorts by code unit like Prisma, not by locale", async () => {
    const root = join(dir, "order");
    for (const name of ["b_second", "B_first", "a_third"]) {
      await mkdir(join(root, name), { recursive: true });
      await writeFile(join(root, name, "migration.sql"), `-- ${name}\n`);
    }
    expect((await readMigrations(root)).map((m) => m.name)).toEqual(["B_first", "a_third", "b_second"]);
  });

  it("hashes the file's bytes as they are (a CRLF file keeps its own checksum)", async () => {
    const root = join(dir, "crlf");
    await mkdir(join(root, "1_crlf"), { recursive: true });
    const bytes = Buffer.from("CREATE TABLE t (id int);\r\n", "utf8");
    await writeFile(join(root, "1_crlf", "migration.sql"), bytes);
    const [m] = await readMigrations(root);
    expect(m?.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(m?.checksum).not.toBe(createHash("sha256").update("CREATE TABLE t (id int);\n").digest("hex"));
  });

  it("stops at upTo, inclusive", async () => {
    const migrations = await readMigrations(REFERENCE, { upTo: NAMES[0] });
    expect(migrations.map((m) => m.name)).toEqual([NAMES[0]]);
  });

  it("rejects an unknown upTo, listing the names there are", async () => {
    const error = await rejection(readMigrations(REFERENCE, { upTo: "20250103000000_nope" }));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).toContain("20250103000000_nope");
    expect(error.message).toContain(`Available: ${NAMES.join(", ")}`);
  });

  it("returns nothing for a missing folder, and names a folder without migration.sql", async () => {
    expect(await readMigrations(join(dir, "does-not-exist"))).toEqual([]);
    const root = join(dir, "hollow");
    await mkdir(join(root, "1_empty"), { recursive: true });
    const error = await rejection(readMigrations(root));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).toContain(join(root, "1_empty"));
  });
});

describe("migrationsFingerprint", () => {
  it("is stable and changes with any name or checksum", async () => {
    const migrations = await readMigrations(REFERENCE);
    const fingerprint = migrationsFingerprint(migrations);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationsFingerprint(await readMigrations(REFERENCE))).toBe(fingerprint);
    const [first, second] = migrations as [(typeof migrations)[0], (typeof migrations)[0]];
    expect(migrationsFingerprint([first])).not.toBe(fingerprint);
    expect(migrationsFingerprint([second, first])).not.toBe(fingerprint);
    expect(migrationsFingerprint([first, { ...second, checksum: first.checksum }])).not.toBe(fingerprint);
    expect(migrationsFingerprint([first, { ...second, name: `${second.name}x` }])).not.toBe(fingerprint);
    // The SQL text and the path are not part of it: only what Prisma records.
    expect(migrationsFingerprint([first, { ...second, sql: "", path: "elsewhere" }])).toBe(fingerprint);
  });
});
