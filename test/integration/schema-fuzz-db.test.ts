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
import { loadSpec, PACKAGE_ROOT } from "../../src/config/index.js";
import { dropOwnedDatabase } from "../../src/db/index.js";
import { SeedbandError } from "../../src/errors.js";
import { prepareBand, type RunRecord, type SeedOptions, seedDatabase } from "../../src/pipeline/index.js";
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

/** Plans the schema's ci band through the pipeline (a refusal throws here) and seeds it. */
async function seed(
  text: string,
  server: string,
  seedNo: number,
  options: SeedOptions = {},
): Promise<RunRecord> {
  const dir = await mkdtemp(join(tmpdir(), "sb-fuzz-"));
  dirs.push(dir);
  const schemaPath = join(dir, "schema.prisma");
  await writeFile(schemaPath, text);
  const files: Array<[string, string]> = [[schemaPath, text]];
  const band = prepareBand(
    {
      graph: readSchema(files),
      migrations: [],
      schemaFiles: files,
      schemaFingerprint: schemaFilesFingerprint(files),
      spec,
      specFile: file,
      preset: "generic",
      config: { config: {}, file: undefined, fingerprint: "" },
      schemaPath,
    },
    "ci",
    seedNo,
    "test",
  );
  return seedDatabase(band, { url: server, kind: "url" }, options);
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
        record = await seed(text, server.url, 500 + i);
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
        const again = await seed(text, server.url, 500 + i, { fresh: true });
        expect(checksums(again)).toEqual(checksums(record));
      }
    });
  },
);
