// A Prisma schema that cannot be seeded: `seedband seed <band> --schema FILE --preset chat` must
// refuse it with the file (and line where Prisma gives one) before any database of the band exists.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BadInputCase } from "./corpus.js";

const DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n';

function schemaCase(
  name: string,
  text: string,
  where: Array<string | RegExp>,
  options: { fix?: RegExp; preset?: "chat" | "generic" } = {},
): BadInputCase {
  return {
    name,
    exit: 2,
    ...(options.fix ? { fix: options.fix } : {}),
    async setup(ctx) {
      const file = join(await ctx.scratch(), "schema.prisma");
      await writeFile(file, text);
      return {
        args: ["seed", ctx.band, "--schema", file, "--preset", options.preset ?? "chat"],
        where: [file, ...where],
      };
    },
  };
}

export const SCHEMA_CASES: BadInputCase[] = [
  schemaCase("an empty schema file", "", ["is empty"]),
  schemaCase("a schema of blanks and comments only", "\n// nothing yet\n\n", ["is empty"]),
  schemaCase("a schema with no models", DATASOURCE, ["defines no models"]),
  schemaCase("a schema with an enum and no models", `${DATASOURCE}enum Kind {\n  a\n  b\n}\n`, [
    "defines no models",
  ]),
  schemaCase("a schema without a datasource", "model User {\n  id Int @id\n}\n", ["no datasource block"], {
    preset: "generic",
  }),
  schemaCase(
    "a MySQL datasource",
    'datasource db {\n  provider = "mysql"\n}\nmodel User {\n  id Int @id\n}\n',
    ['provider = "mysql"', "PostgreSQL only"],
    { preset: "generic" },
  ),
  schemaCase(
    "a syntax error (a model without its closing brace)",
    `${DATASOURCE}model User {\n  id Int @id\n`,
    [/schema\.prisma:\d+/],
    { fix: /Fix|fix/ },
  ),
  schemaCase(
    "a field of an unknown type",
    `${DATASOURCE}model User {\n  id Int @id\n  name Strin\n}\n`,
    ["schema.prisma:6:8", "Strin"],
    { fix: /Fix|fix/ },
  ),
  schemaCase(
    "a relation to a model that does not exist",
    `${DATASOURCE}model Post {\n  id Int @id\n  authorId Int\n  author Author @relation(fields: [authorId], references: [id])\n}\n`,
    [/schema\.prisma:\d+/, "Author"],
    { fix: /Fix|fix/ },
  ),
  {
    name: "--schema naming a file that does not exist",
    exit: 2,
    fix: /Fix the path given with --schema/,
    async setup(ctx) {
      const file = join(await ctx.scratch(), "missing.prisma");
      return { args: ["seed", ctx.band, "--schema", file, "--preset", "chat"], where: [file] };
    },
  },
  {
    name: "--schema naming an empty folder",
    exit: 2,
    fix: /Fix|fix/,
    async setup(ctx) {
      const dir = join(await ctx.scratch(), "schema");
      await mkdir(dir);
      return { args: ["seed", ctx.band, "--schema", dir, "--preset", "chat"], where: [dir] };
    },
  },
];
