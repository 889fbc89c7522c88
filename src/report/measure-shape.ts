// Runs the data-shape section's aggregate queries on the band's database, on two sessions side by
// side (the machines have two cores; each query is one scan of one table), the dearest first so
// the long scans do not end up queued behind each other. Read-only.
import { connect, type Session } from "../db/index.js";
import { type ShapeQuery, type ShapeResults, splitResults } from "./shape-queries.js";

const SESSIONS = 2;
/** Relative cost per row by kind (measured on the dev band: char_length is the dearest by far). */
const COST: Record<string, number> = { length: 4, time: 2 };

/**
 * @param rowsHint rows per table (e.g. from the seed's run record): the order the queries start in.
 * @example const results = await measureShape(url, shapeQueries(graph, spec), { messages: 5_000_000 })
 */
export async function measureShape(
  url: string,
  queries: readonly ShapeQuery[],
  rowsHint: Record<string, number> = {},
): Promise<ShapeResults> {
  const weight = (query: ShapeQuery) =>
    (rowsHint[tableName(query.table)] ?? 0) * (COST[query.id.split(":")[0]!] ?? 1);
  const queue = [...queries].sort((a, b) => weight(b) - weight(a));
  const raw: Record<string, Array<Record<string, string | null>>> = {};
  const sessions: Session[] = [];
  try {
    for (let i = 0; i < Math.min(SESSIONS, queue.length); i++) sessions.push(await connect(url));
    await Promise.all(
      sessions.map(async (session) => {
        // Read-only; enough memory that a joint grouping (a length by a device) stays in memory.
        await session.query("SET default_transaction_read_only = on; SET work_mem = '64MB'");
        for (let next = queue.shift(); next; next = queue.shift()) {
          raw[next.id] = (await session.query<Record<string, string | null>>(next.sql)).rows;
        }
      }),
    );
  } finally {
    await Promise.all(sessions.map((s) => s.end().catch(() => {})));
  }
  return splitResults(queries, raw);
}

/** `"public"."messages"` → `messages` (the run record names tables without their schema). */
function tableName(qualified: string): string {
  return (qualified.split(".").at(-1) ?? "").replace(/^"|"$/g, "").replaceAll('""', '"');
}
