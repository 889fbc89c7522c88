// The planner's server-side classes and its refusals, through the CLI as a user runs it: extensions
// created when the server has them and refused up front (exit 2, nothing created) when it does
// not; columns behind random database defaults filled by seedband (two --fresh builds agree) and
// what is still left to such a default listed in the run record; 0-row tables warned about; and
// every refusal's suggested fix, applied literally, seeds. Seeds 171-190 are this file's own.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  type CliResult,
  dropDatabase,
  jsonOf,
  makeProject,
  query,
  runCli,
  STACK_TRACE,
  seedbandMarks,
  urlOf,
} from "./helpers.js";

const [system, embedded] = inject("servers");
const created = new Set<[string, string]>();
const dirs: string[] = [];
afterAll(async () => {
  for (const [server, name] of created) await dropDatabase(server, name).catch(() => {});
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Rec {
  status: string;
  database: { name: string };
  tables: Record<string, { rows: number; checksum: string }>;
  warnings?: string[];
  nondeterministic?: Array<{ table: string; columns: string[] }>;
}

const HEAD = 'datasource db {\n  provider = "postgresql"\n}\n';

/** A project whose schema.prisma is `schema` (and seedband.config.ts `config`, when given). */
async function project(schema: string, config?: string): Promise<string> {
  const dir = await makeProject();
  dirs.push(dir);
  await writeFile(join(dir, "schema.prisma"), schema);
  if (config !== undefined) await writeFile(join(dir, "seedband.config.ts"), config);
  return dir;
}

async function seed(dir: string, server: string, seedNo: number, ...extra: string[]): Promise<CliResult> {
  const result = await runCli(
    [
      "seed",
      "ci",
      "--seed",
      String(seedNo),
      "--schema",
      "schema.prisma",
      "--json",
      "--database-url",
      server,
      ...extra,
    ],
    { cwd: dir },
  );
  expect(result.stderr).not.toMatch(STACK_TRACE);
  if (result.code === 0) created.add([server, jsonOf<Rec>(result).database.name]);
  return result;
}

async function databasesWithSeed(server: string, seedNo: number): Promise<number> {
  return (await seedbandMarks(server)).filter((d) => d.mark.seed === seedNo).length;
}

describe("9. extensions", () => {
  it("creates citext and uuid-ossp for a schema without migrations, on both servers", async () => {
    const dir = await project(`${HEAD}
model Account {
  id    Int    @id @default(autoincrement())
  email String @unique @db.Citext
  token String @unique @default(dbgenerated("uuid_generate_v4()")) @db.Uuid
}`);
    for (const server of [system!, embedded!]) {
      const result = await seed(dir, server.url, 171);
      expect(result.code, result.stderr).toBe(0);
      expect(jsonOf<Rec>(result).tables.Account?.rows).toBe(200);
    }
  });

  it("creates pg_trgm for an index's trigram operator class (ops: raw), on both servers", async () => {
    const dir = await project(`${HEAD}
model Gadget {
  id    Int    @id @default(autoincrement())
  label String

  @@index([label(ops: raw("gin_trgm_ops"))], type: Gin)
}`);
    for (const server of [system!, embedded!]) {
      const result = await seed(dir, server.url, 190);
      expect(result.code, result.stderr).toBe(0);
      expect(jsonOf<Rec>(result).tables.Gadget?.rows).toBe(200);
    }
  });

  it("refuses pgvector up front on a server without it, naming the extension; nothing is created", async () => {
    const dir = await project(`${HEAD}
model Item {
  id        Int                       @id @default(autoincrement())
  embedding Unsupported("vector(3)")?
}`);
    const result = await seed(dir, system!.url, 172);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /needs the PostgreSQL extension "vector" \(Item\.embedding is Unsupported\("vector\(3\)"\)\)/,
    );
    expect(result.stderr).toMatch(/Fix: run against a server that has it: --database-url/);
    expect(await databasesWithSeed(system!.url, 172)).toBe(0);
  });

  it("refuses an extension the embedded server lacks; the fix (--database-url of a server that has it) works", async () => {
    const dir = await project(`generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["postgresqlExtensions"]
}
${HEAD.replace("}", "  extensions = [old_snapshot]\n}")}
model Note {
  id   Int    @id @default(autoincrement())
  body String
}`);
    const refused = await seed(dir, embedded!.url, 173);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /needs the PostgreSQL extension "old_snapshot".*Fix: run against a server that has it: --database-url/s,
    );
    // PostgreSQL 15 still ships old_snapshot (removed in 17): the fix, literally.
    const fixed = await seed(dir, system!.url, 173);
    expect(fixed.code, fixed.stderr).toBe(0);
    const [ext] = await query<{ n: string }>(
      urlOf(system!.url, jsonOf<Rec>(fixed).database.name),
      "SELECT count(*) AS n FROM pg_extension WHERE extname = 'old_snapshot'",
    );
    expect(Number(ext?.n)).toBe(1);
  });
});

describe("11. columns behind random database defaults", () => {
  it("fills unique and other volatile-default columns itself, so two fresh builds agree; lists what it leaves", async () => {
    const dir = await project(`${HEAD}
model Ticket {
  id       Int                                  @id @default(autoincrement())
  publicId String                               @unique @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  openedAt DateTime                             @default(dbgenerated("now()"))
  noise    Unsupported("double precision")?     @default(dbgenerated("random()"))
}`);
    const first = await seed(dir, system!.url, 174);
    expect(first.code, first.stderr).toBe(0);
    const again = await seed(dir, system!.url, 174, "--fresh");
    const a = jsonOf<Rec>(first);
    expect(a.nondeterministic).toEqual([expect.objectContaining({ table: "Ticket", columns: ["noise"] })]);
    // Everything but the column left to random() is seedband's: the same values on every build.
    const values = async (r: Rec) =>
      query(
        urlOf(system!.url, r.database.name),
        `SELECT id, "publicId", "openedAt" FROM "Ticket" ORDER BY id`,
      );
    expect(await values(jsonOf<Rec>(again))).toEqual(await values(a));
  });
});

