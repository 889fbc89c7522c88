// What a user's schema may carry that would change or block generated rows during the load:
// user triggers (they would run per row, rewrite values or insert elsewhere) and forced row-level
// security (it applies even to the table owner). seedband turns both off for the load and restores
// them afterwards, and says so in the run record's notes.
import { quoteIdent, type Session } from "../db/index.js";

export interface LoadGuards {
  notes: string[];
  /** What turns them back on (kept as SQL so another process can run it: sharded loads). */
  restoreSql: string[];
  restore(session: Session): Promise<void>;
}

export async function suspendForLoad(session: Session, tables: Array<[string, string]>): Promise<LoadGuards> {
  const regclasses = tables.map(([s, t]) => `${quoteIdent(s)}.${quoteIdent(t)}`);
  const { rows: triggers } = await session.query<{ rel: string; n: string; names: string }>(
    `SELECT tgrelid::regclass::text AS rel, count(*) AS n, string_agg(tgname, ', ' ORDER BY tgname) AS names
       FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' AND tgrelid = ANY($1::regclass[])
      GROUP BY tgrelid ORDER BY 1`,
    [regclasses],
  );
  const { rows: forced } = await session.query<{ rel: string }>(
    `SELECT oid::regclass::text AS rel FROM pg_class WHERE relforcerowsecurity AND oid = ANY($1::regclass[]) ORDER BY 1`,
    [regclasses],
  );
  const notes: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  for (const t of triggers) {
    before.push(`ALTER TABLE ${t.rel} DISABLE TRIGGER USER;`);
    after.push(`ALTER TABLE ${t.rel} ENABLE TRIGGER USER;`);
    notes.push(
      `user triggers on ${t.rel} (${t.names}) were disabled during the load: they did not run for generated rows`,
    );
  }
  for (const f of forced) {
    before.push(`ALTER TABLE ${f.rel} NO FORCE ROW LEVEL SECURITY;`);
    after.push(`ALTER TABLE ${f.rel} FORCE ROW LEVEL SECURITY;`);
    notes.push(`forced row-level security on ${f.rel} was lifted during the load and restored after it`);
  }
  if (before.length > 0) await session.query(before.join("\n"));
  return {
    notes,
    restoreSql: after,
    restore: async (s) => {
      if (after.length > 0) await s.query(after.join("\n"));
    },
  };
}
