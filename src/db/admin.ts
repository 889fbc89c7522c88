// Creating, claiming, re-marking and dropping databases: every write seedband makes at the
// database level goes through here, and each one refuses (NOT_OURS, nothing changed) unless the
// database is seedband's or, for `--into`, empty.

import { SeedbandError } from "../errors.js";
import {
  type DatabaseInspection,
  formatMark,
  inspectDatabase,
  MAINTENANCE_DATABASES,
  type OwnerMark,
  parseMark,
  readDatabase,
  SEEDBAND_NAME,
} from "./ownership.js";
import { redactUrl } from "./redact-url.js";
import { connect, quoteIdent, quoteLiteral, type Session, translatePgError } from "./session.js";
import { pauseAt } from "./test-pause.js";

export interface CreateDatabaseOptions {
  /** Copy this database instead of the empty template0 (a clone of a snapshot). */
  template?: string;
  /**
   * How PostgreSQL 15+ copies the template: FILE_COPY (the default here; copies files, faster
   * for large databases) or WAL_LOG (PostgreSQL's own default; writes the copy through the WAL).
   */
  strategy?: "FILE_COPY" | "WAL_LOG";
  /** Where the database's files go (default: the server's default tablespace). */
  tablespace?: string;
}

/**
 * Creates database `name` and marks it as seedband's.
 * Refuses with NOT_OURS when a database of that name exists and is not seedband's.
 *
 * @example
 * await createOwnedDatabase(server.url, "seedband_ci_1", { v: 1, status: "incomplete", createdAt: new Date().toISOString() });
 */
export async function createOwnedDatabase(
  serverUrl: string,
  name: string,
  mark: OwnerMark,
  options: CreateDatabaseOptions = {},
): Promise<void> {
  checkName(name);
  await withSession(serverUrl, async (session) => {
    const existing = await readDatabase(session, name);
    if (existing && !(await dropIfHalfCreated(session, serverUrl, existing.name, existing.comment))) {
      throw alreadyExists(serverUrl, name, parseMark(existing.comment));
    }
    const source = options.template ?? "template0";
    // FILE_COPY copies a large template faster than the PG 15+ default WAL_LOG (DESIGN.md).
    const strategy =
      options.template && (await serverVersionNum(session)) >= 150000
        ? ` STRATEGY = ${options.strategy ?? "FILE_COPY"}`
        : "";
    const tablespace = options.tablespace ? ` TABLESPACE ${quoteIdent(options.tablespace)}` : "";
    try {
      await session.query(
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(source)} ENCODING 'UTF8'${strategy}${tablespace}`,
      );
    } catch (error) {
      if ((error as { code?: string }).code === "42P04") {
        throw alreadyExists(serverUrl, name, parseMark((await readDatabase(session, name))?.comment));
      }
      throw translatePgError(error, `Creating database "${name}" on ${redactUrl(serverUrl)}`);
    }
    await pauseAt("create");
    // CREATE DATABASE cannot run in a transaction with the COMMENT: if marking fails, take the
    // unmarked database away again so that it does not turn into a "not ours" obstacle.
    try {
      await writeMark(session, name, mark);
    } catch (error) {
      await session.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`).catch(() => {});
      throw translatePgError(error, `Marking database "${name}" on ${redactUrl(serverUrl)} as seedband's`);
    }
  });
}

/**
 * A database under seedband's own name pattern that has no mark and nothing in it is what a run
 * killed between `CREATE DATABASE` and its `COMMENT` leaves: seedband marks it (so it is provably
 * ours from here on) and drops it, and the caller creates it again. Returns whether it did.
 * Anything else (a mark, an object inside, another name) is left untouched.
 */
async function dropIfHalfCreated(
  session: Session,
  serverUrl: string,
  name: string,
  comment: string | null,
): Promise<boolean> {
  if (comment !== null || !SEEDBAND_NAME.test(name)) return false;
  const found = await inspectDatabase(serverUrl, name);
  if (!found.exists || found.mark || found.empty !== true) return false;
  await writeMark(session, name, { v: 1, status: "incomplete", createdAt: new Date().toISOString() });
  await session.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [name],
  );
  await session.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  return true;
}

