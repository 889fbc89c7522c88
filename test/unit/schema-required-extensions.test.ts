// The extensions a schema needs, read from the schema alone: the datasource's list, native and
// Unsupported types, dbgenerated functions, and the operator classes an index names with
// `ops: raw("…")` (a public schema's trigram index failed late in the DDL before this was read).
import { describe, expect, it } from "vitest";
import { readSchema, requiredExtensions, type SchemaFile } from "../../src/schema/index.js";

const DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n';

function extensionsOf(body: string): Array<{ name: string; why: string }> {
  const files: SchemaFile[] = [["schema.prisma", DATASOURCE + body]];
  return requiredExtensions(files, readSchema(files));
}

describe("requiredExtensions", () => {
  it("reads an index's operator class: trigram ops need pg_trgm, named with file and line", () => {
    const found = extensionsOf(`
model Gadget {
  id    Int    @id @default(autoincrement())
  label String
  note  String

  @@index([label(ops: raw("gin_trgm_ops"))], type: Gin)
  @@index([note(ops: raw("gist_trgm_ops"))], type: Gist)
}`);
    expect(found).toEqual([
      { name: "pg_trgm", why: "schema.prisma:10: an index uses the operator class gin_trgm_ops" },
    ]);
  });

  it("maps pgvector's, ltree's and hstore's operator classes; built-in ones need nothing", () => {
    const found = extensionsOf(`
model Doc {
  id        Int                      @id @default(autoincrement())
  embedding Unsupported("vector(3)")?
  path      Unsupported("ltree")?
  attrs     Unsupported("hstore")?
  code      String
  flags     String

  @@index([embedding(ops: raw("vector_cosine_ops"))], type: Gin)
  @@index([code(ops: raw("text_pattern_ops"))])
  @@index([flags(ops: raw("bit_minmax_ops"))], type: Brin)
}`);
    expect(found.map((e) => e.name).sort()).toEqual(["hstore", "ltree", "vector"]);
    const withoutTypes = extensionsOf(`
model Doc {
  id   Int    @id @default(autoincrement())
  code String
  @@index([code(ops: raw("text_pattern_ops"))])
}`);
    expect(withoutTypes).toEqual([]);
  });
});
