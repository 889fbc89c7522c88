// Generated schemas (test/fuzz) seeded into real PostgreSQL, both servers, with every primary key,
// unique key and foreign key built by the server: the sample that proves what the in-process
// checker (test/unit/schema-fuzz.test.ts) checks on hundreds more. Each seeds (rows in every
// table, no orphans) or is refused with exit 2 before anything is created; a second fresh build
// gives the same checksums.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { dropOwnedDatabase } from "../../src/db/index.js";
import { SeedbandError } from "../../src/errors.js";
import { type RunRecord, type SeedOptions, seedDatabase } from "../../src/load/index.js";
import { readSchema, schemaFilesFingerprint } from "../../src/schema/index.js";
import { prismaSchemaArbitrary } from "../fuzz/prisma-schema-arbitrary.js";

const servers = inject("servers");
const { spec, file } = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]);
const schemas = fc.sample(prismaSchemaArbitrary, { seed: 1130, numRuns: 12 });
const created: Array<[string, string]> = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const [server, name] of created) await dropOwnedDatabase(server, name).catch(() => {});
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function options(text: string, server: string, seed: number): Promise<SeedOptions> {
  const dir = await mkdtemp(join(tmpdir(), "sb-fuzz-"));
  dirs.push(dir);
  await writeFile(join(dir, "schema.prisma"), text);
  const files: Array<[string, string]> = [[join(dir, "schema.prisma"), text]];
  return {
    serverUrl: server,
    provider: "url",
    graph: readSchema(files),
    migrations: [],
    schemaFiles: files,
    schemaFingerprint: schemaFilesFingerprint(files),
    spec,
    specFile: file,
    preset: "generic",
    band: "ci",
    seed,
    seedbandVersion: "test",
  };
}

const checksums = (r: RunRecord) =>
  Object.fromEntries(Object.entries(r.tables).map(([t, x]) => [t, x.checksum]));

describe.each(schemas.map((s, i) => [i, s.summary, s.text] as const))(
  "generated schema %i (%s)",
  (i, _summary, text) => {
    const server = servers[i % servers.length]!;
    it(`seeds with every key and foreign key built by ${server.name}, or is refused up front`, async () => {
      let record: RunRecord;
      try {
        record = await seedDatabase(await options(text, server.url, 500 + i));
      } catch (error) {
        expect(error, text).toBeInstanceOf(SeedbandError);
        expect((error as SeedbandError).exitCode, text).toBe(2);
        return;
      }
      created.push([server.url, record.database.name]);
      expect(record.errors, text).toEqual([]);
      expect(record.orphans).toBe(0);
      for (const [table, t] of Object.entries(record.tables))
        expect(t.rows, `${table}\n${text}`).toBeGreaterThan(0);
      if (i % 3 === 0) {
        const again = await seedDatabase({ ...(await options(text, server.url, 500 + i)), fresh: true });
        expect(checksums(again)).toEqual(checksums(record));
      }
    });
  },
);
