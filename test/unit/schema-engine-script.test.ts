// Reading the schema engine's scripts back into steps, telling which index features Prisma's
// schema language cannot say, and classifying a diff into drift and intended differences.

import { describe, expect, it } from "vitest";
import { classifyDrift } from "../../src/migrate/drift.js";
import {
  type HandWrittenObject,
  type IndexFacts,
  indexFeaturesPrismaCannotSay,
} from "../../src/migrate/hand-written-objects.js";
import { parseMigrationScript, statements } from "../../src/migrate/migration-script.js";
import type { Migration } from "../../src/migrate/migrations.js";

// Shaped as `prisma migrate diff --script` prints it, column alignment included.
const SCRIPT = `-- DropForeignKey
ALTER TABLE "messages" DROP CONSTRAINT "messages_senderId_fkey";

-- DropIndex
DROP INDEX "conversation_users_userId_isActive_idx";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "extra_col",
ADD COLUMN     "nickname" TEXT,
ALTER COLUMN "handle" SET DATA TYPE VARCHAR(60);

-- CreateTable
CREATE TABLE "auth"."sessions" (
    "id" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT 'a; b, "c"',

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_handle_key" ON "users"("handle");

-- AlterEnum
ALTER TYPE "Device" ADD VALUE 'watch';
`;

describe("parseMigrationScript", () => {
  it("names each step's object, one step per changed column", () => {
    expect(parseMigrationScript(SCRIPT).map((s) => [s.kind, s.object, s.schema])).toEqual([
      ["DropForeignKey", "messages_senderId_fkey", undefined],
      ["DropIndex", "conversation_users_userId_isActive_idx", undefined],
      ["AlterTable", "users.extra_col", undefined],
      ["AlterTable", "users.nickname", undefined],
      ["AlterTable", "users.handle", undefined],
      ["CreateTable", "sessions", "auth"],
      ["CreateIndex", "users_handle_key", undefined],
      ["AlterEnum", "Device", undefined],
    ]);
  });

  it("keeps each statement's SQL runnable, strings and quotes intact", () => {
    const steps = parseMigrationScript(SCRIPT);
    expect(steps[3]?.sql).toBe('ALTER TABLE "users" ADD COLUMN "nickname" TEXT;');
    expect(steps[4]?.sql).toBe('ALTER TABLE "users" ALTER COLUMN "handle" SET DATA TYPE VARCHAR(60);');
    expect(steps[5]?.sql).toContain(`DEFAULT 'a; b, "c"',`);
    expect(steps[5]?.sql).toMatch(/^CREATE TABLE "auth"\."sessions" \([\s\S]*\);$/);
  });

  it("reads nothing from an empty diff", () => {
    expect(parseMigrationScript("")).toEqual([]);
    expect(parseMigrationScript("-- This is an empty migration.\n")).toEqual([]);
  });
});

describe("statements", () => {
  it("splits on semicolons outside strings, dollar quotes and comments", () => {
    const script = `-- CreateFunction
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;
/* a block; comment */ SELECT 'x;y';

CREATE TABLE "t" (id int); -- trailing; comment
`;
    expect(statements(script)).toEqual([
      {
        kind: "CreateFunction",
        sql: "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$",
      },
      { kind: "CreateFunction", sql: "SELECT 'x;y'" },
      // A blank line ends a step: what follows has no marker of its own.
      { kind: "Statement", sql: 'CREATE TABLE "t" (id int)' },
    ]);
  });
});

const PLAIN: IndexFacts = {
  definition: 'CREATE INDEX "i" ON public."t" USING btree ("a")',
  include: false,
  partial: false,
  expressions: false,
  btreeOpclass: false,
};
const NOTHING_EXTRA = { partialIndexes: false, extensions: false };

describe("indexFeaturesPrismaCannotSay", () => {
  it.each<[string, Partial<IndexFacts>, string[]]>([
    ["a plain index", {}, []],
    ["a DESC index", { definition: 'CREATE INDEX "i" ON public."t" USING btree ("a" DESC)' }, []],
    ["a hash index", { definition: 'CREATE INDEX "i" ON public."t" USING hash ("a")' }, []],
    [
      "INCLUDE columns",
      { definition: 'CREATE INDEX "i" ON public."t" USING btree ("a") INCLUDE ("b")', include: true },
      ["INCLUDE columns"],
    ],
    ["a WHERE clause", { partial: true }, ["a WHERE clause (a partial index)"]],
    ["expressions", { expressions: true }, ["expressions instead of plain columns"]],
    [
      "NULLS NOT DISTINCT",
      { definition: 'CREATE UNIQUE INDEX "i" ON public."t" USING btree ("a") NULLS NOT DISTINCT' },
      ["NULLS NOT DISTINCT"],
    ],
    [
      "NULLS LAST on a DESC column",
      { definition: 'CREATE INDEX "i" ON public."t" USING btree ("a" DESC NULLS LAST)' },
      ["a NULLS FIRST/LAST ordering"],
    ],
    [
      "a collation",
      { definition: 'CREATE INDEX "i" ON public."t" USING btree ("a" COLLATE "C")' },
      ["a column collation"],
    ],
    ["a btree operator class", { btreeOpclass: true }, ["a btree operator class"]],
    [
      "only a column named like a keyword",
      { definition: 'CREATE INDEX "i" ON public."t" USING btree ("COLLATE", "NULLS LAST")' },
      [],
    ],
  ])("%s", (_, facts, expected) => {
    expect(indexFeaturesPrismaCannotSay({ ...PLAIN, ...facts }, NOTHING_EXTRA)).toEqual(expected);
  });

  it("lets a partial index be declared when the schema enables partialIndexes", () => {
    expect(
      indexFeaturesPrismaCannotSay({ ...PLAIN, partial: true }, { ...NOTHING_EXTRA, partialIndexes: true }),
    ).toEqual([]);
  });
});

