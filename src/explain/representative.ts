// Representative parents, chosen deterministically from the loaded data: the fan-out of each
// parent key in a child column, sorted by (fan-out, key); "typical" is the p50 parent, "heavy"
// the p99 one, "largest" the one with the most children (the smallest key among ties).
import { quoteIdent, type Session } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { Representative } from "./query-catalog.js";

export interface ChosenEntity {
  value: string | number;
  /** Children the chosen parent has in the column. */
  fanout: number;
}

export class RepresentativeFinder {
  private readonly cache = new Map<string, Promise<Array<{ v: string | number; n: number }>>>();

  constructor(private readonly session: Session) {}

  async find(table: string, column: string, which: Representative): Promise<ChosenEntity> {
    const groups = await this.groups(table, column);
    if (groups.length === 0) {
      throw new SeedbandError(
        "NOT_FOUND",
        `No rows in ${table}.${column} to choose a ${which} parent from: seed the band first, or bind the parameter to a literal.`,
      );
    }
    const at =
      which === "largest"
        ? groups.findIndex((g) => g.n === groups.at(-1)!.n)
        : Math.max(0, Math.ceil((which === "typical" ? 0.5 : 0.99) * groups.length) - 1);
    const g = groups[at]!;
    return { value: g.v, fanout: g.n };
  }

  private groups(table: string, column: string) {
    const key = `${table}.${column}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.count(table, column)
        .then((rows) => rows.map((r) => ({ v: r.v, n: Number(r.n) })))
        .catch((error: { code?: string; message?: string }) => {
          throw new SeedbandError(
            "BAD_INPUT",
            `Cannot count ${table}.${column} to choose representative parents: ${error.message} (${error.code ?? "?"}). Fix the binding: table.column of a child table's foreign-key column, e.g. messages.conversationId.`,
          );
        });
      this.cache.set(key, found);
    }
    return found;
  }

  /**
   * Children per parent. A table with another band's statistics injected has its file grown with
   * empty pages to that band's size (explain's planner-stats): a sequential scan would read them
   * all, so the count goes through an index of the column when there is one.
   */
  private async count(table: string, column: string) {
    const injected = await this.session.query<{ on: boolean }>(
      `SELECT coalesce('autovacuum_enabled=off' = ANY(reloptions), false) AS on FROM pg_class
        WHERE oid = to_regclass($1)`,
      [quoteIdent(table)],
    );
    const padded = injected.rows[0]?.on === true;
    if (padded) await this.session.query("SET enable_seqscan = off");
    try {
      const { rows } = await this.session.query<{ v: string | number; n: string }>(
        `SELECT ${quoteIdent(column)} AS v, count(*) AS n FROM ${quoteIdent(table)}
          WHERE ${quoteIdent(column)} IS NOT NULL GROUP BY 1 ORDER BY 2, 1`,
      );
      return rows;
    } finally {
      if (padded) await this.session.query("RESET enable_seqscan");
    }
  }
}
