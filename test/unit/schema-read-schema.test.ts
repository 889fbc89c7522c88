// readSchema: the reference chat schema and small inline schemas → the model graph, and
// invalid schemas → SCHEMA_INVALID naming file, line and column.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import {
  defaultForeignKeyName,
  findColumn,
  findModel,
  implicitManyToMany,
  type Model,
  type ModelGraph,
  readDmmf,
  readSchema,
} from "../../src/schema/index.js";

const REFERENCE_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const reference = readSchema([["prisma/schema.prisma", readFileSync(REFERENCE_PATH, "utf8")]]);

const DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n';

function schema(body: string): ModelGraph {
  return readSchema([["schema.prisma", DATASOURCE + body]]);
}

function model(graph: ModelGraph, name: string): Model {
  const found = findModel(graph, name);
  if (!found) throw new Error(`no model ${name} in ${graph.models.map((m) => m.modelName).join(", ")}`);
  return found;
}

function thrown(fn: () => unknown): SeedbandError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SeedbandError);
    return error as SeedbandError;
  }
  throw new Error("expected a SeedbandError, nothing was thrown");
}

describe("readSchema on the reference schema", () => {
  it("maps every model to its table, in schema order", () => {
    expect(reference.models.map((m) => [m.modelName, m.tableName, m.schemaName])).toEqual([
      ["User", "users", "public"],
      ["Conversation", "conversations", "public"],
      ["ConversationUser", "conversation_users", "public"],
      ["Message", "messages", "public"],
      ["Attachment", "attachments", "public"],
    ]);
  });

  it.each([
    ["User", ["id", "handle", "email", "displayName", "phone", "createdAt"]],
    ["Conversation", ["id", "kind", "title", "createdAt", "updatedAt"]],
    ["ConversationUser", ["conversationId", "userId", "isActive", "joinedAt"]],
    ["Message", ["id", "conversationId", "senderId", "content", "device", "createdAt", "editedAt"]],
    ["Attachment", ["id", "messageId", "mimeType", "sizeBytes", "storageKey", "createdAt"]],
  ])("%s has exactly the scalar and enum columns %j (no relation fields)", (name, columns) => {
    const m = model(reference, name);
    expect(m.columns.map((c) => c.columnName)).toEqual(columns);
    expect(m.columns.map((c) => c.fieldName)).toEqual(columns);
  });

  it.each([
    ["User", ["id"]],
    ["Conversation", ["id"]],
    ["ConversationUser", ["conversationId", "userId"]],
    ["Message", ["id"]],
    ["Attachment", ["id"]],
  ])("%s has primary key %j", (name, pk) => {
    const m = model(reference, name);
    expect(m.primaryKey).toEqual(pk);
    expect(m.columns.filter((c) => c.isId).map((c) => c.fieldName)).toEqual(pk);
  });

  it("reads types, nullability, enums, native types and defaults", () => {
    const user = model(reference, "User");
    expect(findColumn(user, "id")).toMatchObject({
      type: "Int",
      isRequired: true,
      default: { kind: "autoincrement" },
    });
    expect(findColumn(user, "handle")).toMatchObject({
      type: "String",
      isUnique: true,
      nativeType: { name: "VarChar", args: ["40"] },
    });
    expect(findColumn(user, "phone")).toMatchObject({
      isRequired: false,
      nativeType: { name: "VarChar", args: ["20"] },
    });
    expect(findColumn(user, "displayName")?.default).toBeUndefined();
    expect(findColumn(user, "createdAt")).toMatchObject({
      type: "DateTime",
      default: { kind: "now" },
      nativeType: { name: "Timestamptz", args: ["3"] },
    });

    const conversation = model(reference, "Conversation");
    expect(findColumn(conversation, "kind")).toMatchObject({ type: "Enum", enumName: "ConversationKind" });
    expect(findColumn(conversation, "updatedAt")?.isUpdatedAt).toBe(true);
    expect(findColumn(conversation, "createdAt")?.isUpdatedAt).toBe(false);

    expect(findColumn(model(reference, "Message"), "id")).toMatchObject({ type: "BigInt", isList: false });
    expect(findColumn(model(reference, "ConversationUser"), "isActive")?.default).toEqual({
      kind: "literal",
      value: true,
    });
  });

  it("lists unique constraints", () => {
    expect(model(reference, "User").uniques).toEqual([["handle"], ["email"]]);
    expect(model(reference, "Attachment").uniques).toEqual([["storageKey"]]);
    expect(model(reference, "Message").uniques).toEqual([]);
  });

  it.each([
    [
      "ConversationUser",
      "conversation",
      "conversation_users_conversationId_fkey",
      "conversations",
      ["conversationId"],
    ],
    ["ConversationUser", "user", "conversation_users_userId_fkey", "users", ["userId"]],
    ["Message", "conversation", "messages_conversationId_fkey", "conversations", ["conversationId"]],
    ["Message", "sender", "messages_senderId_fkey", "users", ["senderId"]],
    ["Attachment", "message", "attachments_messageId_fkey", "messages", ["messageId"]],
  ])("%s.%s is foreign key %s to %s", (name, field, constraint, targetTable, columns) => {
    const fk = model(reference, name).foreignKeys.find((f) => f.relationField === field);
    expect(fk).toMatchObject({
      constraintName: constraint,
      targetTable,
      columns,
      fields: columns,
      targetColumns: ["id"],
      targetFields: ["id"],
      isRequired: true,
    });
  });

  it("gives the models without relation scalars no foreign keys, and names every constraint in the migration", () => {
    expect(model(reference, "User").foreignKeys).toEqual([]);
    expect(model(reference, "Conversation").foreignKeys).toEqual([]);
    const migration = readFileSync(
      fileURLToPath(
        new URL("../../prisma/migrations/20250101000000_baseline/migration.sql", import.meta.url),
      ),
      "utf8",
    );
    const inMigration = [...migration.matchAll(/ADD CONSTRAINT "([^"]+_fkey)"/g)].map((m) => m[1]).sort();
    const inGraph = reference.models.flatMap((m) => m.foreignKeys.map((f) => f.constraintName)).sort();
    expect(inGraph).toEqual(inMigration);
  });

  it("lists both sides of every relation", () => {
    expect(model(reference, "User").relations).toEqual([
      {
        fieldName: "memberships",
        relationName: "ConversationUserToUser",
        targetModel: "ConversationUser",
        isList: true,
      },
      { fieldName: "messages", relationName: "MessageToUser", targetModel: "Message", isList: true },
    ]);
    expect(model(reference, "Message").relations.map((r) => [r.fieldName, r.isList])).toEqual([
      ["conversation", false],
      ["sender", false],
      ["attachments", true],
    ]);
  });

  it("reads the enums with their values", () => {
    expect(reference.enums).toEqual([
      { name: "ConversationKind", dbName: "ConversationKind", values: ["direct", "group", "room"] },
      { name: "Device", dbName: "Device", values: ["ios", "android", "web", "desktop"] },
    ]);
  });
});

