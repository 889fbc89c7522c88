// Statements run on several sessions at once, largest table first: index builds and foreign-key
// validations are CPU-bound in the server, and a 2-core machine builds two at a time.
import type { Session } from "../db/index.js";

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
        await session.query(job.sql);
      }
    }),
  );
}
