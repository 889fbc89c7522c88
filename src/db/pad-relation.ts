// Relation files grown to a page count with sparse, all-zero pages. The planner does not take a
// table's size from pg_class: it scales reltuples/relpages by the file's *current* length
// (table_block_relation_estimate_size, and an index's pages likewise), so statistics injected into
// a small database still plan for its small tables. Zero pages are valid "new" pages to
// PostgreSQL (scans skip them, VACUUM truncates trailing ones) and take no disk space. This needs
// the server's data directory on this machine (the embedded server); it is refused otherwise.
import { chownSync, closeSync, existsSync, fstatSync, ftruncateSync, openSync, statSync } from "node:fs";
import { join } from "node:path";
import { SeedbandError } from "../errors.js";
import type { Session } from "./session.js";

export interface PadTarget {
  /** pg_class oid of a table or index. */
  oid: number;
  name: string;
  pages: number;
}

function parseSize(text: string): number {
  const m = /^(\d+)\s*(kB|MB|GB|TB)?$/.exec(text.trim());
  if (!m) return Number.NaN;
  const unit = { kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }[m[2] ?? ""] ?? 1;
  return Number(m[1]) * unit;
}

/** Whether this process can reach the server's data directory (the embedded server: yes). */
export async function canPadRelations(session: Session): Promise<boolean> {
  try {
    const { rows } = await session.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
    return existsSync(join(rows[0]!.dir, "PG_VERSION"));
  } catch {
    return false;
  }
}

/**
 * Grows each relation's main fork to at least `pages` pages (never shrinks), segment by segment
 * (PostgreSQL's 1 GB segment files, new ones owned like the first). Returns the relations grown.
 */
export async function padRelations(session: Session, targets: PadTarget[]): Promise<string[]> {
  const settings = await session.query<{ dir: string; block: string; segment: string }>(
    "SELECT current_setting('data_directory') AS dir, current_setting('block_size') AS block, current_setting('segment_size') AS segment",
  );
  const { dir, block, segment } = settings.rows[0]!;
  const blockSize = Number(block);
  const segmentBytes = parseSize(segment);
  if (!existsSync(join(dir, "PG_VERSION")) || !(segmentBytes > 0)) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--stats-as needs the server's data directory on this machine: the planner sizes tables from their files, not from pg_class, so seedband grows them with empty (sparse) pages. This server's files are not reachable. Fix: omit --database-url / DATABASE_URL to use the embedded PostgreSQL 18 server.`,
    );
  }
  const segmentPages = segmentBytes / blockSize;
  const grown: string[] = [];
  for (const target of targets) {
    const { rows } = await session.query<{ path: string | null }>(
      "SELECT pg_relation_filepath($1::oid) AS path",
      [target.oid],
    );
    const rel = rows[0]?.path;
    if (!rel) continue;
    const base = join(dir, rel);
    if (!existsSync(base)) continue;
    const owner = statSync(base);
    let current = 0;
    for (let seg = 0; existsSync(seg === 0 ? base : `${base}.${seg}`); seg++) {
      current += statSync(seg === 0 ? base : `${base}.${seg}`).size / blockSize;
    }
    if (current >= target.pages) continue;
    const lastSegment = Math.floor((target.pages - 1) / segmentPages);
    for (let seg = 0; seg <= lastSegment; seg++) {
      const file = seg === 0 ? base : `${base}.${seg}`;
      const pagesHere = seg < lastSegment ? segmentPages : target.pages - seg * segmentPages;
      const fresh = !existsSync(file);
      const fd = openSync(file, fresh ? "wx" : "r+", 0o600);
      try {
        if (fstatSync(fd).size < pagesHere * blockSize) ftruncateSync(fd, pagesHere * blockSize);
      } finally {
        closeSync(fd);
      }
      if (fresh) chownSync(file, owner.uid, owner.gid);
    }
    grown.push(target.name);
  }
  return grown;
}
