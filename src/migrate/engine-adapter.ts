// How the schema stage reaches Postgres: through Prisma's driver adapter `@prisma/adapter-pg`
// (the only module of src/schema that imports it), both for Prisma's schema engine and for the
// few catalog queries of the drift check. It corrects two things of adapter-pg 7.10 for the
// engine's sake: the engine introspects catalog columns of Postgres' one-byte type "char", which
// the adapter refuses, and the adapter's shadow database would be created beside the user's
// database but then used *as* the user's database (it spreads a `connectionString` that wins over
// the new `database`), so seedband never hands the engine one.

import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type { SqlClient } from "./migrations.js";

/** The factory the schema engine is constructed with, and how to close what it opened. */
export interface EngineAdapter {
  factory: object;
  dispose(): Promise<void>;
}

/** A SqlClient over a small pool, and how to close it. */
export interface PooledSqlClient extends SqlClient {
  close(): Promise<void>;
}

// OIDs: Postgres' internal "char" (pg_class.relkind, pg_constraint.contype, …) and text.
const CHAR_OID = 18;
const TEXT_OID = 25;

// What this module touches of pg, declared here rather than imported (src/schema does not import pg).
interface PgField {
  dataTypeID: number;
}
interface PgResult {
  fields?: PgField[];
  rows?: unknown[];
}
interface PgQueryable {
  query: (...args: unknown[]) => unknown;
}
interface PgPool extends PgQueryable {
  on(event: "connect", listener: (client: PgQueryable) => void): unknown;
}
interface ResultSet {
  columnTypes: number[];
  rows: unknown[];
}
interface Adapter {
  queryRaw(query: unknown): Promise<ResultSet>;
  underlyingDriver(): unknown;
  dispose(): Promise<void>;
}

/**
 * The adapter factory for `SchemaEngine.new(…, …, factory)`, connected to `databaseUrl`.
 * Call `dispose()` when the engine is done: the engine does not close its pools.
 */
export function engineAdapter(databaseUrl: string): EngineAdapter {
  const inner = new PrismaPg({ connectionString: databaseUrl });
  const opened: Adapter[] = [];
  const factory = {
    provider: "postgres" as const,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      opened.push(adapter);
      readCharColumns(adapter);
      return adapter;
    },
    async connectToShadowDb(): Promise<never> {
      throw new Error(
        "seedband gives Prisma's schema engine no shadow database (adapter-pg 7.10 would apply the migrations " +
          "to the main database instead); use a diff from the migrated database",
      );
    },
  };
  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    dispose: async () => {
      await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}

/**
 * A SqlClient on `databaseUrl` (a pool of adapter-pg's pg, one connection at most), for
 * catalog queries. Rows come back as objects, as pg gives them.
 */
export async function connectSqlClient(databaseUrl: string): Promise<PooledSqlClient> {
  const adapter: Adapter = await new PrismaPg({ connectionString: databaseUrl, max: 1 }).connect();
  const pool = adapter.underlyingDriver() as PgQueryable;
  return {
    query: (sql, params) => pool.query(sql, params) as Promise<{ rows: Array<Record<string, unknown>> }>,
    close: () => adapter.dispose(),
  };
}

/**
 * adapter-pg maps result columns by type OID and has no mapping for "char", so every catalog
 * query the engine runs over such a column fails ("Column type 'char' could not be
 * deserialized"). pg already hands the value over as a one-letter string; this tells the
 * adapter it is text, then tells the engine it is a Character, which is what the engine's
 * describer reads (`constraint_type`, `relkind`, …).
 */
function readCharColumns(adapter: Adapter): void {
  // The rows array travels unchanged from pg's result to the adapter's result set, which ties them.
  const charColumns = new WeakMap<object, number[]>();
  const relabel = (result: unknown): unknown => {
    const { fields, rows } = (result ?? {}) as PgResult;
    if (!fields || !rows) return result;
    const found: number[] = [];
    fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        found.push(i);
      }
    });
    if (found.length > 0) charColumns.set(rows, found);
    return result;
  };
  const wrap = (target: PgQueryable) => {
    const query = target.query.bind(target);
    target.query = (...args: unknown[]) => {
      const pending = query(...args);
      // Only the promise form (the adapter's) is relabelled; callbacks pass through untouched.
      return pending instanceof Promise ? pending.then(relabel) : pending;
    };
  };
  const pool = adapter.underlyingDriver() as PgPool;
  wrap(pool); // pool.query: the adapter's queries outside transactions
  pool.on("connect", wrap); // checked-out clients: its transactions
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query: unknown) => {
    const resultSet = await queryRaw(query);
    for (const i of charColumns.get(resultSet.rows) ?? [])
      resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    return resultSet;
  };
}