/**
 * `--into NAME`: takes database `name` for seedband. Creates it when missing, re-marks it when it is
 * already seedband's, marks it when it exists and is empty; otherwise refuses with NOT_OURS and
 * leaves it untouched.
 */
export async function claimDatabase(serverUrl: string, name: string, mark: OwnerMark): Promise<void> {
  checkName(name);
  const found = await inspectDatabase(serverUrl, name);
  if (!found.exists) return createOwnedDatabase(serverUrl, name, mark);
  if (!found.mark && !found.empty) {
    throw new SeedbandError(
      "NOT_OURS",
      `The database "${name}" on ${redactUrl(serverUrl)} was not created by seedband and is not empty ` +
        `(${describeContents(found)}); seedband left it untouched. ` +
        "Fix: give --into a new or empty database name, or omit --into to let seedband create its own database.",
    );
  }
  await withSession(serverUrl, (session) =>
    writeMark(session, name, mark).catch((error) => {
      throw translatePgError(error, `Marking database "${name}" on ${redactUrl(serverUrl)} as seedband's`);
    }),
  );
}

/**
 * Rewrites the mark of a seedband database (e.g. `{ status: "complete", completedAt }` at the end of a run).
 * Refuses with NOT_OURS when the database is not seedband's, NOT_FOUND when it does not exist.
 */
export async function updateMark(
  serverUrl: string,
  name: string,
  patch: Partial<OwnerMark>,
  options: { runId?: string } = {},
): Promise<OwnerMark> {
  checkName(name);
  return withSession(serverUrl, async (session) => {
    // Compare-and-set: the read and the write under one lock per database name, so two runs
    // cannot both see their own run id and write.
    await session.query("BEGIN");
    try {
      await session.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`seedband:mark:${name}`]);
      const row = await readDatabase(session, name);
      if (!row) throw notFound(serverUrl, name);
      const current = parseMark(row.comment);
      if (!current) throw notOurs(serverUrl, name, "change its seedband mark");
      if (options.runId !== undefined && current.runId !== options.runId) {
        throw anotherRun(serverUrl, name, current);
      }
      const next: OwnerMark = { ...current, ...patch, v: 1 };
      await writeMark(session, name, next).catch((error) => {
        throw translatePgError(error, `Updating the mark of database "${name}" on ${redactUrl(serverUrl)}`);
      });
      await session.query("COMMIT");
      return next;
    } catch (error) {
      await session.query("ROLLBACK").catch(() => {});
      throw error;
    }
  });
}

/**
 * Drops a seedband database, disconnecting whoever is connected to it. Returns false when it did
 * not exist. Refuses with NOT_OURS (and changes nothing) when the database is not seedband's.
 */
export async function dropOwnedDatabase(serverUrl: string, name: string): Promise<boolean> {
  checkName(name);
  return withSession(serverUrl, async (session) => {
    const row = await readDatabase(session, name);
    if (!row) return false;
    if (!parseMark(row.comment)) throw notOurs(serverUrl, name, "drop it");
    const context = `Dropping database "${name}" on ${redactUrl(serverUrl)}`;
    try {
      // A snapshot may have been turned into a template; templates cannot be dropped.
      if (row.isTemplate) await session.query(`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE false`);
      await session.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [name],
      );
      // WITH (FORCE) (PG 13+) also covers sessions that connect between the terminate and the drop.
      const force = (await serverVersionNum(session)) >= 130000 ? " WITH (FORCE)" : "";
      await session.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
    } catch (error) {
      throw translatePgError(error, context);
    }
    return true;
  });
}

/**
 * Publishes seedband database `from` as `to` in one atomic step: it gets `mark`, refuses
 * connections and becomes a template (so clones never wait for sessions to leave), and only then
 * takes its final name with `ALTER DATABASE ... RENAME`. Until the rename nothing answers to `to`,
 * so a process killed on the way leaves only the temporary name, never something that looks done.
 * Refuses with NOT_OURS when `from` is not seedband's, DB_ERROR when `to` exists already.
 */