describe("readSchema on inline schemas", () => {
  it("applies @map, @@map and enum @map/@@map, and maps enum defaults to SQL values", () => {
    const graph = schema(`
enum Role {
  ADMIN @map("admin")
  MEMBER
  @@map("role_t")
}
model Account {
  id    Int    @id @map("account_id")
  role  Role   @default(ADMIN) @map("account_role")
  roles Role[] @default([ADMIN, MEMBER])
  @@map("accounts")
}
`);
    const account = model(graph, "Account");
    expect(account.tableName).toBe("accounts");
    expect(account.columns.map((c) => [c.fieldName, c.columnName])).toEqual([
      ["id", "account_id"],
      ["role", "account_role"],
      ["roles", "roles"],
    ]);
    expect(account.primaryKey).toEqual(["id"]);
    expect(findColumn(account, "role")?.default).toEqual({ kind: "literal", value: "admin" });
    expect(findColumn(account, "roles")).toMatchObject({
      isList: true,
      default: { kind: "literal", value: ["admin", "MEMBER"] },
    });
    expect(graph.enums).toEqual([{ name: "Role", dbName: "role_t", values: ["admin", "MEMBER"] }]);
  });

  it.each([
    ["@default(uuid())", { kind: "uuid" }],
    ["@default(cuid())", { kind: "cuid" }],
    ["@default(nanoid())", { kind: "other", name: "nanoid" }],
    [
      '@default(dbgenerated("gen_random_uuid()")) @db.Uuid',
      { kind: "dbgenerated", sql: "gen_random_uuid()" },
    ],
    ['@default("hi")', { kind: "literal", value: "hi" }],
  ])("reads String %s as %j", (attributes, expected) => {
    const graph = schema(`model T {\n  id Int @id\n  v String ${attributes}\n}\n`);
    expect(findColumn(model(graph, "T"), "v")?.default).toEqual(expected);
  });

  it("reads a composite @@unique and a composite foreign key with its mapped target columns", () => {
    const graph = schema(`
model Room {
  building Int
  number   Int    @map("room_no")
  label    String @unique
  bookings Booking[]
  @@id([building, number])
  @@unique([label, building])
}
model Booking {
  id       Int  @id
  building Int?
  roomNo   Int? @map("room_number")
  room     Room? @relation(fields: [building, roomNo], references: [building, number])
}
`);
    const room = model(graph, "Room");
    expect(room.primaryKey).toEqual(["building", "number"]);
    expect(room.uniques).toEqual([["label"], ["label", "building"]]);
    expect(room.columns.filter((c) => c.isId).map((c) => c.fieldName)).toEqual(["building", "number"]);
    expect(model(graph, "Booking").foreignKeys).toEqual([
      {
        relationField: "room",
        relationName: "BookingToRoom",
        fields: ["building", "roomNo"],
        columns: ["building", "room_number"],
        targetModel: "Room",
        targetTable: "Room",
        targetFields: ["building", "number"],
        targetColumns: ["building", "room_no"],
        isRequired: false,
        constraintName: "Booking_building_room_number_fkey",
      },
    ]);
  });

  it("reads a self relation as a foreign key to the model's own table", () => {
    const graph = schema(`
model Employee {
  id        Int        @id
  managerId Int?
  manager   Employee?  @relation("Reports", fields: [managerId], references: [id])
  reports   Employee[] @relation("Reports")
  @@map("employees")
}
`);
    const employee = model(graph, "Employee");
    expect(employee.foreignKeys).toHaveLength(1);
    expect(employee.foreignKeys[0]).toMatchObject({
      relationField: "manager",
      relationName: "Reports",
      targetModel: "Employee",
      targetTable: "employees",
      isRequired: false,
      constraintName: "employees_managerId_fkey",
    });
  });

  it("takes the constraint name from @relation(map: ...), which the DMMF does not carry", () => {
    const graph = schema(`
model Parent {
  id       Int     @id
  children Child[] @relation("family")
  pets     Child[] @relation("pets")
}
model Child {
  id       Int    @id
  parentId Int
  ownerId  Int
  // a comment with @relation(map: "not_this_one")
  parent   Parent @relation("family", fields: [parentId], references: [id], map: "child_parent_fk")
  owner    Parent @relation(name: "pets", fields: [ownerId], references: [id])
}
`);
    const names = Object.fromEntries(
      model(graph, "Child").foreignKeys.map((f) => [f.relationField, f.constraintName]),
    );
    expect(names).toEqual({ parent: "child_parent_fk", owner: "Child_ownerId_fkey" });
  });

  it("carries Unsupported fields as columns in schema order, and leaves views out", () => {
    const graph = readSchema([
      [
        "schema.prisma",
        `generator client {
  provider        = "prisma-client"
  previewFeatures = ["views"]
}
${DATASOURCE}
model Place {
  id   Int                      @id
  geom Unsupported("geometry")  @map("the_geom") @default(dbgenerated("'POINT(0 0)'::geometry"))
  area Unsupported("polygon")?
  name String
}
view PlaceName {
  id   Int    @unique
  name String
}
`,
      ],
    ]);
    expect(graph.models.map((m) => m.modelName)).toEqual(["Place"]);
    const place = model(graph, "Place");
    expect(place.columns.map((c) => [c.columnName, c.type, c.isRequired])).toEqual([
      ["id", "Int", true],
      ["the_geom", "Unsupported", true],
      ["area", "Unsupported", false],
      ["name", "String", true],
    ]);
    expect(findColumn(place, "geom")).toMatchObject({
      nativeType: { name: "Unsupported", args: ["geometry"] },
      default: { kind: "dbgenerated", sql: "'POINT(0 0)'::geometry" },
    });
  });

  it("reads @@schema", () => {
    const graph = readSchema([
      [
        "schema.prisma",
        `datasource db {\n  provider = "postgresql"\n  schemas  = ["public", "audit"]\n}\n` +
          `model Entry {\n  id Int @id\n  @@schema("audit")\n}\nmodel Plain {\n  id Int @id\n  @@schema("public")\n}\n`,
      ],
    ]);
    expect(graph.models.map((m) => [m.modelName, m.schemaName])).toEqual([
      ["Entry", "audit"],
      ["Plain", "public"],
    ]);
  });

  it("reads a schema split over several files", () => {
    const graph = readSchema([
      ["prisma/schema/base.prisma", DATASOURCE],
      ["prisma/schema/a.prisma", "model A {\n  id Int @id\n  bs B[]\n}\n"],
      [
        "prisma/schema/b.prisma",
        'model B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id], map: "b_to_a")\n}\n',
      ],
    ]);
    expect(graph.models.map((m) => m.modelName)).toEqual(["A", "B"]);
    expect(model(graph, "B").foreignKeys[0]?.constraintName).toBe("b_to_a");
  });
});

