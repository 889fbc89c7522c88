// Which way PostgreSQL 15+ copies a template for a clone. FILE_COPY copies the files but first
// forces a checkpoint, whose cost is every dirty buffer on the server — on a server the tests
// themselves keep busy that checkpoint, not the copy, is the clone's time. WAL_LOG (PostgreSQL's
// default) needs no checkpoint but writes the whole copy through the WAL and shared buffers, so
// it grows with the template. Measured (bench/clone-pool.mjs, docs/vitest.md): WAL_LOG wins for
// the ci band (tens of MB), FILE_COPY for the dev band (over a GB).
import { connect } from "../db/index.js";

export type CloneStrategy = "FILE_COPY" | "WAL_LOG";

/** Templates up to this size are copied with WAL_LOG, larger ones with FILE_COPY. */
export const WAL_LOG_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The cheaper strategy for `template` on this server — WAL_LOG up to WAL_LOG_MAX_BYTES, else
 * FILE_COPY; none before PostgreSQL 15 (which only copies files) — and its size in bytes (neither
 * when it is missing).
 */
export async function cloneChoice(
  serverUrl: string,
  template: string,
): Promise<{ strategy?: CloneStrategy; bytes?: number }> {
  const session = await connect(serverUrl);
  try {
    const { rows } = await session.query<{ version: string; bytes: string | null }>(
      `SELECT current_setting('server_version_num') AS version,
              (SELECT pg_database_size(oid) FROM pg_database WHERE datname = $1) AS bytes`,
      [template],
    );
    const row = rows[0]!;
    if (row.bytes === null) return {};
    const bytes = Number(row.bytes);
    return Number(row.version) < 150000 ? { bytes } : { strategy: strategyForSize(bytes), bytes };
  } finally {
    await session.end().catch(() => {});
  }
}

export function strategyForSize(bytes: number): CloneStrategy {
  return bytes <= WAL_LOG_MAX_BYTES ? "WAL_LOG" : "FILE_COPY";
}
