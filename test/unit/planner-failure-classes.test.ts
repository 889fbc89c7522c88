// The failure classes of issue 11, each as the smallest schema that showed it, planned and
// generated in process and checked row by row (keys distinct, foreign keys pointing at rows that
// exist, no table empty). Before the planner solved constraints, each of these was refused, broke
// a key, or left a table empty. The classes that need a server (extensions, Json[] through COPY,
// database defaults) are in test/e2e/planner-refusals.test.ts.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyConfig } from "../../src/config/apply-config.js";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { SeedbandError } from "../../src/errors.js";
import type { Overrides } from "../../src/factories/user-generator.js";
import { BandGenerator, planReport } from "../../src/generate/index.js";
import { readSchema } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";
import { checkGenerated, generatedTables } from "../fuzz/check-generated.js";

const generic: Spec = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]).spec;
const HEAD = 'datasource db {\n  provider = "postgresql"\n}\n';

function seed(schema: string, spec: Spec = generic, overrides?: Overrides) {
  const graph = readSchema([["schema.prisma", HEAD + schema]]);
  const gen = new BandGenerator({
    graph,
    spec,
    band: "ci",
    seed: 3,
    specFile: "seedband.config.ts",
    ...(overrides ? { overrides } : {}),
  });
  const { tables, digest } = generatedTables(gen);
  return { graph, gen, tables, digest, problems: checkGenerated(graph, tables) };
}

function refusal(f: () => unknown): SeedbandError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(SeedbandError);
    expect((error as SeedbandError).exitCode).toBe(2);
    return error as SeedbandError;
  }
  throw new Error("expected a refusal");
}

describe("1. a required one-to-one that is not the model's parent", () => {
  const schema = `
model User {
  id        Int        @id @default(autoincrement())
  documents Document[]
}
model DocumentData {
  id       String    @id @default(cuid())
  document Document?
  template Template?
}
model Document {
  id     Int          @id @default(autoincrement())
  userId Int
  user   User         @relation(fields: [userId], references: [id])
  dataId String       @unique
  data   DocumentData @relation(fields: [dataId], references: [id])
}
model Template {
  id     Int          @id @default(autoincrement())
  dataId String       @unique
  data   DocumentData @relation(fields: [dataId], references: [id])
}`;

  it("is generated under its target (at most one row per target row), every key valid", () => {
    const { gen, problems, tables } = seed(schema);
    expect(problems).toEqual([]);
    const documents = gen.plan.models.find((m) => m.model.modelName === "Document")!;
    expect(documents.structure.parent?.fk.relationField).toBe("data");
    expect(documents.structure.parent?.why).toMatch(/required one-to-one/);
    expect(tables.get("Document")!.length).toBeLessThanOrEqual(tables.get("DocumentData")!.length);
  });
});

describe("2. a composite unique key holding an enum or boolean column", () => {
  it("makes the other column unique, or draws distinct tuples of the enum and boolean", () => {
    const { problems, tables } = seed(`
enum Source {
  YAHOO
  MANUAL
  GOOGLE
}
model Resolution {
  id     Int    @id @default(autoincrement())
  source Source
  symbol String
  @@unique([source, symbol])
}
model Flagged {
  id     Int     @id @default(autoincrement())
  source Source
  active Boolean
  @@unique([source, active])
}`);
    expect(problems).toEqual([]);
    expect(tables.get("Resolution")).toHaveLength(200);
    // Three sources × two booleans: the key's capacity bounds the table, with every tuple used.
    const flagged = tables.get("Flagged")!;
    expect(flagged).toHaveLength(6);
    expect(new Set(flagged.map((r) => `${r.source}/${r.active}`)).size).toBe(6);
  });
});

describe("3. a unique key made of optional foreign keys only", () => {
  it("draws distinct pairs over the table; refusals name seedband.config.ts", () => {
    const schema = `
model Org {
  id      Int    @id @default(autoincrement())
  folders Folder[]
  owned   Folder[] @relation("owner")
}
model Folder {
  id       Int     @id @default(autoincrement())
  orgId    Int
  org      Org     @relation(fields: [orgId], references: [id])
  ownerId  Int?
  owner    Org?    @relation("owner", fields: [ownerId], references: [id])
  parentId Int?
  parent   Space?  @relation(fields: [parentId], references: [id])
  @@unique([ownerId, parentId])
}
model Space {
  id      Int      @id @default(autoincrement())
  folders Folder[]
}`;
    const { problems, tables } = seed(schema);
    expect(problems).toEqual([]);
    const pairs = tables.get("Folder")!.filter((r) => r.ownerId !== null && r.parentId !== null);
    expect(pairs.length).toBeGreaterThan(50);
    const error = refusal(() =>
      seed(schema, { ...generic, models: { Space: { count: 0 }, Org: { count: 0 } } }),
    );
    expect(error.message).toContain("seedband.config.ts");
    expect(error.message).not.toMatch(/generic\.json/);
  });
});

