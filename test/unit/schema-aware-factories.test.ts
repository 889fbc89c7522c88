// Schema-aware generation for schemas other than ours, from inline Prisma schemas: what each
// model and column gets when the spec is silent, and what is refused before anything is created.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyConfig } from "../../src/config/apply-config.js";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { SeedbandError } from "../../src/errors.js";
import type { Overrides } from "../../src/factories/user-generator.js";
import { BandGenerator } from "../../src/generate/index.js";
import { readSchema } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";
import { generatedTables } from "../fuzz/check-generated.js";

const generic: Spec = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]).spec;
const HEAD = 'datasource db {\n  provider = "postgresql"\n}\n';

/** Compact inline schemas: `model A { id Int @id\n x Int }` → Prisma's one-field-per-line blocks. */
function prisma(compact: string): string {
  return (
    HEAD +
    compact
      .replace(
        /enum (\w+) \{([^}]*)\}/g,
        (_m, name: string, values: string) => `enum ${name} {\n${values.trim().split(/\s+/).join("\n")}\n}`,
      )
      .replace(/\{ /g, "{\n")
      .replace(/ \}/g, "\n}")
  );
}

function generate(schema: string, spec: Spec = generic, overrides?: Overrides, seed = 1) {
  const graph = readSchema([["schema.prisma", prisma(schema)]]);
  const gen = new BandGenerator({ graph, spec, band: "ci", seed, specFile: "test", overrides });
  return { graph, tables: Object.fromEntries(generatedTables(gen).tables) };
}

function refusal(f: () => unknown): SeedbandError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(SeedbandError);
    return error as SeedbandError;
  }
  throw new Error("expected a refusal");
}

describe("keys derived from positions", () => {
  it("gives UUID, cuid and string keys that are unique and that foreign keys reference", () => {
    const { tables } = generate(`
      model A { id String @id @default(uuid()) @db.Uuid
                bs B[] }
      model B { id String @id @default(cuid())
                a A @relation(fields: [aId], references: [id])
                aId String @db.Uuid
                cs C[] }
      model C { code String @id @db.VarChar(6)
                b B @relation(fields: [bId], references: [id])
                bId String }`);
    const a = tables.A!;
    expect(a).toHaveLength(200);
    expect(new Set(a.map((r) => r.id)).size).toBe(200);
    for (const r of a)
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = new Set(a.map((r) => r.id));
    for (const b of tables.B!) expect(ids.has(b.aId!)).toBe(true);
    expect(new Set(tables.B!.map((r) => r.id)).size).toBe(tables.B!.length);
    for (const b of tables.B!) expect(b.id).toMatch(/^c[0-9a-z]{24}$/);
    const codes = tables.C!.map((r) => r.code!);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c.length).toBeLessThanOrEqual(6);
  });

  it("keeps database-generated columns for the database, unless they are keys", () => {
    const { tables } = generate(`
      model A { id String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
                serial Int @default(dbgenerated("nextval('a_serial')")) }`);
    expect(Object.keys(tables.A![0]!)).toEqual(["id"]);
  });
});