describe("defaultForeignKeyName", () => {
  it("joins table and columns with _ and adds _fkey", () => {
    expect(defaultForeignKeyName("messages", ["conversationId"])).toBe("messages_conversationId_fkey");
    expect(defaultForeignKeyName("t", ["a", "b"])).toBe("t_a_b_fkey");
  });

  it("shortens long names to 63 bytes as Prisma does, without splitting a character", () => {
    const long = defaultForeignKeyName("a".repeat(40), ["b".repeat(40)]);
    expect(long).toBe(`${"a".repeat(40)}_${"b".repeat(17)}_fkey`);
    expect(long).toHaveLength(63);
    // 57 ASCII bytes then a 2-byte character: it would end at byte 59, so it is dropped.
    const accented = defaultForeignKeyName("t".repeat(55), ["xé"]);
    expect(accented).toBe(`${"t".repeat(55)}_x_fkey`);
  });
});

describe("implicitManyToMany", () => {
  it("lists Prisma's _AToB join tables, A being the model whose name sorts first", () => {
    const dmmf = readDmmf([
      [
        "schema.prisma",
        `${DATASOURCE}
model Tag {
  id    Int    @id
  posts Post[]
}
model Post {
  slug String @id @map("post_slug")
  tags Tag[]
}
model Person {
  id        Int      @id
  following Person[] @relation("Follows")
  followers Person[] @relation("Follows")
}
`,
      ],
    ]);
    expect(implicitManyToMany(dmmf)).toEqual([
      {
        relationName: "PostToTag",
        tableName: "_PostToTag",
        a: { model: "Post", field: "tags", targetColumn: "post_slug" },
        b: { model: "Tag", field: "posts", targetColumn: "id" },
      },
      {
        relationName: "Follows",
        tableName: "_Follows",
        // "followers" < "following" in code-unit order ('e' < 'i'): it is side A.
        a: { model: "Person", field: "followers", targetColumn: "id" },
        b: { model: "Person", field: "following", targetColumn: "id" },
      },
    ]);
  });

  it("finds none in the reference schema", () => {
    expect(implicitManyToMany(readDmmf([["schema.prisma", readFileSync(REFERENCE_PATH, "utf8")]]))).toEqual(
      [],
    );
  });
});

