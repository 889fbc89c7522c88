// Connections to PostgreSQL: the one place that opens a pg client, pins the session settings every
// checksum depends on, and translates server and network failures into SeedbandError once.

import pg from "pg";
import { type ErrorCode, SeedbandError } from "../errors.js";
import { redactSecrets, redactUrl } from "./redact-url.js";

/** A connected session. `client` is the raw pg client, for the COPY loader only. */
export interface Session {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: T[]; rowCount: number }>;
  readonly client: pg.Client;
  end(): Promise<void>;
}

/** Checksums (DESIGN.md) are computed as text, so every session must format values the same way. */
const SESSION_OPTIONS = "-c TimeZone=UTC -c DateStyle=ISO -c extra_float_digits=1";
const CONNECT_TIMEOUT_MS = 5_000;

const FIX_URL = "Fix: check --database-url / DATABASE_URL, or omit both to use the embedded server.";

/**
 * Opens a session on `url` with seedband's session settings.
 * Any failure to connect becomes SeedbandError("UNREACHABLE") naming the server (without password).
 *
 * @example
 * const session = await connect("postgresql://postgres@127.0.0.1:5432/postgres");
 * try { await session.query("SELECT 1") } finally { await session.end() }
 */
export async function connect(url: string): Promise<Session> {
  const scheme = /^([A-Za-z][\w+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme && !["postgres", "postgresql", "socket"].includes(scheme)) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${redactUrl(url)} is a ${scheme}: URL, not a PostgreSQL one. ` +
        "Fix: check --database-url / DATABASE_URL (postgresql://user:password@host:port/database).",
    );
  }
  const { connectionString, userOptions } = splitOptions(url);
  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString,
      // A URL's own `options` come first so that ours, later on the command line, win.
      options: userOptions ? `${userOptions} ${SESSION_OPTIONS}` : SESSION_OPTIONS,
      application_name: "seedband",
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Invalid PostgreSQL URL ${redactUrl(url)}: ${redactSecrets((error as Error).message, [url])}. ` +
        "Fix: check --database-url / DATABASE_URL (postgresql://user:password@host:port/database).",
      { cause: error },
    );
  }
  // A backend terminated while idle (e.g. DROP DATABASE ... WITH (FORCE) from elsewhere) emits
  // 'error' on the client; unhandled, that would crash the process. The next query fails anyway.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw unreachable(url, error);
  }
  return {
    client,
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    end: () => client.end(),
  };
}

function splitOptions(url: string): { connectionString: string; userOptions: string | null } {
  try {
    const parsed = new URL(url);
    const userOptions = parsed.searchParams.get("options");
    if (userOptions === null) return { connectionString: url, userOptions: null };
    parsed.searchParams.delete("options");
    return { connectionString: parsed.toString(), userOptions };
  } catch {
    return { connectionString: url, userOptions: null };
  }
}

function unreachable(url: string, error: unknown): SeedbandError {
  const server = redactUrl(url);
  const e = error as { code?: string; message?: string };
  let reason: string;
  switch (e.code) {
    case "ECONNREFUSED":
      reason = "the connection was refused (is the server running, and on this port?)";
      break;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      reason = "the host name could not be resolved";
      break;
    case "ETIMEDOUT":
      reason = "the connection timed out";
      break;
    case "28P01":
    case "28000":
      reason = `authentication failed (${e.message})`;
      break;
    case "3D000":
      reason = `the database does not exist (${e.message})`;
      break;
    default:
      reason = /timeout/i.test(e.message ?? "")
        ? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`
        : /password|SASL|SCRAM/i.test(e.message ?? "")
          ? "the server asks for a password and none (or a wrong one) was given"
          : `${e.message ?? String(error)}${e.code ? ` (${e.code})` : ""}`;
  }
  return new SeedbandError(
    "UNREACHABLE",
    `Cannot connect to PostgreSQL at ${server}: ${redactSecrets(reason, [url])}. ${FIX_URL}`,
    { cause: error },
  );
}

interface PgErrorFields {
  column?: string;
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  schema?: string;
}

/**
 * Translates an error raised mid-run (a query, a COPY) into a SeedbandError whose message starts
 * with `context` (what seedband was doing) and names the SQLSTATE and constraint.
 *
 * @example
 * try { await session.query(sql) } catch (err) { throw translatePgError(err, "loading table messages") }
 */
export function translatePgError(
  error: unknown,
  context: string,
  code: ErrorCode = "DB_ERROR",
): SeedbandError {
  if (error instanceof SeedbandError) return error;
  const e = (error ?? {}) as PgErrorFields;
  const table = e.table ? ` on table ${e.schema ? `${e.schema}.` : ""}${e.table}` : "";
  const detail = e.detail ? ` (${e.detail})` : "";
  let message: string;
  if (e.code === "23505") {
    message =
      `${context}: unique constraint "${e.constraint ?? "?"}"${table} was violated${detail}, SQLSTATE 23505. ` +
      "Fix: values of unique columns must be derived from the row's position; if a user-supplied " +
      "generator fills this column, make it produce distinct values, or seed into a fresh database (--fresh).";
  } else if (e.code === "23503") {
    message =
      `${context}: foreign key "${e.constraint ?? "?"}"${table} failed: a parent row is missing${detail}, ` +
      "SQLSTATE 23503. Fix: load parent tables before their children (or defer foreign keys until all " +
      "shards are loaded), and check that the parent's row count in the plan covers the referenced ids.";
  } else if (e.code === "23514") {
    // No detail: it is the whole failing row.
    message =
      `${context}: check constraint "${e.constraint ?? "?"}"${table} rejected a generated row, SQLSTATE 23514. ` +
      "Fix: give the fields that constraint reads a generator in the spec (e.g. categorical values or a " +
      "number range) that respects it.";
  } else if (e.code === "23502") {
    message =
      `${context}: column "${e.column ?? "?"}"${table} is NOT NULL but got no value, SQLSTATE 23502. ` +
      "Fix: give that field a generator in the spec, or a default in the schema.";
  } else if (e.code && /^[0-9A-Z]{5}$/.test(e.code)) {
    message =
      `${context}: PostgreSQL error ${e.code}: ${e.message}${detail}. ` +
      "Fix: see the server's message; if the server ran out of space or restarted, fix that and run again.";
  } else {
    message =
      `${context}: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ""}. ` +
      "Fix: check that the server is still running and reachable, then run again.";
  }
  return new SeedbandError(code, message, { cause: error });
}

/** The URL of database `dbName` on the same server, with the same user and password. */
export function databaseUrl(serverUrl: string, dbName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(dbName)}`;
  return url.toString();
}

/** Quotes an SQL identifier (`my "db"` → `"my ""db"""`). */
export function quoteIdent(name: string): string {
  return pg.escapeIdentifier(name);
}

/** Quotes an SQL string literal, also where a parameter cannot be used (COMMENT ON ...). */
export function quoteLiteral(value: string): string {
  return pg.escapeLiteral(value);
}
