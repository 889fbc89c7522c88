// The corpus of SaaS-style schemas (test/fixtures/corpus, 40+ models each) seeds with zero config
// on both servers: every table has rows, every primary, unique and foreign key holds (checked by
// queries, so relationMode = "prisma" schemas without database foreign keys are checked too), the
// recorded checksums are the database's own, and a second --fresh build gives the same ones.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadSpec, PACKAGE_ROOT } from "../../src/config/index.js";
import { connect, databaseUrl, dropOwnedDatabase } from "../../src/db/index.js";
import { loadSchemaFile, readSchemaFiles } from "../../src/migrate/index.js";
import {
  type PreparedBand,
  prepareBand,
  type RunRecord,
  type SeedOptions,
  seedDatabase as seedPrepared,
} from "../../src/pipeline/index.js";
import { type ModelGraph, schemaFilesFingerprint } from "../../src/schema/index.js";
import { tableChecksum, verifyDatabase } from "../../src/verify/index.js";

const CORPUS = join(PACKAGE_ROOT, "test", "fixtures", "corpus");
const names = readdirSync(CORPUS).sort();
const servers = inject("servers");
const { spec, file } = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]);
const created: Array<[string, string]> = [];

afterAll(async () => {
  for (const [server, name] of created) await dropOwnedDatabase(server, name).catch(() => {});
});

interface CorpusRun extends SeedOptions {
  band: PreparedBand;
  graph: ModelGraph;
  server: string;
}

/** The corpus schema's ci band prepared through the pipeline (seedbandVersion "test"). */
async function options(name: string, server: string): Promise<CorpusRun> {
  const dir = join(CORPUS, name);
  const schemaPath = readdirSync(dir).includes("schema.prisma")
    ? join(dir, "schema.prisma")
    : join(dir, "schema");
  const files = await readSchemaFiles(schemaPath);
  const graph = await loadSchemaFile(schemaPath);
  const band = prepareBand(
    {
      graph,
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
    411,
    "test",
  );
  return { band, graph, server };
}

function seedDatabase(run: CorpusRun): Promise<RunRecord> {
  const { band, graph: _graph, server, ...options } = run;
  return seedPrepared(band, { url: server, kind: "url" }, options);
}

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
  } finally {
    await client.end();
  }
}

const checksums = (r: RunRecord) =>
  Object.fromEntries(Object.entries(r.tables).map(([t, x]) => [t, x.checksum]));

describe.each(names)("corpus schema %s", (name) => {
  it.each(servers.map((s) => [s.name, s.url] as const))(
    "seeds with zero config on %s: rows everywhere, keys and foreign keys valid, same checksums twice",
    async (_label, server) => {
      const opts = await options(name, server);
      const record = await seedDatabase(opts);
      created.push([server, record.database.name]);
      expect(record.errors).toEqual([]);
      expect(record.orphans).toBe(0);
      expect(opts.graph.models.length).toBeGreaterThanOrEqual(40);
      for (const [table, t] of Object.entries(record.tables)) expect(t.rows, table).toBeGreaterThan(0);
      const db = databaseUrl(server, record.database.name);
      for (const model of opts.graph.models) {
        for (const key of [model.primaryKey, ...model.uniques].filter((k) => k.length > 0)) {
          const cols = key
            .map((f) => `"${model.columns.find((c) => c.fieldName === f)!.columnName}"`)
            .join(", ");
          const dupes = await count(
            db,
            `SELECT count(*) AS n FROM (SELECT 1 FROM "${model.schemaName}"."${model.tableName}" GROUP BY ${cols} HAVING count(*) > 1 AND bool_and(${key.map((f) => `"${model.columns.find((c) => c.fieldName === f)!.columnName}" IS NOT NULL`).join(" AND ")})) d`,
          );
          expect(dupes, `${model.modelName} (${key.join(", ")})`).toBe(0);
        }
      }
      // Checksums taken while loading (canonical streams) are the database's own.
      const session = await connect(db);
      try {
        for (const model of opts.graph.models) {
          expect(await tableChecksum(session, model), model.tableName).toEqual(
            record.tables[model.tableName],
          );
        }
      } finally {
        await session.end();
      }
      // verify --realism: time flows forward across and within rows; relations stay in their tenant.
      const promises = opts.band.generator.timeOrderPromises(opts.graph);
      const tenants = opts.band.generator.tenantPromises();
      expect(promises.length).toBeGreaterThan(3);
      const realism = await connect(db);
      try {
        const planned = Object.fromEntries(Object.entries(record.tables).map(([t, x]) => [t, x.rows]));
        const verified = await verifyDatabase(realism, opts.graph, {
          planned,
          realism: { timeOrder: promises, tenants },
        });
        expect(verified.realism?.timeOrder.filter((c) => c.violations > 0)).toEqual([]);
        expect(verified.realism?.tenants.filter((c) => c.violations > 0)).toEqual([]);
        expect(verified.realism!.timeOrder.reduce((s, c) => s + c.rows, 0)).toBeGreaterThan(1000);
      } finally {
        await realism.end();
      }
      const again = await seedDatabase({ ...opts, fresh: true });
      expect(checksums(again)).toEqual(checksums(record));
    },
  );
});
