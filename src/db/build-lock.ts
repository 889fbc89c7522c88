// One seedband run at a time per target database: a session-level advisory lock keyed by the
// database's name, held on a connection to the server's maintenance database for the whole run
// (seed, load, restore, template builds). The server releases it when the session ends, also when
// the process is killed. A second run waits (bounded) with a message naming the holder, then
// refuses with BUSY (exit 2).
import { SeedbandError } from "../errors.js";
import type { RunOwner } from "./ownership.js";
import { redactUrl } from "./redact-url.js";
import { connect, type Session } from "./session.js";

/** How long a second run waits for the first by default: `SEEDBAND_LOCK_WAIT_SECONDS` overrides it. */
export const DEFAULT_LOCK_WAIT_SECONDS = 300;

const POLL_MS = 250;

export interface BuildLockOptions {
  owner: RunOwner;
  /** Seconds to wait for another run before refusing; 0 refuses at once. */
  waitSeconds?: number;
  /** Called once when another run holds the lock and this one starts waiting. */
  onWait?: (message: string) => void;
}

/** The held lock: `release()` ends its session (idempotent). */
export interface BuildLock {
  release(): Promise<void>;
}

/**
 * Takes the build lock of database `name` on the server at `serverUrl` (its maintenance database).
 *
 * @example
 * const lock = await acquireBuildLock(server.url, "seedband_ci_0123", { owner: runOwner(runId) });
 * try { await build(); } finally { await lock.release(); }
 */
export async function acquireBuildLock(
  serverUrl: string,
  name: string,
  options: BuildLockOptions,
): Promise<BuildLock> {
  const key = buildLockKey(name);
  const waitSeconds = options.waitSeconds ?? lockWaitSeconds();
  const session = await connect(serverUrl);
  try {
    // The holder is named by its session's application_name: a waiting run reads it from pg_stat_activity.
    const { pid, host } = options.owner;
    await session.query("SELECT set_config('application_name', $1, false)", [
      `seedband pid ${pid} on ${host}`.slice(0, 63),
    ]);
    const deadline = Date.now() + waitSeconds * 1000;
    let told = false;
    while (!(await tryLock(session, key))) {
      const holder = await lockHolder(session, key);
      const who = holder ? ` (${holder})` : "";
      if (Date.now() >= deadline) {
        throw new SeedbandError(
          "BUSY",
          `Another seedband run${who} is building ${name} on ${redactUrl(serverUrl)}; this run ` +
            `${waitSeconds > 0 ? `waited ${waitSeconds} s and ` : ""}left it alone. ` +
            "Fix: wait for that run to finish and run again (a complete database is reused), or " +
            "raise SEEDBAND_LOCK_WAIT_SECONDS to wait longer.",
        );
      }
      if (!told) {
        options.onWait?.(
          `waiting for another seedband run${who} that is building ${name} (up to ${waitSeconds} s)`,
        );
        told = true;
      }
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  } catch (error) {
    await session.end().catch(() => {});
    throw error;
  }
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await session.end().catch(() => {});
    },
  };
}

/** `SEEDBAND_LOCK_WAIT_SECONDS` when it is a number ≥ 0, else the default. */
export function lockWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SEEDBAND_LOCK_WAIT_SECONDS;
  const n = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_LOCK_WAIT_SECONDS;
}

export function buildLockKey(name: string): string {
  return `seedband:build:${name}`;
}

async function tryLock(session: Session, key: string): Promise<boolean> {
  const { rows } = await session.query<{ got: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS got", [
    key,
  ]);
  return rows[0]!.got;
}

/**
 * The application_name of the session holding the lock ("seedband pid N on HOST"), or null.
 * An advisory lock on one bigint shows in pg_locks as classid (high 32 bits) and objid (low 32).
 */
async function lockHolder(session: Session, key: string): Promise<string | null> {
  const { rows } = await session.query<{ name: string }>(
    `SELECT a.application_name AS name
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext($1)::bigint
      LIMIT 1`,
    [key],
  );
  const name = rows[0]?.name;
  return name?.startsWith("seedband ") ? name.slice("seedband ".length) : null;
}
