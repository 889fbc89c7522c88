// `verify --realism`: counts the rows that break what the band's inferred spec promises — time
// order across rows (a row created before a row it references) and within a row (updatedAt before
// createdAt, a later moment before the moment it follows) — as SQL over the loaded database. The
// promises come from the generator (generate's timeOrderPromises), so only what seedband promised
// is held against the data.
import { quoteIdent, type Session } from "../db/index.js";
import type { TimeColumn, TimeOrderPromise } from "../generate/index.js";

export interface RealismCheck {
  /** Rows that break a promise, over every check. */
  violations: number;
  /** Per promise: the rows compared (both times set) and those out of order. */
  timeOrder: Array<{ check: string; rows: number; violations: number }>;
}

function table(c: TimeColumn): string {
  return `${quoteIdent(c.schema)}.${quoteIdent(c.table)}`;
}

/** The comparison, by day when either side is a date. */
function value(alias: string, c: TimeColumn, byDay: boolean): string {
  const column = `${alias}.${quoteIdent(c.column)}`;
  return byDay ? `(${column})::date` : column;
}

export async function checkRealism(session: Session, promises: TimeOrderPromise[]): Promise<RealismCheck> {
  const result: RealismCheck = { violations: 0, timeOrder: [] };
  for (const p of promises) {
    const byDay = p.later.dateOnly || p.earlier.dateOnly;
    const later = value("l", p.later, byDay);
    const earlier = value(p.join ? "e" : "l", p.earlier, byDay);
    const from = p.join
      ? `${table(p.later)} l JOIN ${table(p.earlier)} e ON ${p.join
          .map(([c, t]) => `e.${quoteIdent(t)} = l.${quoteIdent(c)}`)
          .join(" AND ")}`
      : `${table(p.later)} l`;
    const { rows } = await session.query<{ n: string; bad: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${later} < ${earlier}) AS bad
         FROM ${from} WHERE ${later} IS NOT NULL AND ${earlier} IS NOT NULL`,
    );
    const violations = Number(rows[0]?.bad ?? 0);
    result.timeOrder.push({ check: p.check, rows: Number(rows[0]?.n ?? 0), violations });
    result.violations += violations;
  }
  return result;
}
