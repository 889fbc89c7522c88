// The fingerprint of a Prisma schema as the database sees it: a hash of its normalised files'
// texts, so a connection URL (or a password in it) never changes it, and neither do file paths.

import { createHash } from "node:crypto";
import { normaliseSchemaFiles } from "./normalise-schema-files.js";
import type { SchemaFile } from "./read-schema.js";

/**
 * SHA-256 hex over the normalised texts of the schema's files, independent of their paths and
 * order (each text is hashed, the hashes are sorted, then hashed together). Comments and
 * whitespace count: it fingerprints the files, not the data model.
 *
 * @example
 * schemaFilesFingerprint(await readSchemaFiles("prisma/schema.prisma")); // "3f1c…"
 */
export function schemaFilesFingerprint(files: ReadonlyArray<SchemaFile>): string {
  const parts = normaliseSchemaFiles(files)
    .map(([, text]) => createHash("sha256").update(text).digest("hex"))
    .sort();
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}
