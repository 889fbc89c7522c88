// Everything between an empty database and the first row: the tables (applySchema), then their
// keys, indexes and foreign keys read and dropped (rebuilt after the data), and user triggers
// and forced row-level security suspended. Returns what the finish needs to put it all back,
// as data, so another process (the last shard) can finish.
import type { Session } from "../db/index.js";
import type { TableOutput } from "../generate/index.js";
import { applySchema, type SchemaSource } from "./apply-schema.js";
import { dropDeferred, readDeferrable } from "./deferred-constraints.js";
import type { Emit } from "./load-event.js";
import { suspendForLoad } from "./load-guards.js";
import type { ShardState } from "./meta-store.js";

/** What the finish puts back, and what seedband changed that the user should know. */
export type PreparedLoad = Omit<ShardState, "n">;

export async function prepareLoad(
  session: Session,
  url: string,
  schema: SchemaSource,
  tables: TableOutput[],
  emit: Emit,
): Promise<PreparedLoad> {
  const notes = await applySchema(session, url, schema, emit);
  const names = tables.map((t): [string, string] => [t.schemaName, t.tableName]);
  const deferred = await readDeferrable(session, names);
  await dropDeferred(session, deferred);
  const guards = await suspendForLoad(session, names);
  for (const note of guards.notes) emit({ kind: "phase", phase: note });
  return { deferred, restoreSql: guards.restoreSql, notes: [...notes, ...guards.notes] };
}
