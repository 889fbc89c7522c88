// Prisma 5/6 schemas read as they are: normaliseSchemaFiles blanks what Prisma 7 rejects (the
// datasource's connection URLs, removed preview features) without moving a line or column;
// readSchema, readDmmf and loadSchemaFile apply it; the schema fingerprint ignores URLs.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import { loadSchemaFile } from "../../src/migrate/index.js";
import {
  normaliseSchemaFiles,
  readDmmf,
  readSchema,
  type SchemaFile,
  schemaFilesFingerprint,
} from "../../src/schema/index.js";
import { readSchemaConfig } from "../../src/schema/schema-config-blocks.js";

const MODELS = `
model User {
  id    Int    @id @default(autoincrement())
  url   String // a column called url is not the datasource's
  posts Post[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
`;

/** A schema as Prisma 6 projects wrote it. */
const PRISMA6 = `generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["multiSchema", "metrics", "views"]
  binaryTargets   = ["native", "debian-openssl-3.0.x"]
  engineType      = "library"
}

datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL")
  directUrl         = env("DIRECT_URL") // pooled vs direct
  shadowDatabaseUrl = "postgresql://admin:hunter2@shadow.example.com:5432/shadow"
  relationMode      = "foreignKeys"
}
${MODELS}`;

function thrown(run: () => unknown): SeedbandError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SeedbandError);
    return error as SeedbandError;
  }
  throw new Error("expected an error");
}

function normalised(text: string): string {
  return (normaliseSchemaFiles([["schema.prisma", text]])[0] as SchemaFile)[1];
}

describe("normaliseSchemaFiles", () => {
  it("blanks url, directUrl and shadowDatabaseUrl, keeping every other character in place", () => {
    const out = normalised(PRISMA6);

    expect(out).toHaveLength(PRISMA6.length);
    expect(out.split("\n")).toHaveLength(PRISMA6.split("\n").length);
    expect(out).not.toMatch(/\burl\s*=|directUrl|shadowDatabaseUrl|hunter2/);
    expect(out).toContain('  provider          = "postgresql"\n');
    expect(out).toContain('  relationMode      = "foreignKeys"\n');
    expect(out).toMatch(/\n\s+\/\/ pooled vs direct\n/); // the comment after the value stays
    // Only what was removed differs, character for character.
    const changed = [...out].flatMap((ch, i) => (ch === PRISMA6[i] ? [] : [i]));
    expect(changed.every((i) => out[i] === " ")).toBe(true);
  });

  it.each([
    [["metrics"], "[         ]"],
    [["multiSchema", "metrics", "views"], '["multiSchema",            "views"]'],
    [["views", "metrics"], '["views"           ]'],
    [["Metrics", "esm", "views"], `[${" ".repeat(18)}"views"]`],
  ])("drops preview features Prisma 7 no longer knows: %j", (features, expected) => {
    const text = `generator client {\n  provider        = "prisma-client-js"\n  previewFeatures = ${JSON.stringify(features).replace(/,/g, ", ")}\n}\n`;
    const out = normalised(text);
    expect(out).toHaveLength(text.length);
    expect(out).toContain(`previewFeatures = ${expected}\n`);
  });

  it("leaves alone what only looks similar: comments, strings, model fields, other blocks", () => {
    const text = `// url = env("A") in a comment
datasource db {
  provider = "postgresql"
  // url = env("B")
}
generator client {
  provider = "prisma-client-js"
  url      = "not a datasource property"
}
model Link {
  id  Int    @id
  url String @default("url = env(C)")
}
`;
    expect(normalised(text)).toBe(text);
  });

  it("is idempotent, and returns the same text when there is nothing to do", () => {
    const once = normaliseSchemaFiles([["a.prisma", PRISMA6]]);
    expect(normaliseSchemaFiles(once)).toEqual(once);
    expect(normalised(MODELS)).toBe(MODELS);
  });
});