describe("relations", () => {
  it("one-to-one: at most one child per parent, and a permutation for the optional side", () => {
    const { tables } = generate(`
      model User { id Int @id
                   profile Profile?
                   settings Settings? }
      model Profile { id Int @id
                      user User @relation(fields: [userId], references: [id])
                      userId Int @unique }
      model Settings { id Int @id
                       user User? @relation(fields: [userId], references: [id])
                       userId Int? @unique }`);
    const profiles = tables.Profile!.map((r) => r.userId);
    expect(new Set(profiles).size).toBe(profiles.length);
    const settings = tables.Settings!.map((r) => r.userId).filter((x) => x !== null);
    expect(settings.length).toBeGreaterThan(0);
    expect(new Set(settings).size).toBe(settings.length);
  });

  it("self relations point at earlier rows, so chains end", () => {
    const { tables } = generate(`
      model Node { id Int @id
                   parent Node? @relation("tree", fields: [parentId], references: [id])
                   parentId Int?
                   children Node[] @relation("tree") }`);
    for (const r of tables.Node!)
      if (r.parentId !== null) expect(Number(r.parentId)).toBeLessThan(Number(r.id));
    const withParent = tables.Node!.filter((r) => r.parentId !== null).length;
    expect(withParent).toBeGreaterThan(100); // optional relations are filled for ~80% of rows
    expect(withParent).toBeLessThan(200);
  });

  it("generates implicit many-to-many tables with distinct pairs", () => {
    const { tables } = generate(`
      model Post { id Int @id
                   tags Tag[] }
      model Tag { id Int @id
                  posts Post[] }`);
    const pairs = tables._PostToTag!.map((r) => `${r.A}/${r.B}`);
    expect(pairs.length).toBeGreaterThan(0);
    expect(new Set(pairs).size).toBe(pairs.length);
  });
});

describe("values by type, name and native type", () => {
  const { tables } = generate(`
    enum Role { ADMIN MEMBER GUEST }
    model Thing { id Int @id
                  email String
                  contactEmail String @unique @db.VarChar(24)
                  phone String
                  price Decimal @db.Decimal(5, 2)
                  short String @unique @db.VarChar(4)
                  roles Role[]
                  labels String[]
                  day DateTime @db.Date
                  data Json
                  active Boolean @default(true)
                  stars Int @default(3) }`);
  const rows = tables.Thing!;

  it("emails at the reserved domain, phones in fictional ranges, unique values within VarChar limits", () => {
    for (const r of rows) {
      expect(r.email).toMatch(/@example\.com$/);
      expect(r.contactEmail!.length).toBeLessThanOrEqual(24);
      expect(r.phone).toMatch(/^(\+1-\d{3}-555-01\d{2}|\+44 7700 900\d{3})$/);
      expect(r.short!.length).toBeLessThanOrEqual(4);
    }
    expect(new Set(rows.map((r) => r.contactEmail)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.short)).size).toBe(rows.length);
  });

  it("Decimal within precision, dates as dates, lists and JSON well-formed, defaults dominant", () => {
    for (const r of rows) {
      expect(r.price).toMatch(/^\d{1,3}\.\d{2}$/);
      expect(r.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.roles).toMatch(/^\{("(ADMIN|MEMBER|GUEST)"(,|(?=\})))*\}$/);
      expect(() => JSON.parse(r.data!)).not.toThrow();
      expect(r.stars).toMatch(/^[1-5]$/); // a rating keeps its range whatever its @default
    }
    // A boolean @default holds for most rows, not all (field-inference.test.ts has the rules).
    const active = rows.filter((r) => r.active === "t").length / rows.length;
    expect(active).toBeGreaterThan(0.8);
    expect(active).toBeLessThan(1);
  });
});

describe("refusals before anything is created", () => {
  it("a required Unsupported column", () => {
    const error = refusal(() =>
      generate(`model A { id Int @id
                                                   shape Unsupported("geometry") }`),
    );
    expect(error.code).toBe("SCHEMA_UNSUPPORTED");
    expect(error.message).toContain('A.shape is a required Unsupported("geometry") column');
  });

  it("a unique column whose value space is smaller than the rows: capped without a spec, refused with a count", () => {
    const schema = `enum Size { S M L }
                    model A { id Int @id
                              size Size @unique }`;
    const capped = generate(schema).tables.A!;
    expect(capped.map((r) => r.size).sort()).toEqual(["L", "M", "S"]);
    const spec: Spec = { ...generic, models: { A: { count: 200 } } };
    const error = refusal(() => generate(schema, spec));
    expect(error.code).toBe("UNIQUE_EXHAUSTED");
    expect(error.message).toMatch(
      /A: test asks for 200 rows, but size is unique and has 3 possible values: at most 3\. Fix: give A `count: 3`/,
    );
    // The fix, applied literally, works.
    expect(generate(schema, { ...generic, models: { A: { count: 3 } } }).tables.A).toHaveLength(3);
  });

  it("a model no spec names and no band `rows` covers", () => {
    const spec: Spec = { ...generic, bands: { ci: {} } };
    expect(refusal(() => generate("model A { id Int @id }", spec)).message).toMatch(/defines no "rows"/);
  });
});

