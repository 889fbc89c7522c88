// Small tables the planner must not treat as big ones: a single-row table (its key defaults to a
// constant) gets one row, and a lookup table keyed by an enum is never the generation parent of a
// model that can be a root instead (every user under one of three tiers would collapse the tree).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { BandGenerator, planReport } from "../../src/generate/index.js";
import { readSchema } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";
import { checkGenerated, generatedTables } from "../fuzz/check-generated.js";

const generic: Spec = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]).spec;
const HEAD = 'datasource db {\n  provider = "postgresql"\n}\n';

const SCHEMA = `${HEAD}
enum TierName {
  FREE
  PRO
  TEAM
}
model Tier {
  name  TierName @id
  price Int
  users User[]
}
model Settings {
  id          Int     @id @default(1)
  maintenance Boolean @default(false)
}
model User {
  id       Int      @id @default(autoincrement())
  tierName TierName
  tier     Tier     @relation(fields: [tierName], references: [name])
  posts    Post[]
}
model Post {
  id     Int  @id @default(autoincrement())
  userId Int
  user   User @relation(fields: [userId], references: [id])
}
`;

function plan() {
  const graph = readSchema([["schema.prisma", SCHEMA]]);
  const gen = new BandGenerator({ graph, spec: generic, band: "ci", seed: 5 });
  const models = Object.fromEntries(planReport(gen.plan).models.map((m) => [m.model, m]));
  return { graph, gen, models };
}

describe("lookup and single-row tables, zero config", () => {
  it("gives a table whose key defaults to a constant one row", () => {
    const { models } = plan();
    expect(models.Settings!.rows).toBe(1);
    expect(models.User!.rows).toBe(generic.bands.ci!.rows);
  });

  it("generates users as roots that pick their tier, not under the enum-keyed Tier table", () => {
    const { graph, gen, models } = plan();
    expect(models.User!.parent).toBeUndefined();
    expect(models.User!.root).toMatch(/lookup tables/);
    expect(models.User!.relations.find((r) => r.relation === "tier")?.kind).not.toBe("parent");
    expect(models.Tier!.rows).toBeLessThanOrEqual(3);
    const { tables } = generatedTables(gen);
    expect(checkGenerated(graph, tables)).toEqual([]);
  });
});
