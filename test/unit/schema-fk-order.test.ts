// foreignKeyOrder: parents before children over required foreign keys, ties in schema order,
// and required cycles reported as the cycle with the way out.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import { foreignKeyOrder, type ModelGraph, readSchema } from "../../src/schema/index.js";

const DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n';

function schema(body: string): ModelGraph {
  return readSchema([["schema.prisma", DATASOURCE + body]]);
}

function order(graph: ModelGraph): string[] {
  return foreignKeyOrder(graph).map((m) => m.modelName);
}

function cycleError(graph: ModelGraph): SeedbandError {
  try {
    foreignKeyOrder(graph);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedbandError);
    return error as SeedbandError;
  }
  throw new Error("expected a CYCLE error, foreignKeyOrder returned");
}

describe("foreignKeyOrder", () => {
  it("orders the reference schema parents first", () => {
    const text = readFileSync(fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url)), "utf8");
    expect(order(readSchema([["schema.prisma", text]]))).toEqual([
      "User",
      "Conversation",
      "ConversationUser",
      "Message",
      "Attachment",
    ]);
  });

  it.each([
    [
      "a child declared before its parents",
      `model Child {
  id  Int @id
  pId Int
  p   Parent @relation(fields: [pId], references: [id])
}
model Parent {
  id Int @id
  children Child[]
}`,
      ["Parent", "Child"],
    ],
    [
      "a chain declared backwards",
      `model C {
  id  Int @id
  bId Int
  b   B @relation(fields: [bId], references: [id])
}
model B {
  id  Int @id
  aId Int
  a   A @relation(fields: [aId], references: [id])
  cs  C[]
}
model A {
  id Int @id
  bs B[]
}`,
      ["A", "B", "C"],
    ],
    [
      "independent models keep schema order",
      "model Z {\n  id Int @id\n}\nmodel Y {\n  id Int @id\n}\nmodel X {\n  id Int @id\n}",
      ["Z", "Y", "X"],
    ],
    [
      "an optional key does not constrain the order",
      `model Post {
  id       Int @id
  authorId Int?
  author   Author? @relation(fields: [authorId], references: [id])
}
model Author {
  id    Int @id
  posts Post[]
}`,
      ["Post", "Author"],
    ],
    [
      "a required self-reference is ignored",
      `model Node {
  id       Int @id
  parentId Int
  parent   Node @relation("tree", fields: [parentId], references: [id])
  children Node[] @relation("tree")
}
model Other {
  id Int @id
}`,
      ["Node", "Other"],
    ],
    [
      "a composite key is required only when all its columns are",
      `model Line {
  id      Int @id
  orderA  Int
  orderB  Int?
  order   Order? @relation(fields: [orderA, orderB], references: [a, b])
}
model Order {
  a     Int
  b     Int
  lines Line[]
  @@id([a, b])
}`,
      ["Line", "Order"],
    ],
  ])("%s", (_, body, expected) => {
    expect(order(schema(body))).toEqual(expected);
  });

  it("reports a required cycle as the path, with the relation fields and the way out", () => {
    const error = cycleError(
      schema(`
model A {
  id  Int @id
  bId Int @unique
  b   B   @relation("AtoB", fields: [bId], references: [id])
  fromB B? @relation("BtoA")
}
model B {
  id  Int @id
  aId Int @unique
  a   A   @relation("BtoA", fields: [aId], references: [id])
  fromA A? @relation("AtoB")
}
`),
    );
    expect(error.code).toBe("CYCLE");
    expect(error.message).toContain("A.b -> B.a -> A");
    expect(error.message).toContain("make one side optional (e.g. `b B? @relation(...)`");
    expect(error.message).toContain("`bId` optional too");
    expect(error.message).toMatch(/seedband fills it in a second pass after load\.$/);
  });

  it("names only the cycle, not the models that hang below it", () => {
    const error = cycleError(
      schema(`
model Leaf {
  id  Int @id
  xId Int
  x   X   @relation(fields: [xId], references: [id])
}
model X {
  id     Int @id
  yId    Int @unique
  y      Y   @relation("XY", fields: [yId], references: [id])
  leaves Leaf[]
  fromZ  Z?  @relation("ZX")
}
model Y {
  id    Int @id
  zId   Int @unique
  z     Z   @relation("YZ", fields: [zId], references: [id])
  fromX X?  @relation("XY")
}
model Z {
  id    Int @id
  xId   Int @unique
  x     X   @relation("ZX", fields: [xId], references: [id])
  fromY Y?  @relation("YZ")
}
`),
    );
    expect(error.message).toContain(": X.y -> Y.z -> Z.x -> X.");
    expect(error.message).not.toContain("Leaf");
  });

  it("lets an optional side break the cycle, the optional side's model going first", () => {
    const graph = schema(`
model A {
  id  Int @id
  bId Int? @unique
  b   B?  @relation("AtoB", fields: [bId], references: [id])
  fromB B? @relation("BtoA")
}
model B {
  id  Int @id
  aId Int @unique
  a   A   @relation("BtoA", fields: [aId], references: [id])
  fromA A? @relation("AtoB")
}
`);
    expect(order(graph)).toEqual(["A", "B"]);
  });
});