describe("refusals and their fixes, applied literally", () => {
  const blog = `${HEAD}
model User {
  id       Int       @id @default(autoincrement())
  posts    Post[]
  comments Comment[]
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

  it("a required relation into a model given 0 rows: refused naming seedband.config.ts; its fix seeds and warns", async () => {
    const dir = await project(blog, "export default { models: { User: { count: 0 } } };\n");
    const refused = await seed(dir, system!.url, 175);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Post\.author is a required relation, but User has count 0/);
    expect(refused.stderr).toContain(join(dir, "seedband.config.ts"));
    expect(refused.stderr).not.toMatch(/node_modules|generic\.json/);
    const fix = /Fix: give (Post `count: 0`, Comment `count: 0`)/.exec(refused.stderr)?.[1];
    expect(fix).toBeDefined();
    await writeFile(
      join(dir, "seedband.config.ts"),
      "export default { models: { User: { count: 0 }, Post: { count: 0 }, Comment: { count: 0 } } };\n",
    );
    const fixed = await seed(dir, system!.url, 175);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(jsonOf<Rec>(fixed).warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/User has 0 rows: its count is 0/)]),
    );
  });

  it("an optional relation into a model given 0 rows is NULL, and the run record warns about the empty table", async () => {
    const withTags = blog
      .replace(
        "authorId Int?\n  author   User?",
        "tagId    Int?\n  tag      Tag?  @relation(fields: [tagId], references: [id])\n  authorId Int?\n  author   User?",
      )
      .concat("\nmodel Tag {\n  id       Int       @id @default(autoincrement())\n  comments Comment[]\n}\n");
    const dir = await project(withTags, "export default { models: { Tag: { count: 0 } } };\n");
    const result = await seed(dir, system!.url, 176);
    expect(result.code, result.stderr).toBe(0);
    const record = jsonOf<Rec>(result);
    expect(record.tables.Tag?.rows).toBe(0);
    const [tagged] = await query<{ n: string }>(
      urlOf(system!.url, record.database.name),
      'SELECT count(*) AS n FROM "Comment" WHERE "tagId" IS NOT NULL',
    );
    expect(Number(tagged?.n)).toBe(0);
    expect(record.warnings).toEqual([
      expect.stringMatching(/Tag has 0 rows: its count is 0 in .*seedband\.config\.ts/),
    ]);
  });

  it("more rows than a unique key's values: refused with the capacity; count it names seeds", async () => {
    const schema = `${HEAD}
enum Size {
  S
  M
  L
}
model Shirt {
  id   Int  @id @default(autoincrement())
  size Size @unique
}`;
    const dir = await project(schema, "export default { models: { Shirt: { count: 50 } } };\n");
    const refused = await seed(dir, system!.url, 177);
    expect(refused.code).toBe(2);
    const count = /Fix: give Shirt `count: (\d+)`/.exec(refused.stderr)?.[1];
    expect(count).toBe("3");
    await writeFile(
      join(dir, "seedband.config.ts"),
      `export default { models: { Shirt: { count: ${count} } } };\n`,
    );
    const fixed = await seed(dir, system!.url, 177);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(jsonOf<Rec>(fixed).tables.Shirt?.rows).toBe(3);
  });

  it("{ value: null } on a required relation: refused; removing the override seeds", async () => {
    const config = "export default { models: { Post: { fields: { author: { value: null } } } } };\n";
    const dir = await project(blog, config);
    const refused = await seed(dir, system!.url, 178);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Fix: make the relation optional in the schema, or remove that override/);
    await writeFile(join(dir, "seedband.config.ts"), "export default { models: {} };\n");
    expect((await seed(dir, system!.url, 178)).code).toBe(0);
  });

  it("a cycle of required relations: refused; making one side optional, as it says, seeds", async () => {
    const schema = `${HEAD}
model A {
  id  Int @id @default(autoincrement())
  bId Int
  b   B   @relation("ab", fields: [bId], references: [id])
  bs  B[] @relation("ba")
}
model B {
  id  Int @id @default(autoincrement())
  aId Int
  a   A   @relation("ba", fields: [aId], references: [id])
  as  A[] @relation("ab")
}`;
    const dir = await project(schema);
    const refused = await seed(dir, system!.url, 179);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /Fix: make one side optional \(e\.g\. `b B\? @relation\(\.\.\.\)` in model A, with `bId` optional too\)/,
    );
    await writeFile(
      join(dir, "schema.prisma"),
      schema.replace("bId Int\n  b   B   @relation", "bId Int?\n  b   B?  @relation"),
    );
    expect((await seed(dir, system!.url, 179)).code).toBe(0);
  });

  it("a required Unsupported column: refused; making it optional, as it says, seeds", async () => {
    const schema = `${HEAD}
model Place {
  id    Int                      @id @default(autoincrement())
  shape Unsupported("box")
}`;
    const dir = await project(schema);
    const refused = await seed(dir, system!.url, 180);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Make it optional \(Unsupported columns left out are NULL\)/);
    await writeFile(join(dir, "schema.prisma"), schema.replace('Unsupported("box")', 'Unsupported("box")?'));
    expect((await seed(dir, system!.url, 180)).code).toBe(0);
  });
});
