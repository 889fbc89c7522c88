// Time flows forward across rows: on the fixture schemas and issue 8's corpus, zero config, every
// row's creation time is at or after the creation time of every row it references (its
// generation parent, its other foreign keys, its self-relation parent, both sides of a join row).
// The control: the same schemas with the cross-row rule switched off break it.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { creationTimeField } from "../../src/factories/time-roles.js";
import { BandGenerator } from "../../src/generate/index.js";
import { loadSchemaFile } from "../../src/migrate/index.js";
import type { ModelGraph } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";
import { generatedTables, type Rows } from "../fuzz/check-generated.js";

const generic: Spec = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]).spec;
const fixtures = join(PACKAGE_ROOT, "test", "fixtures");
const SCHEMAS = [
  join(fixtures, "schemas", "project-management", "schema.prisma"),
  join(fixtures, "schemas", "issue-tracker", "schema.prisma"),
  join(fixtures, "corpus", "crm", "schema.prisma"),
  join(fixtures, "corpus", "forms", "schema.prisma"),
  join(fixtures, "corpus", "observability", "schema.prisma"),
  join(fixtures, "corpus", "signing", "schema"),
];

function tablesOf(graph: ModelGraph, spec: Spec): Record<string, Rows> {
  const gen = new BandGenerator({ graph, spec, band: "ci", seed: 1 });
  return Object.fromEntries(generatedTables(gen).tables);
}

/** Epoch ms of a COPY timestamp ("2025-03-10 20:21:25.314+00") or date ("2025-03-12"). */
function ms(text: string): number {
  return Date.parse(
    text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(" ", "T").replace(/\+00$/, "")}Z`,
  );
}

/** Per foreign key whose two ends have creation times: the pairs compared and those out of order. */
function crossRowOrder(graph: ModelGraph, tables: Record<string, Rows>) {
  let pairs = 0;
  let backwards = 0;
  const broken: string[] = [];
  for (const model of graph.models) {
    const created = creationTimeField(model);
    const rows = tables[model.tableName];
    if (!created || !rows) continue;
    const createdColumn = model.columns.find((c) => c.fieldName === created)!.columnName;
    for (const fk of model.foreignKeys) {
      const target = graph.models.find((m) => m.modelName === fk.targetModel)!;
      const targetCreated = creationTimeField(target);
      const targetRows = tables[target.tableName];
      if (!targetCreated || !targetRows) continue;
      const targetColumn = target.columns.find((c) => c.fieldName === targetCreated)!.columnName;
      const byKey = new Map(
        targetRows.map((r) => [fk.targetColumns.map((c) => r[c]).join("\u0000"), r[targetColumn]]),
      );
      let out = 0;
      for (const row of rows) {
        if (fk.columns.some((c) => row[c] === null) || row[createdColumn] === null) continue;
        const parentCreated = byKey.get(fk.columns.map((c) => row[c]).join("\u0000"));
        if (parentCreated === undefined || parentCreated === null) continue;
        pairs++;
        // A date-only column is compared at its day.
        const a = ms(row[createdColumn]!);
        const b = ms(parentCreated);
        const day = row[createdColumn]!.length === 10 || parentCreated.length === 10;
        if (day ? Math.floor(a / 86_400_000) < Math.floor(b / 86_400_000) : a < b) out++;
      }
      backwards += out;
      if (out > 0) broken.push(`${model.modelName}.${fk.relationField}: ${out}`);
    }
  }
  return { pairs, backwards, broken };
}

/** The generic spec with every creation time drawn on its own (the cross-row rule off). */
function withoutCrossRowOrder(graph: ModelGraph): Spec {
  const models: Spec["models"] = { ...generic.models };
  for (const model of graph.models) {
    const created = creationTimeField(model);
    if (!created) continue;
    const own = models[model.modelName] ?? {};
    models[model.modelName] = {
      ...own,
      fields: { ...own.fields, [created]: { timestamp: { profile: "default" } } },
    };
  }
  return { ...generic, models };
}

describe("time flows forward across rows, zero config", () => {
  for (const file of SCHEMAS) {
    const name = file.split("/").slice(-2, -1)[0]!;
    it(`${name}: no row is created before a row it references`, async () => {
      const graph = await loadSchemaFile(file);
      const result = crossRowOrder(graph, tablesOf(graph, generic));
      expect(result.broken).toEqual([]);
      expect(result.backwards).toBe(0);
      expect(result.pairs).toBeGreaterThan(100);
    });
  }

  it("breaks without the rule (the check above can fail)", async () => {
    const graph = await loadSchemaFile(SCHEMAS[0]!);
    const result = crossRowOrder(graph, tablesOf(graph, withoutCrossRowOrder(graph)));
    expect(result.backwards).toBeGreaterThan(result.pairs / 5);
  });
});
