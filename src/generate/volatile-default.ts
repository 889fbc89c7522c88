// Which `@default(dbgenerated("…"))` expressions give a different value on every build (random
// values, the clock): seedband fills those columns itself so a table's checksum is the same on
// every build, and leaves deterministic expressions (constants, casts, sequences) to the database.
// Pure: a reading of the SQL text, no server.

/** Functions whose result changes between runs, by name (PostgreSQL's, its contrib modules', and common user ones). */
const VOLATILE =
  /\b(random|gen_random_uuid|gen_random_bytes|uuid_generate_v[1-7]\w*|uuidv[47]|now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|current_timestamp|current_time|current_date|localtimestamp|localtime|txid_current|pg_current_xact_id|\w*nanoid\w*|\w*ulid\w*|\w*cuid\w*|\w*random\w*)\b/i;

/** True when a dbgenerated default's SQL may differ between builds (undefined SQL: unknown, so yes). */
export function volatileDefault(sql: string | undefined): boolean {
  if (sql === undefined) return true;
  return VOLATILE.test(sql);
}
