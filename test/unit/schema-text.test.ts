// The schema-text scanner: blocks, fields, attributes and arguments, with strings and comments
// that look like syntax.

import { describe, expect, it } from "vitest";
import {
  scanArguments,
  scanAttributes,
  scanSchemaText,
  stringLiteral,
} from "../../src/schema/schema-text.js";

describe("scanSchemaText", () => {
  it("finds blocks and the fields of models and views, skipping comments and strings", () => {
    const blocks = scanSchemaText([
      [
        "a.prisma",
        `// model Commented {
generator client {
  provider = "prisma-client" // model Nope {
}
model User {
  id    Int     @id // trailing comment
  note  String  @default("model Fake { }")
  tags  String[]
  bio   String?
  geo   Unsupported("geometry(Point, 4326)")?
  @@map("users")
}
view Names {
  id Int @unique
}
enum Color {
  RED
}
`,
      ],
    ]);
    expect(blocks.map((b) => [b.keyword, b.name, b.file])).toEqual([
      ["generator", "client", "a.prisma"],
      ["model", "User", "a.prisma"],
      ["view", "Names", "a.prisma"],
      ["enum", "Color", "a.prisma"],
    ]);
    const user = blocks[1];
    expect(user?.fields.map((f) => [f.name, f.type, f.isList, f.isOptional])).toEqual([
      ["id", "Int", false, false],
      ["note", "String", false, false],
      ["tags", "String", true, false],
      ["bio", "String", false, true],
      ["geo", 'Unsupported("geometry(Point, 4326)")', false, true],
    ]);
    expect(user?.fields[1]?.attributes).toEqual([{ name: "default", args: '"model Fake { }"' }]);
  });
});

describe("scanAttributes", () => {
  it("splits field attributes, ignoring @@ and @ inside strings", () => {
    expect(
      scanAttributes('@id @default(dbgenerated("x @map(y)")) @db.VarChar(20) @map("c") @@ignore'),
    ).toEqual([
      { name: "id" },
      { name: "default", args: 'dbgenerated("x @map(y)")' },
      { name: "db.VarChar", args: "20" },
      { name: "map", args: '"c"' },
    ]);
  });
});

describe("scanArguments", () => {
  it("splits at top-level commas only", () => {
    expect(scanArguments('"rel, name", fields: [a, b], references: [x, y], map: "fk_\\"q\\""')).toEqual([
      { value: '"rel, name"' },
      { name: "fields", value: "[a, b]" },
      { name: "references", value: "[x, y]" },
      { name: "map", value: '"fk_\\"q\\""' },
    ]);
  });

  it("reads string literals with escapes", () => {
    expect(stringLiteral('"fk_\\"q\\""')).toBe('fk_"q"');
    expect(stringLiteral("[a]")).toBeUndefined();
    expect(stringLiteral(undefined)).toBeUndefined();
  });
});
