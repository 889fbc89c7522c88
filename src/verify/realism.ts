// `verify --realism`: counts the rows that break what the band's inferred spec promises — time
// order across rows (a row created before a row it references) and within a row (updatedAt before
// createdAt, a later moment before the moment it follows), and tenant coherence (a relation whose
// target row belongs to another tenant row than the row's own) — as SQL over the loaded database.
// The promises come from the generator (generate's timeOrderPromises and tenantPromises), so only
// what seedband promised is held against the data.
import { quoteIdent, type Session } from "../db/index.js";
import type { TableName, TenantHop, TenantPromise, TimeColumn, TimeOrderPromise } from "../generate/index.js";

export interface RealismCheck {
  /** Rows that break a promise, over every check. */
  violations: number;
  /** Per promise: the rows compared (both times set) and those out of order. */
  timeOrder: Array<{ check: string; rows: number; violations: number }>;
  /**
   * Per relation kept in the tenant: the rows compared (relation set), those whose target row is
   * in another tenant row although their own has candidates (violations), and those the generator
   * let fall back because their tenant row has none (a required relation: not counted as violations).
   */
  tenants: Array<{ check: string; rows: number; violations: number; fallbacks: number }>;
}

function table(c: TimeColumn | TableName): string {
  return `${quoteIdent(c.schema)}.${quoteIdent(c.table)}`;
}

/** The comparison, by day when either side is a date. */
function value(alias: string, c: TimeColumn, byDay: boolean): string {
  const column = `${alias}.${quoteIdent(c.column)}`;
  return byDay ? `(${column})::date` : column;
}

/** Joins hopping from alias `from` (prefixing each hop's alias); the last alias, or `from` with no hops. */
function chain(from: string, prefix: string, hops: TenantHop[]): { joins: string; last: string } {
  let at = from;
  const joins = hops.map((h, i) => {
    const alias = `${prefix}${i + 1}`;
    const on = h.columns.map(
      (c, k) => `${alias}.${quoteIdent(h.targetColumns[k]!)} = ${at}.${quoteIdent(c)}`,
    );
    at = alias;
    return `JOIN ${table(h.to)} ${alias} ON ${on.join(" AND ")}`;
  });
  return { joins: joins.join(" "), last: at };
}

const keyOf = (alias: string, key: string[]) => `(${key.map((k) => `${alias}.${quoteIdent(k)}`).join(", ")})`;

/** A member relation: the target row is held by a join row under the row's own tenant row. */
async function checkMember(session: Session, p: TenantPromise, via: NonNullable<TenantPromise["via"]>) {
  const mine = chain("m", "a", p.up);
  const ownKey = keyOf(mine.last, p.key);
  const joins = chain("j0", "j", via.up);
  const inTenant = `${keyOf(joins.last, p.key)} = ${ownKey}`;
  const held = via.columns.map((c, i) => `j0.${quoteIdent(c)} = m.${quoteIdent(p.relation.columns[i]!)}`);
  const member = `EXISTS (SELECT 1 FROM ${table(via.table)} j0 ${joins.joins} WHERE ${[...held, inTenant].join(" AND ")})`;
  const any = `EXISTS (SELECT 1 FROM ${table(via.table)} j0 ${joins.joins} WHERE ${inTenant})`;
  const set = p.relation.columns.map((c) => `m.${quoteIdent(c)} IS NOT NULL`).join(" AND ");
  const { rows } = await session.query<{ n: string; bad: string; fallbacks: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE NOT ${member} AND ${any}) AS bad,
            count(*) FILTER (WHERE NOT ${member} AND NOT ${any}) AS fallbacks
       FROM ${table(p.from)} m ${mine.joins} WHERE ${set}`,
  );
  return {
    check: p.check,
    rows: Number(rows[0]?.n ?? 0),
    violations: Number(rows[0]?.bad ?? 0),
    fallbacks: Number(rows[0]?.fallbacks ?? 0),
  };
}

async function checkTenant(session: Session, p: TenantPromise) {
  if (p.via) return checkMember(session, p, p.via);
  const mine = chain("m", "a", p.up);
  const target = chain("m", "t", [p.relation, ...p.targetUp]);
  // Candidates: the target's rows under the row's own tenant row.
  const candidates = chain("c0", "c", p.targetUp);
  const ownKey = keyOf(mine.last, p.key);
  const candidate = `EXISTS (SELECT 1 FROM ${table(p.relation.to)} c0 ${candidates.joins} WHERE ${keyOf(candidates.last, p.key)} = ${ownKey})`;
  const apart = `${keyOf(target.last, p.key)} IS DISTINCT FROM ${ownKey}`;
  const { rows } = await session.query<{ n: string; bad: string; fallbacks: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${apart} AND ${candidate}) AS bad,
            count(*) FILTER (WHERE ${apart} AND NOT ${candidate}) AS fallbacks
       FROM ${table(p.from)} m ${mine.joins} ${target.joins}`,
  );
  return {
    check: p.check,
    rows: Number(rows[0]?.n ?? 0),
    violations: Number(rows[0]?.bad ?? 0),
    fallbacks: Number(rows[0]?.fallbacks ?? 0),
  };
}

export async function checkRealism(
  session: Session,
  promises: TimeOrderPromise[],
  tenants: TenantPromise[] = [],
): Promise<RealismCheck> {
  const result: RealismCheck = { violations: 0, timeOrder: [], tenants: [] };
  for (const p of tenants) {
    const checked = await checkTenant(session, p);
    result.tenants.push(checked);
    result.violations += checked.violations;
  }
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
