// Which databases are seedband's: the owner mark kept in the database's comment, and the checks
// (exists, marked, empty) that decide whether seedband may write to or drop a database.

import { connect, databaseUrl, type Session } from "./session.js";

/** What seedband writes into `COMMENT ON DATABASE` of a database it created or claimed. */
export interface OwnerMark {
  v: 1;
  band?: string;
  seed?: number;
  fingerprint?: string;
  /** `incomplete` until the run that fills it finishes; an incomplete database is dropped, never used. */
  status: "incomplete" | "complete";
  runId?: string;
  createdAt: string;
  completedAt?: string;
  /** The last `seed` that built or reused it: `verify` without a band takes the latest. */
  seededAt?: string;
  /**
   * What the database is when it is not a band database that `seed` filled: a snapshot template
   * (src/snapshot), a clone of one handed to a test, or a ready clone waiting in a run's pool
   * (src/snapshot/clone-pool.ts). Absent on band databases.
   */
  kind?: "snapshot" | "clone" | "pool";
  /**
   * The process that made a clone, is building a snapshot, or is filling a band database: leftovers
   * of dead runs are dropped, and a second run names who holds the database it waits for.
   */
  owner?: RunOwner;
  /**
   * The project the database belongs to (ProjectPaths.projectId: a hash, never a path).
   * `teardown`, `snapshot prune` and leftover cleanup touch only the current project's databases;
   * a mark without one (written by an older seedband) is "not provably yours" and left alone
   * unless `--all-projects`.
   */
  project?: string;
}

/** Who created a database: enough to tell, on the same host, whether that run is still alive. */
export interface RunOwner {
  runId: string;
  pid: number;
  host: string;
}

/** What a database holds outside the system schemas. */
export interface DatabaseObjects {
  tables: number;
  /** Tables, views, sequences, indexes, ... */
  relations: number;
  types: number;
  functions: number;
}

export interface DatabaseInspection {
  exists: boolean;
  mark: OwnerMark | null;
  /** No relations, types or functions outside the system schemas; null when it does not exist. */
  empty: boolean | null;
  /** null when it does not exist or does not accept connections. */
  objects: DatabaseObjects | null;
}

/** What a database comment holding a seedband mark starts with (the mark's JSON follows). */
export const MARK_PREFIX = "seedband:";

/** Names seedband gives its own databases: band databases, snapshots, clones, builds. */
export const SEEDBAND_NAME = /^seedband_[a-z0-9_]+$/;

/** Whose a marked database is, from the current project's point of view. */
export function markProject(mark: OwnerMark, project: string): "ours" | "other" | "unknown" {
  if (mark.project === undefined) return "unknown";
  return mark.project === project ? "ours" : "other";
}

/** Databases every server needs; seedband never creates, claims or drops them. */
export const MAINTENANCE_DATABASES: readonly string[] = ["postgres", "template0", "template1"];

export function formatMark(mark: OwnerMark): string {
  return MARK_PREFIX + JSON.stringify(mark);
}

/** The mark in a database comment, or null when the comment is not a (valid) seedband mark. */
export function parseMark(comment: string | null | undefined): OwnerMark | null {
  if (!comment?.startsWith(MARK_PREFIX)) return null;
  try {
    const mark = JSON.parse(comment.slice(MARK_PREFIX.length)) as Partial<OwnerMark> | null;
    if (mark?.v !== 1 || typeof mark.createdAt !== "string") return null;
    if (mark.status !== "incomplete" && mark.status !== "complete") return null;
    return mark as OwnerMark;
  } catch {
    return null;
  }
}

export interface DatabaseRow {
  name: string;
  comment: string | null;
  allowConnections: boolean;
  isTemplate: boolean;
}

/** Reads a database's catalog row from the maintenance session (no connection to the database). */
export async function readDatabase(session: Session, name: string): Promise<DatabaseRow | null> {
  const { rows } = await session.query<DatabaseRow>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment,
            datallowconn AS "allowConnections", datistemplate AS "isTemplate"
       FROM pg_database WHERE datname = $1`,
    [name],
  );
  return rows[0] ?? null;
}

/**
 * Whether database `name` exists on the server, carries seedband's mark, and is empty.
 * The mark is read from the catalog; only the emptiness check connects to the database itself.
 */
export async function inspectDatabase(serverUrl: string, name: string): Promise<DatabaseInspection> {
  const session = await connect(serverUrl);
  let row: DatabaseRow | null;
  try {
    row = await readDatabase(session, name);
  } finally {
    await session.end();
  }
  if (!row) return { exists: false, mark: null, empty: null, objects: null };
  const mark = parseMark(row.comment);
  // A database that refuses connections cannot be looked into; treat it as not empty (the safe side).
  if (!row.allowConnections) return { exists: true, mark, empty: false, objects: null };
  const objects = await countObjects(databaseUrl(serverUrl, name));
  const empty = objects.relations + objects.types + objects.functions === 0;
  return { exists: true, mark, empty, objects };
}

// pg_temp_N / pg_toast_temp_N hold other sessions' temporary tables: not part of the database.
const USER_NAMESPACE = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

async function countObjects(url: string): Promise<DatabaseObjects> {
  const session = await connect(url);
  try {
    const { rows } = await session.query<Record<keyof DatabaseObjects, string>>(
      `SELECT
         (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${USER_NAMESPACE} AND c.relkind IN ('r', 'p', 'f')) AS tables,
         (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${USER_NAMESPACE}) AS relations,
         -- row types of relations and array types come with something counted elsewhere
         (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE ${USER_NAMESPACE} AND t.typrelid = 0 AND t.typcategory <> 'A') AS types,
         (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE ${USER_NAMESPACE}) AS functions`,
    );
    const r = rows[0]!;
    return {
      tables: Number(r.tables),
      relations: Number(r.relations),
      types: Number(r.types),
      functions: Number(r.functions),
    };
  } finally {
    await session.end();
  }
}

/** Every database on the server that carries seedband's mark, oldest first. */
export async function listOwnedDatabases(
  serverUrl: string,
): Promise<Array<{ name: string; mark: OwnerMark }>> {
  const session = await connect(serverUrl);
  try {
    const { rows } = await session.query<{ name: string; comment: string }>(
      `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment
         FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE $1`,
      [`${MARK_PREFIX}%`],
    );
    return rows
      .flatMap(({ name, comment }) => {
        const mark = parseMark(comment);
        return mark ? [{ name, mark }] : [];
      })
      .sort((a, b) => compare(a.mark.createdAt, b.mark.createdAt) || compare(a.name, b.name));
  } finally {
    await session.end();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
