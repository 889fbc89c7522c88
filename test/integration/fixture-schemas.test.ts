// Every fixture schema under test/fixtures/schemas seeds on the real server: every table gets
// rows, foreign keys and unique constraints are in place and hold, two runs with one seed give
// identical checksums, and the data keeps DESIGN.md's rules (no real-looking emails, phones,
// cards, SSNs or IBANs).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadSpec, PACKAGE_ROOT } from "../../src/config/index.js";
import { connect, databaseUrl, dropOwnedDatabase } from "../../src/db/index.js";
import {
  loadSchemaFile,
  migrationsFingerprint,
  readMigrations,
  readSchemaFiles,
} from "../../src/migrate/index.js";
import {
  type PreparedBand,
  prepareBand,
  type RunRecord,
  type SeedOptions,
  seedDatabase as seedPrepared,
} from "../../src/pipeline/index.js";
import { scanText } from "../../src/privacy/index.js";
import { type ModelGraph, schemaFilesFingerprint } from "../../src/schema/index.js";
import { tableChecksum, verifyDatabase } from "../../src/verify/index.js";

const FIXTURES = join(PACKAGE_ROOT, "test", "fixtures", "schemas");
const names = readdirSync(FIXTURES).sort();
const server = inject("servers")[0]!.url; // the PostgreSQL 15 server
const { spec, file } = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]);
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await dropOwnedDatabase(server, name).catch(() => {});
});

interface FixtureRun extends SeedOptions {
  band: PreparedBand;
  graph: ModelGraph;
}

/** The fixture's band prepared through the pipeline (seedbandVersion "test": databases of our own). */
async function options(fixture: string, seed: number): Promise<FixtureRun> {
  const dir = join(FIXTURES, fixture);
  const schemaPath = readdirSync(dir).includes("schema.prisma")
    ? join(dir, "schema.prisma")
    : join(dir, "schema");
  const migrations = await readMigrations(join(dir, "migrations"));
  const files = await readSchemaFiles(schemaPath);
  const graph = await loadSchemaFile(schemaPath);
  const band = prepareBand(
    {
      graph,
      migrations,
      schemaFiles: files,
      schemaFingerprint:
        migrations.length > 0 ? migrationsFingerprint(migrations) : schemaFilesFingerprint(files),
      spec,
      specFile: file,
      preset: "generic",
      config: { config: {}, file: undefined, fingerprint: "" },
      schemaPath,
    },
    "ci",
    seed,
    "test",
  );
  // With migrations, no drift check (the fixtures test the load, not drift): no notes to report.
  return { band, graph, ...(migrations.length > 0 ? { driftNotes: [] } : {}) };
}

function seedDatabase(run: FixtureRun): Promise<RunRecord> {
  const { band, graph: _graph, ...options } = run;
  return seedPrepared(band, { url: server, kind: "url" }, options);
}

async function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const checksums = (r: RunRecord) =>
  Object.fromEntries(Object.entries(r.tables).map(([t, x]) => [t, x.checksum]));

describe.each(names)("fixture schema %s", (fixture) => {
  let first: RunRecord;

  it("seeds: every table has rows, foreign keys hold, no orphans", async () => {
    first = await seedDatabase(await options(fixture, 301));
    created.push(first.database.name);
    expect(first.errors).toEqual([]);
    expect(first.status).toBe("ok");
    expect(Object.keys(first.tables).length).toBeGreaterThan(0);
    for (const [table, t] of Object.entries(first.tables)) expect(t.rows, table).toBeGreaterThan(0);
    expect(first.orphans).toBe(0);
  });

  it("records checksums (taken from the stream where it is canonical) that the database itself gives", async () => {
    const session = await connect(databaseUrl(server, first.database.name));
    try {
      for (const model of (await options(fixture, 301)).graph.models) {
        if (!first.tables[model.tableName]) continue;
        expect(await tableChecksum(session, model), model.tableName).toEqual(first.tables[model.tableName]);
      }
    } finally {
      await session.end();
    }
  });

  it("verify --realism: no row created before a row it references, no later moment before its anchor, no relation leaving its tenant", async () => {
    const run = await options(fixture, 301);
    const promises = run.band.generator.timeOrderPromises(run.graph);
    const tenants = run.band.generator.tenantPromises();
    const session = await connect(databaseUrl(server, first.database.name));
    try {
      const planned = Object.fromEntries(Object.entries(first.tables).map(([t, x]) => [t, x.rows]));
      const verified = await verifyDatabase(session, run.graph, {
        planned,
        realism: { timeOrder: promises, tenants },
      });
      expect(verified.errors).toEqual([]);
      expect(verified.realism?.violations).toBe(0);
      expect(verified.realism?.timeOrder.length).toBe(promises.length);
      expect(verified.realism?.tenants.length).toBe(tenants.length);
    } finally {
      await session.end();
    }
  });

  it("has its foreign keys and unique constraints in place after the load", async () => {
    const db = databaseUrl(server, first.database.name);
    const graph = (await options(fixture, 301)).graph;
    const fkCount = graph.models.reduce((s, m) => s + m.foreignKeys.length, 0);
    const [fks] = await rows<{ n: string }>(
      db,
      "SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f' AND connamespace::regnamespace::text NOT IN ('pg_catalog', '_seedband')",
    );
    expect(Number(fks?.n)).toBe(fkCount);
    for (const model of graph.models) {
      for (const key of [model.primaryKey, ...model.uniques].filter((k) => k.length > 0)) {
        const cols = key
          .map((f) => `"${model.columns.find((c) => c.fieldName === f)!.columnName}"`)
          .join(", ");
        const [dupes] = await rows<{ n: string }>(
          db,
          `SELECT count(*) AS n FROM (SELECT ${cols} FROM "${model.schemaName}"."${model.tableName}" GROUP BY ${cols} HAVING count(*) > 1) d`,
        );
        expect(Number(dupes?.n), `${model.modelName} (${key.join(", ")})`).toBe(0);
      }
    }
  });

  it("gives identical bytes for the same seed and other bytes for another", async () => {
    const again = await seedDatabase({ ...(await options(fixture, 301)), fresh: true });
    expect(checksums(again)).toEqual(checksums(first));
    const other = await seedDatabase(await options(fixture, 302));
    created.push(other.database.name);
    expect(checksums(other)).not.toEqual(checksums(first));
  });

  it("keeps the data rules: no email outside reserved domains, no real phone, card, SSN or IBAN", async () => {
    const db = databaseUrl(server, first.database.name);
    const graph = (await options(fixture, 301)).graph;
    let scanned = 0;
    for (const model of graph.models) {
      const text = model.columns.filter((c) => ["String", "Json", "Enum"].includes(c.type));
      if (text.length === 0) continue;
      const select = text.map((c) => `"${c.columnName}"::text AS "${c.columnName}"`).join(", ");
      for (const row of await rows<Record<string, string | null>>(
        db,
        `SELECT ${select} FROM "${model.schemaName}"."${model.tableName}"`,
      )) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null) continue;
          scanned++;
          const findings = scanText(value, "data");
          expect(findings.map((f) => `${model.tableName}.${column}: ${f.type} ${f.preview}`)).toEqual([]);
        }
      }
    }
    expect(scanned).toBeGreaterThan(0);
  });
});
