// Statements run on several sessions at once, largest table first: index builds and foreign-key
// validations are CPU-bound in the server, and a 2-core machine builds two at a time.
import type { Session } from "../db/index.js";

/** SQLSTATE 40P01: two foreign keys of a cycle (A → B, B → A) lock both tables in opposite orders. */
const DEADLOCK = "40P01";
const DEADLOCK_RETRIES = 3;

export async function runInParallel(
  sessions: Session[],
  jobs: Array<{ table: string; sql: string }>,
  size: (table: string) => number,
  check: () => void,
): Promise<void> {
  const queue = [...jobs].sort((a, b) => size(b.table) - size(a.table));
  await Promise.all(
    sessions.map(async (session) => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        check();
        await runRetryingDeadlocks(session, job.sql);
      }
    }),
  );
}

/**
 * PostgreSQL picks one statement of a deadlock as its victim and rolls it back; the other goes
 * on, so the victim, run again, finds the tables free.
 */
async function runRetryingDeadlocks(session: Session, sql: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await session.query(sql);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= DEADLOCK_RETRIES) throw error;
    }
  }
}
