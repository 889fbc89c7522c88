// Names Prisma gives by default, computed as Prisma computes them (psl `ConstraintNames`).

/** Postgres truncates identifiers to 63 bytes; Prisma shortens default names to fit. */
const MAX_IDENTIFIER_BYTES = 63;
const utf8 = new TextEncoder();

/**
 * Prisma's default foreign key name: `<table>_<column>_<column>_fkey`, shortened on a
 * character boundary so the whole name fits Postgres' 63 bytes (psl `ConstraintNames`).
 */
export function defaultForeignKeyName(tableName: string, columnNames: readonly string[]): string {
  const suffix = "_fkey";
  let joined = `${tableName}_${columnNames.join("_")}`;
  const limit = MAX_IDENTIFIER_BYTES - suffix.length;
  if (utf8.encode(joined).length >= limit) joined = truncateBytes(joined, limit);
  return `${joined}${suffix}`;
}

function truncateBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = "";
  for (const ch of text) {
    const size = utf8.encode(ch).length;
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out;
}