describe("classifyDrift", () => {
  const includeIndex: HandWrittenObject = {
    kind: "Index",
    schema: "public",
    name: "conversation_users_userId_isActive_idx",
    definition: 'CREATE INDEX "conversation_users_userId_isActive_idx" ON … INCLUDE ("conversationId");',
    why: "index on conversation_users with INCLUDE columns, which Prisma's schema language cannot declare",
  };
  const trigger: HandWrittenObject = {
    kind: "Trigger",
    schema: "audit",
    name: "conversations.touch",
    definition: "CREATE TRIGGER touch BEFORE UPDATE ON audit.conversations …;",
    why: "Prisma's schema language has no triggers",
  };
  const migrations: Migration[] = [
    { name: "1_baseline", path: "", sql: 'CREATE TABLE "users" (…);', checksum: "" },
    {
      name: "2_hot_path",
      path: "",
      sql: 'CREATE INDEX "conversation_users_userId_isActive_idx" …;',
      checksum: "",
    },
  ];

  it("marks the drop of a hand-written object intended, naming the migration that made it", () => {
    const report = classifyDrift(parseMigrationScript(SCRIPT).slice(1, 2), [includeIndex], migrations);
    expect(report).toEqual({
      inSync: true,
      differences: [
        {
          kind: "DropIndex",
          object: "conversation_users_userId_isActive_idx",
          sql: 'DROP INDEX "conversation_users_userId_isActive_idx";',
          intended: true,
          why: `${includeIndex.why}; created by migration 2_hot_path`,
        },
      ],
    });
  });

  it("counts every other step as drift, and lists hand-written objects no step mentions as intended", () => {
    const report = classifyDrift(parseMigrationScript(SCRIPT), [includeIndex, trigger], migrations);
    expect(report.inSync).toBe(false);
    expect(report.differences.map((d) => [d.kind, d.object, d.intended])).toEqual([
      ["DropForeignKey", "messages_senderId_fkey", false],
      ["DropIndex", "conversation_users_userId_isActive_idx", true],
      ["AlterTable", "users.extra_col", false],
      ["AlterTable", "users.nickname", false],
      ["AlterTable", "users.handle", false],
      ["CreateTable", "sessions", false],
      ["CreateIndex", "users_handle_key", false],
      ["AlterEnum", "Device", false],
      ["Trigger", "audit.conversations.touch", true],
    ]);
    const why = Object.fromEntries(report.differences.map((d) => [d.object, d.why]));
    expect(why["users.extra_col"]).toBe(
      "the migrations create this column, but the schema does not declare it",
    );
    expect(why["users.nickname"]).toBe(
      "the schema declares this column, but the migrations do not create it",
    );
    expect(why.users_handle_key).toBe("the schema declares it, but the migrations do not create it");
    expect(why["audit.conversations.touch"]).toBe(trigger.why); // no migration mentions it
  });

  it("does not excuse a step that creates an object of a hand-written object's name", () => {
    const steps = parseMigrationScript(
      '-- CreateIndex\nCREATE INDEX "conversation_users_userId_isActive_idx" ON "conversation_users"("userId");\n',
    );
    const report = classifyDrift(steps, [includeIndex], migrations);
    expect(report.inSync).toBe(false);
    expect(report.differences.map((d) => [d.kind, d.intended])).toEqual([
      ["CreateIndex", false],
      ["Index", true],
    ]);
  });

  it("says an object dropped and added again is defined differently on each side", () => {
    const steps = parseMigrationScript(`-- DropForeignKey
ALTER TABLE "messages" DROP CONSTRAINT "messages_senderId_fkey";

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
`);
    expect(classifyDrift(steps, [], []).differences.map((d) => [d.kind, d.object, d.why])).toEqual([
      ["DropForeignKey", "messages_senderId_fkey", "the migrations and the schema define it differently"],
      ["AddForeignKey", "messages_senderId_fkey", "the migrations and the schema define it differently"],
    ]);
  });

  it("is in sync with nothing to report", () => {
    expect(classifyDrift([], [], [])).toEqual({ inSync: true, differences: [] });
  });
});