describe("4. keys built from foreign keys", () => {
  it("follows a settings table keyed by its owner's id, and a composite key holding a foreign key", () => {
    const { problems, gen } = seed(`
model User {
  id       String    @id @default(uuid())
  profile  Profile?
  accounts Account[]
  orders   Order[]
}
model Profile {
  id     String  @id
  user   User    @relation(fields: [id], references: [id])
  badges Badge[]
}
model Badge {
  id        Int     @id @default(autoincrement())
  profileId String
  profile   Profile @relation(fields: [profileId], references: [id])
}
model Account {
  id       String    @default(uuid())
  userId   String
  user     User      @relation(fields: [userId], references: [id])
  balances Balance[]
  orders   Order[]
  @@id([id, userId])
}
model Balance {
  id        Int     @id @default(autoincrement())
  accountId String
  userId    String
  account   Account @relation(fields: [accountId, userId], references: [id, userId])
}
model Order {
  id            Int      @id @default(autoincrement())
  userId        String
  user          User     @relation(fields: [userId], references: [id])
  accountId     String?
  accountUserId String?
  account       Account? @relation(fields: [accountId, accountUserId], references: [id, userId])
}`);
    expect(problems).toEqual([]);
    const order = gen.plan.models.find((m) => m.model.modelName === "Order")!;
    // User is the tenant (Account and Order hang from it): an order's account is one of its user's.
    const account = order.structure.references.find((r) => r.fk.relationField === "account");
    expect(account?.kind).toBe("scoped");
    expect(account?.anchor).toEqual({ model: "User", depth: 1, targetDepth: 1 });
  });
});

describe("5. tenant-scoped composite foreign keys sharing a column with another one", () => {
  it("picks the target row under the same tenant, so (formId, tenantId) always exists", () => {
    const { problems, tables } = seed(`
model Tenant {
  id        Int        @id @default(autoincrement())
  forms     Form[]
  contacts  Contact[]
  responses Response[]
}
model Form {
  id        Int        @id @default(autoincrement())
  tenantId  Int
  tenant    Tenant     @relation(fields: [tenantId], references: [id])
  responses Response[]
  @@unique([id, tenantId])
}
model Contact {
  id        Int        @id @default(autoincrement())
  tenantId  Int
  tenant    Tenant     @relation(fields: [tenantId], references: [id])
  responses Response[]
  @@unique([id, tenantId])
}
model Response {
  id        Int      @id @default(autoincrement())
  tenantId  Int
  tenant    Tenant   @relation(fields: [tenantId], references: [id])
  formId    Int
  form      Form     @relation(fields: [formId, tenantId], references: [id, tenantId])
  contactId Int?
  contact   Contact? @relation(fields: [contactId, tenantId], references: [id, tenantId])
}`);
    expect(problems).toEqual([]);
    expect(tables.get("Response")!.filter((r) => r.contactId !== null).length).toBeGreaterThan(10);
  });
});

describe("6. a relation to a model given 0 rows", () => {
  const schema = `
model User {
  id       Int       @id @default(autoincrement())
  comments Comment[]
  posts    Post[]
}
model Post {
  id       Int       @id @default(autoincrement())
  authorId Int
  author   User      @relation(fields: [authorId], references: [id])
  comments Comment[]
}
model Comment {
  id       Int   @id @default(autoincrement())
  postId   Int
  post     Post  @relation(fields: [postId], references: [id])
  authorId Int?
  author   User? @relation(fields: [authorId], references: [id])
}`;
  const graph = readSchema([["schema.prisma", HEAD + schema]]);

  it("is NULL where optional; a required one is refused with a fix that works", () => {
    const error = refusal(() => seed(schema, { ...generic, models: { User: { count: 0 } } }));
    expect(error.message).toMatch(/Post\.author is a required relation, but User has count 0/);
    expect(error.message).toMatch(/Post `count: 0`, Comment `count: 0`/);
    const fixed = seed(schema, {
      ...generic,
      models: { User: { count: 0 }, Post: { count: 0 }, Comment: { count: 0 } },
    });
    expect(fixed.problems.filter((p) => !/has no rows/.test(p))).toEqual([]);
    expect(fixed.gen.warnings()).toEqual(expect.arrayContaining([expect.stringMatching(/User has 0 rows/)]));
  });

  it("honours { value: null } on an optional relation, and refuses it on a required one", () => {
    const config = { models: { Comment: { fields: { author: { value: null } } } } };
    const { spec, overrides } = applyConfig(generic, config, "ci", graph, "seedband.config.ts");
    const { tables, problems } = seed(schema, spec, overrides);
    expect(problems).toEqual([]);
    expect(tables.get("Comment")!.every((r) => r.authorId === null)).toBe(true);
    const bad = applyConfig(
      generic,
      { models: { Post: { fields: { author: { value: null } } } } },
      "ci",
      graph,
      "seedband.config.ts",
    );
    expect(refusal(() => seed(schema, bad.spec, bad.overrides)).message).toMatch(
      /Post\.author is a required relation.*Fix: make the relation optional in the schema, or remove that override/,
    );
  });
});

