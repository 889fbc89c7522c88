// Before anything is created: the extensions the schema needs must be available on the server
// (pg_available_extensions). A missing one is refused with its name, what needs it, and how to
// get a server that has it. Creating them is part of applying the schema (apply-schema.ts).
import { connect, quoteIdent, redactUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { RequiredExtension } from "../schema/index.js";

export async function checkExtensions(serverUrl: string, required: RequiredExtension[]): Promise<void> {
  if (required.length === 0) return;
  const session = await connect(serverUrl);
  let available: Set<string>;
  try {
    const { rows } = await session.query<{ name: string }>("SELECT name FROM pg_available_extensions");
    available = new Set(rows.map((r) => r.name));
  } finally {
    await session.end();
  }
  const missing = required.filter((e) => !available.has(e.name));
  if (missing.length === 0) return;
  const names = missing.map((e) => `"${e.name}"`).join(", ");
  throw new SeedbandError(
    "EXTENSION_MISSING",
    `The schema needs the PostgreSQL extension${missing.length > 1 ? "s" : ""} ${names} (${missing.map((e) => e.why).join("; ")}), which the server at ${redactUrl(serverUrl)} does not have (pg_available_extensions). Nothing was created. Fix: run against a server that has ${missing.length > 1 ? "them" : "it"}: --database-url postgresql://user@host:port/postgres (or DATABASE_URL) of a PostgreSQL with ${names} installed, or in the Vitest plugin the Testcontainers provider with an image that ships ${missing.length > 1 ? "them" : "it"}${missing.some((e) => e.name === "vector") ? " (e.g. pgvector/pgvector:pg16)" : ""}. The embedded server has PostgreSQL's own contrib extensions only.`,
  );
}

/** `CREATE EXTENSION IF NOT EXISTS` for each, as SQL to run before the schema's DDL. */
export function createExtensionsSql(required: RequiredExtension[]): string {
  return required.map((e) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)};\n`).join("");
}
