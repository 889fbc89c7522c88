// Template snapshots: a complete band database copied under a temporary name, then published
// (marked complete, closed to connections, made a template, renamed) in one step. Builders meet
// under an advisory lock keyed by the snapshot's name: one builds, the others wait and reuse it.
import { randomBytes } from "node:crypto";
import {
  connect,
  createOwnedDatabase,
  dropOwnedDatabase,
  type OwnerMark,
  parseMark,
  pauseAt,
  publishDatabase,
  type RunOwner,
  redactUrl,
  type Session,
  serverMajorVersion,
} from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { safeBand, snapshotKey, snapshotName } from "./snapshot-key.js";

export interface EnsureTemplateOptions {
  serverUrl: string;
  band: string;
  seed: number;
  /** The combined seed fingerprint of the band as it would be seeded now. */
  fingerprint: string;
  /**
   * Builds (or reuses) the complete band database and returns its name. Called at most once,
   * under the lock, and only when no snapshot of this key is published.
   */
  build: () => Promise<string>;
  owner: RunOwner;
  /** The project's identity (ProjectPaths.projectId): in the template's mark and its key. */
  project?: string;
  /** Progress for people (waiting for another builder, building, publishing). */
  onEvent?: (message: string) => void;
}

export interface TemplateSnapshot {
  /** The template database's name on the server. */
  name: string;
  key: string;
  band: string;
  seed: number;
  fingerprint: string;
  pgMajor: number;
  /** The project it belongs to; its clones carry it too. */
  project?: string;
  /** Whether this call built it (false: it was published already, or another process built it). */
  built: boolean;
}

/**
 * The published template of (band, seed, fingerprint, PostgreSQL major) on the server; built
 * from `build()`'s band database when there is none.
 *
 * @example
 * const snapshot = await ensureTemplate({ serverUrl, band: "ci", seed: 1, fingerprint, owner, build: () => seedCi() });
 * const clone = await cloneTemplate(serverUrl, snapshot, owner);
 */
export async function ensureTemplate(options: EnsureTemplateOptions): Promise<TemplateSnapshot> {
  const { serverUrl, band, seed } = options;
  const pgMajor = await serverMajorVersion(serverUrl);
  const project = options.project;
  const key = snapshotKey({
    band,
    seed,
    fingerprint: options.fingerprint,
    pgMajor,
    ...(project ? { project } : {}),
  });
  const name = snapshotName(band, key);
  const result = (built: boolean): TemplateSnapshot => ({
    name,
    key,
    band,
    seed,
    fingerprint: options.fingerprint,
    pgMajor,
    ...(project ? { project } : {}),
    built,
  });
  const emit = options.onEvent ?? (() => {});

  const lock = await connect(serverUrl);
  try {
    if (await publishedTemplate(lock, serverUrl, name, options.fingerprint)) return result(false);
    const lockKey = `seedband:snapshot:${name}`;
    const { rows } = await lock.query<{ got: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS got", [
      lockKey,
    ]);
    if (!rows[0]!.got) {
      emit(`waiting for another process that is building snapshot ${name}`);
      await lock.query("SELECT pg_advisory_lock(hashtext($1))", [lockKey]);
    }
    // The other builder may have published it while we waited.
    if (await publishedTemplate(lock, serverUrl, name, options.fingerprint)) return result(false);

    const source = await options.build();
    const temporary = `seedband_build_${safeBand(band)}_${randomBytes(4).toString("hex")}`;
    const mark: OwnerMark = {
      v: 1,
      kind: "snapshot",
      band,
      seed,
      fingerprint: options.fingerprint,
      status: "incomplete",
      owner: options.owner,
      createdAt: new Date().toISOString(),
      ...(project ? { project } : {}),
    };
    emit(`copying ${source} into snapshot ${name}`);
    try {
      await createOwnedDatabase(serverUrl, temporary, mark, { template: source });
    } catch (error) {
      throw busySource(error, serverUrl, source);
    }
    try {
      await pauseAt("snapshot-save");
      // Published, it belongs to no run: it outlives the one that built it.
      const { owner: _builder, ...published } = mark;
      await publishDatabase(serverUrl, temporary, name, {
        ...published,
        status: "complete",
        completedAt: new Date().toISOString(),
      });
    } catch (error) {
      await dropOwnedDatabase(serverUrl, temporary).catch(() => {});
      throw error;
    }
    return result(true);
  } finally {
    // Ending the session releases the advisory lock, also when this process dies.
    await lock.end().catch(() => {});
  }
}

/**
 * Whether a complete template of this fingerprint is published under `name`. A database of that
 * name that is seedband's but not such a template (it cannot be: publishing is atomic, but a
 * user may have changed its mark) is dropped; one that is not seedband's is refused.
 */
async function publishedTemplate(
  session: Session,
  serverUrl: string,
  name: string,
  fingerprint: string,
): Promise<boolean> {
  const { rows } = await session.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
    [name],
  );
  if (rows.length === 0) return false;
  const mark = parseMark(rows[0]!.comment);
  if (!mark) {
    throw new SeedbandError(
      "NOT_OURS",
      `The database "${name}" on ${redactUrl(serverUrl)} has a seedband snapshot's name but no seedband mark; ` +
        "seedband left it untouched. Fix: drop or rename it yourself.",
    );
  }
  if (mark.kind === "snapshot" && mark.status === "complete" && mark.fingerprint === fingerprint) return true;
  await dropOwnedDatabase(serverUrl, name);
  return false;
}

/** 55006: someone is connected to the band database, so PostgreSQL cannot copy it. */
function busySource(error: unknown, serverUrl: string, source: string): unknown {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code !== "55006") return error;
  return new SeedbandError(
    "DB_ERROR",
    `Cannot copy "${source}" on ${redactUrl(serverUrl)} into a snapshot: other sessions are connected to it ` +
      "(PostgreSQL copies a database only while nobody uses it). Fix: close those sessions (psql, a GUI, an app) and run again.",
    { cause: error },
  );
}
