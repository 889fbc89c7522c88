// Prisma 5/6 schemas made acceptable to Prisma 7's parser without changing what they describe:
// the connection URLs Prisma 7 no longer allows in a datasource, and the preview features it no
// longer knows, are blanked out character for character, so every line and column Prisma
// reports still points at the same place in the user's file. Pure; idempotent.

import { arrayItems, scanConfigBlocks } from "./schema-config-blocks.js";
import type { SchemaFile } from "./schema-file.js";

/**
 * Datasource properties Prisma 7 rejects ("no longer supported in schema files"): the
 * connection URLs, which now live in prisma.config.ts. seedband takes its database from
 * `--database-url` / DATABASE_URL, so it never needs them.
 */
export const REMOVED_DATASOURCE_PROPERTIES: ReadonlySet<string> = new Set([
  "url",
  "directUrl",
  "shadowDatabaseUrl",
]);

/**
 * Preview features of Prisma ≤ 6 that Prisma 7.10's parser rejects as unknown, lower-cased
 * (Prisma compares them case-insensitively). Found by asking `get_dmmf` about every preview
 * feature Prisma 2–6 had: the others are still accepted (most as deprecated no-ops). None of
 * these two changes the database schema.
 */
export const REMOVED_PREVIEW_FEATURES: ReadonlySet<string> = new Set(["metrics", "esm"]);

/**
 * Returns the files with what Prisma 7 rejects from a Prisma 5/6 schema blanked out: `url`,
 * `directUrl` and `shadowDatabaseUrl` in the datasource, and removed preview features in
 * generators. Everything else (and every offset) stays as it was; a password written into a
 * URL does not survive.
 *
 * @example
 * normaliseSchemaFiles([["schema.prisma", 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}']]);
 * // → [["schema.prisma", 'datasource db {\n  provider = "postgresql"\n                           \n}']]
 */
export function normaliseSchemaFiles(files: ReadonlyArray<SchemaFile>): SchemaFile[] {
  return files.map(([path, text]): SchemaFile => [path, normaliseSchemaText(text)]);
}

/** normaliseSchemaFiles for the text of one file. */
export function normaliseSchemaText(text: string): string {
  const ranges: Array<[start: number, end: number]> = [];
  for (const block of scanConfigBlocks([["", text]])) {
    for (const property of block.properties) {
      if (block.keyword === "datasource" && REMOVED_DATASOURCE_PROPERTIES.has(property.name)) {
        ranges.push([property.start, property.end]);
      } else if (block.keyword === "generator" && property.name === "previewFeatures") {
        const items = arrayItems(text, property);
        items.forEach((item, i) => {
          const name = /^"([^"]*)"$/.exec(item.text)?.[1];
          if (name === undefined || !REMOVED_PREVIEW_FEATURES.has(name.toLowerCase())) return;
          // Take one comma with the item, so the rest stays a well-formed list.
          const previous = items[i - 1];
          if (item.commaAfter !== undefined) ranges.push([item.start, item.commaAfter + 1]);
          else if (previous?.commaAfter !== undefined) ranges.push([previous.commaAfter, item.end]);
          else ranges.push([item.start, item.end]);
        });
      }
    }
  }
  if (ranges.length === 0) return text;
  const chars = text.split(""); // UTF-16 units, as the offsets count
  for (const [start, end] of ranges) {
    for (let i = start; i < end; i += 1) {
      // Newlines stay, so a value that spans lines keeps the line numbers after it.
      if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = " ";
    }
  }
  return chars.join("");
}