describe("Prisma 6 schemas in readSchema and readDmmf", () => {
  it("reads a Prisma 6 schema as it is", () => {
    const graph = readSchema([["prisma/schema.prisma", PRISMA6]]);
    expect(graph.models.map((m) => m.tableName)).toEqual(["User", "Post"]);
    expect(graph.models[0]?.columns.map((c) => c.columnName)).toEqual(["id", "url"]);
  });

  it("reports errors at the user's line and column, not the normalised file's", () => {
    // Line 23 of the user's file holds `author   Usr …`; the url lines above it are blanked, not removed.
    const text = PRISMA6.replace("author   User @relation", "author   Usr @relation");
    const line = text.split("\n").findIndex((l) => l.includes("Usr @relation")) + 1;
    const error = thrown(() => readSchema([["prisma/schema.prisma", text]]));
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toContain(`prisma/schema.prisma:${line}:12`);
    expect(error.message).not.toContain("url");
  });

  it("still rejects a preview feature nobody ever had", () => {
    const text = PRISMA6.replace('"metrics"', '"metrix"');
    const error = thrown(() => readDmmf([["schema.prisma", text]]));
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toContain('The preview feature "metrix" is not known');
  });
});

describe("a folder of Prisma 6 schema files", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "seedband-datasource-"));
    await mkdir(join(dir, "schema", "models"), { recursive: true });
    await writeFile(
      join(dir, "schema", "schema.prisma"),
      'datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n  schemas   = ["public", "auth"]\n}\n',
    );
    await writeFile(
      join(dir, "schema", "generator.prisma"),
      'generator client {\n  provider        = "prisma-client-js"\n  previewFeatures = ["prismaSchemaFolder", "multiSchema", "metrics"]\n}\n',
    );
    await writeFile(
      join(dir, "schema", "models", "account.prisma"),
      'model Account {\n  id    Int    @id\n  email String @unique\n  notes Note[]\n  @@schema("auth")\n}\n',
    );
    await writeFile(
      join(dir, "schema", "models", "note.prisma"),
      'model Note {\n  id        Int     @id\n  accountId Int\n  account   Account @relation(fields: [accountId], references: [id])\n  @@schema("public")\n}\n',
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads as it is, in every schema it names", async () => {
    const graph = await loadSchemaFile(join(dir, "schema"));
    expect(graph.models.map((m) => [m.modelName, m.schemaName])).toEqual([
      ["Account", "auth"],
      ["Note", "public"],
    ]);
    expect(graph.models[1]?.foreignKeys[0]?.targetTable).toBe("Account");
  });

  it("tells provider, schemas and preview features from whichever file holds them", () => {
    const files: SchemaFile[] = [
      [
        "g.prisma",
        'generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["views", "partialIndexes"]\n}\n',
      ],
      ["m.prisma", MODELS],
      [
        "d.prisma",
        'datasource db {\n  provider = "postgres"\n  url = env("X")\n  schemas = ["app", "audit"]\n}\n',
      ],
    ];
    expect(readSchemaConfig(normaliseSchemaFiles(files))).toEqual({
      provider: "postgres",
      datasourceFile: "d.prisma",
      schemas: ["app", "audit"],
      previewFeatures: ["views", "partialIndexes"],
    });
    expect(readSchemaConfig([["m.prisma", MODELS]])).toEqual({ schemas: [], previewFeatures: [] });
  });
});

describe("schemaFilesFingerprint", () => {
  const base: SchemaFile[] = [
    ["schema/a.prisma", 'datasource db {\n  provider = "postgresql"\n}\n'],
    ["schema/b.prisma", MODELS],
  ];

  it("ignores connection URLs, file paths and file order", () => {
    const withUrl: SchemaFile[] = [
      [
        "elsewhere/a.prisma",
        'datasource db {\n  provider = "postgresql"\n}\n'.replace("}", '  url = env("X")\n}'),
      ],
      ["elsewhere/b.prisma", MODELS],
    ];
    const fingerprint = schemaFilesFingerprint(base);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(schemaFilesFingerprint([...base].reverse())).toBe(fingerprint);
    // The url line is blanked, not deleted: the text differs from `base` by its spaces only.
    expect(schemaFilesFingerprint(withUrl)).toBe(
      schemaFilesFingerprint([
        ["x", (normaliseSchemaFiles(withUrl)[0] as SchemaFile)[1]],
        ["y", MODELS],
      ]),
    );
    expect(
      schemaFilesFingerprint(withUrl.map(([p, t]): SchemaFile => [p, t.replace('env("X")', 'env("Y")')])),
    ).toBe(schemaFilesFingerprint(withUrl));
  });

  it("changes when the schema does", () => {
    const changed: SchemaFile[] = [
      base[0] as SchemaFile,
      ["schema/b.prisma", MODELS.replace("url   String", "url   String?")],
    ];
    expect(schemaFilesFingerprint(changed)).not.toBe(schemaFilesFingerprint(base));
  });
});