describe("invalid schemas", () => {
  it("names the file, line, column and Prisma's message, and ends with the fix", () => {
    const error = thrown(() =>
      readSchema([["prisma/schema.prisma", `${DATASOURCE}model A {\n  id   Int @id\n  name Strin\n}\n`]]),
    );
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toContain("prisma/schema.prisma:6:8");
    expect(error.message).toContain('Type "Strin" is neither a built-in type');
    expect(error.message).toMatch(/\nFix: correct the schema at the places above[^\n]*$/);
    expect(error.message).not.toContain("\u001b[");
  });

  it("reports every error, each with its own file in a multi-file schema", () => {
    const error = thrown(() =>
      readSchema([
        ["schema/base.prisma", DATASOURCE],
        ["schema/a.prisma", "model A {\n  id Int @id\n  x  Nope\n}\n"],
        ["schema/b.prisma", "model B {\n  id Int @id\n  @@@\n}\n"],
      ]),
    );
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toContain("2 errors");
    expect(error.message).toContain("schema/a.prisma:3:");
    expect(error.message).toContain("schema/b.prisma:3:");
  });

  it("reads a Prisma 6 datasource with url = env(...) as it is (Prisma 7 alone would reject it)", () => {
    const graph = readSchema([
      [
        "prisma/schema.prisma",
        'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\nmodel A {\n  id Int @id\n}\n',
      ],
    ]);
    expect(graph.models.map((m) => m.modelName)).toEqual(["A"]);
  });

  it("refuses an empty list of files", () => {
    expect(thrown(() => readSchema([])).code).toBe("SCHEMA_INVALID");
  });
});