export async function publishDatabase(
  serverUrl: string,
  from: string,
  to: string,
  mark: OwnerMark,
): Promise<void> {
  checkName(from);
  checkName(to);
  await withSession(serverUrl, async (session) => {
    const row = await readDatabase(session, from);
    if (!row) throw notFound(serverUrl, from);
    if (!parseMark(row.comment)) throw notOurs(serverUrl, from, "publish it");
    const existing = await readDatabase(session, to);
    if (existing) throw alreadyExists(serverUrl, to, parseMark(existing.comment));
    try {
      await writeMark(session, from, mark);
      await session.query(`ALTER DATABASE ${quoteIdent(from)} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
      await session.query(`ALTER DATABASE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
    } catch (error) {
      throw translatePgError(error, `Publishing database "${from}" as "${to}" on ${redactUrl(serverUrl)}`);
    }
  });
}

async function writeMark(session: Session, name: string, mark: OwnerMark): Promise<void> {
  await session.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(formatMark(mark))}`);
}

async function serverVersionNum(session: Session): Promise<number> {
  const { rows } = await session.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(rows[0]!.v);
}

async function withSession<T>(serverUrl: string, work: (session: Session) => Promise<T>): Promise<T> {
  const session = await connect(serverUrl);
  try {
    return await work(session);
  } finally {
    await session.end().catch(() => {});
  }
}

function checkName(name: string): void {
  if (MAINTENANCE_DATABASES.includes(name)) {
    throw new SeedbandError(
      "NOT_OURS",
      `"${name}" is a maintenance database of the server; seedband never creates, claims, changes or drops it. ` +
        "Fix: choose another database name.",
    );
  }
  // PostgreSQL silently truncates longer names, which would make seedband address another database.
  if (name.length === 0 || Buffer.byteLength(name) > 63 || name.includes("\0")) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Invalid database name "${name}": it must be 1 to 63 bytes long. Fix: choose a shorter name.`,
    );
  }
}

function describeContents(found: DatabaseInspection): string {
  const o = found.objects;
  if (!o) return "it does not accept connections, so seedband cannot check that it is empty";
  const parts = [
    o.tables && plural(o.tables, "table"),
    o.relations - o.tables && plural(o.relations - o.tables, "other relation"),
    o.types && plural(o.types, "type"),
    o.functions && plural(o.functions, "function"),
  ].filter(Boolean);
  return `it has ${parts.join(", ")}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function alreadyExists(serverUrl: string, name: string, mark: OwnerMark | null): SeedbandError {
  if (!mark) return notOurs(serverUrl, name, "create it");
  return new SeedbandError(
    "DB_ERROR",
    `Cannot create database "${name}" on ${redactUrl(serverUrl)}: seedband already created it ` +
      `(status ${mark.status}, created ${mark.createdAt}). Fix: drop it first (seedband teardown), or run with --fresh.`,
  );
}

function notOurs(serverUrl: string, name: string, action: string): SeedbandError {
  return new SeedbandError(
    "NOT_OURS",
    `The database "${name}" on ${redactUrl(serverUrl)} was not created by seedband (it has no seedband mark), ` +
      `so seedband will not ${action}; it left the database untouched. ` +
      "Fix: name a database seedband created, or drop or change this one yourself if that is what you mean.",
  );
}

function anotherRun(serverUrl: string, name: string, mark: OwnerMark): SeedbandError {
  const who = mark.owner ? ` (pid ${mark.owner.pid} on ${mark.owner.host})` : "";
  return new SeedbandError(
    "BUSY",
    `The database "${name}" on ${redactUrl(serverUrl)} now belongs to another seedband run${who}, ` +
      "not to this one: this run did not mark it complete and left it to that run. " +
      "Fix: let that run finish, then seed again (it reuses the database when it is complete).",
  );
}

function notFound(serverUrl: string, name: string): SeedbandError {
  return new SeedbandError(
    "NOT_FOUND",
    `There is no database "${name}" on ${redactUrl(serverUrl)}. Fix: check the name, or seed it first (seedband seed <band>).`,
  );
}