describe("seedband.config.ts overrides", () => {
  const schema = `model Customer { id Int @id
                                   plan String
                                   nickname String
                                   referral String @unique }`;
  const graph = readSchema([["schema.prisma", prisma(schema)]]);

  it("functions, fixed values, per-band counts and traits win over the spec, deterministically", () => {
    const config = {
      models: {
        Customer: {
          count: { ci: 50, dev: 5000 },
          fields: {
            plan: { value: "free" },
            nickname: ({ faker }: { faker: import("@faker-js/faker").Faker }) => faker.word.adjective(),
            referral: ({ index }: { index: number }) => `ref-${index + 1}`,
          },
          traits: { vip: { share: 0.2, fields: { plan: { value: "enterprise" } } } },
        },
      },
    };
    const { spec, overrides } = applyConfig(generic, config, "ci", graph, "seedband.config.ts");
    const a = generate(schema, spec, overrides).tables.Customer!;
    const b = generate(schema, spec, overrides).tables.Customer!;
    expect(a).toHaveLength(50);
    expect(a).toEqual(b);
    expect(a[0]!.referral).toBe("ref-1");
    const vip = a.filter((r) => r.plan === "enterprise").length;
    expect(vip).toBeGreaterThan(2);
    expect(vip).toBeLessThan(20);
    expect(a.filter((r) => r.plan === "free").length).toBe(50 - vip);
    expect(new Set(a.map((r) => r.nickname)).size).toBeGreaterThan(10);
  });

  it("a function that repeats values of a unique column is stopped after bounded retries", () => {
    const config = { models: { Customer: { fields: { referral: () => "same" } } } };
    const { spec, overrides } = applyConfig(generic, config, "ci", graph, "seedband.config.ts");
    const error = refusal(() => generate(schema, spec, overrides));
    expect(error.code).toBe("UNIQUE_EXHAUSTED");
    expect(error.message).toMatch(/Customer\.referral.*row 2, seed 1/);
  });

  it("names a model the schema does not have", () => {
    expect(
      refusal(() => applyConfig(generic, { models: { Nope: {} } }, "ci", graph, "seedband.config.ts"))
        .message,
    ).toMatch(/\$\.models\.Nope names a model the Prisma schema does not have/);
  });
});

describe("composite keys of foreign keys only", () => {
  it("draw distinct pairs over the table when the rows are not generated under one of them", () => {
    const schema = `model A { id Int @id
                              links Link[] }
                    model B { id Int @id
                              links Link[] }
                    model C { id Int @id
                              links Link[] }
                    model Link { id Int @id
                                 c C @relation(fields: [cId], references: [id])
                                 cId Int
                                 a A @relation(fields: [aId], references: [id])
                                 aId Int
                                 b B @relation(fields: [bId], references: [id])
                                 bId Int
                                 @@unique([aId, bId]) }`;
    const spec: Spec = { ...generic, models: { Link: { parent: "c", fanOut: { fixed: 1 } } } };
    const links = generate(schema, spec).tables.Link!;
    expect(links).toHaveLength(200);
    expect(new Set(links.map((l) => `${l.aId}/${l.bId}`)).size).toBe(links.length);
    // Generated under one of them, the pairs are distinct per parent row.
    const ok: Spec = {
      ...generic,
      models: { Link: { parent: "a", fanOut: { uniform: { min: 0, max: 3 } } } },
    };
    const under = generate(schema, ok).tables.Link!;
    expect(under.length).toBeGreaterThan(0);
    expect(new Set(under.map((l) => `${l.aId}/${l.bId}`)).size).toBe(under.length);
  });
});