describe("7. a table left empty, and results that depend on the models' order in the file", () => {
  const models = [
    `model Parent {
  id       Int     @id @default(autoincrement())
  children Child[]
}`,
    `model Child {
  id       Int    @id @default(autoincrement())
  parentId Int
  parent   Parent @relation(fields: [parentId], references: [id])
  tagId    Int?
  tag      Tag?   @relation(fields: [tagId], references: [id])
  @@unique([parentId, tagId])
}`,
    `model Tag {
  id       Int     @id @default(autoincrement())
  children Child[]
}`,
  ];

  it("fills the child whose unique key pairs its parent with a model declared later, the same in any order", () => {
    const forward = seed(models.join("\n"));
    expect(forward.problems).toEqual([]);
    expect(forward.tables.get("Child")!.length).toBeGreaterThan(100);
    const backward = seed([...models].reverse().join("\n"));
    expect(backward.digest).toBe(forward.digest);
  });
});

describe("8. rows beyond the plan, which would repeat autoincrement ids", () => {
  // Two levels under one root: 20 children, 179 grandchildren (a few hundred rows each).
  const parentOf = (i: number) => (i <= 20 ? 0 : ((i - 21) % 20) + 1);
  it("never come: every block stops at its planned rows, and ids stay distinct in a 200-model schema", () => {
    const blocks = Array.from({ length: 200 }, (_, i) =>
      i === 0
        ? "model M0 {\n  id Int @id @default(autoincrement())\n  name String\n}"
        : `model M${i} {\n  id Int @id @default(autoincrement())\n  upId Int\n  up M${parentOf(i)} @relation("r${i}", fields: [upId], references: [id])\n  ${i % 3 === 0 ? `kind Boolean\n  @@unique([upId, kind])` : "name String"}\n}`,
    );
    // Back-relations for every parent.
    const back = new Map<number, string[]>();
    for (let i = 1; i < 200; i++) {
      const up = parentOf(i);
      back.set(up, [...(back.get(up) ?? []), `  r${i} M${i}[] @relation("r${i}")`]);
    }
    const schema = blocks
      .map((b, i) => b.replace(/\n\}$/, `\n${(back.get(i) ?? []).join("\n")}\n}`))
      .join("\n");
    const { gen, problems } = seed(schema);
    expect(problems).toEqual([]);
    for (const pm of gen.plan.models) {
      expect([...pm.blockRows].reduce((s, x) => s + x, 0)).toBe(pm.rows);
    }
  }, 60_000);
});

describe("the plan, as data", () => {
  it("says each model's parent and why, what bounds its rows, how relations and keys are satisfied", () => {
    const { gen } = seed(`
enum Role {
  OWNER
  MEMBER
}
model Team {
  id      Int      @id @default(autoincrement())
  members Member[]
}
model Member {
  id     Int  @id @default(autoincrement())
  teamId Int
  team   Team @relation(fields: [teamId], references: [id])
  role   Role
  @@unique([teamId, role])
}`);
    const report = planReport(gen.plan);
    const member = report.models.find((m) => m.model === "Member")!;
    expect(member.parent).toEqual({
      relation: "team",
      model: "Team",
      why: "the first required relation, to Team",
    });
    expect(member.keys).toContainEqual(
      expect.objectContaining({ fields: ["teamId", "role"], how: "perParent" }),
    );
    expect(member.capacity?.reasons.join(" ")).toMatch(/\(teamId, role\) allows as many rows per Team row/);
    expect(report.models.find((m) => m.model === "Team")!.root).toBe("no required relation to another model");
  });
});
