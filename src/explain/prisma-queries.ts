// Prisma Client calls as catalog queries. The plans that matter are the ones the ORM really runs,
// so seedband runs the call once through a recording driver adapter (a wrapped
// @prisma/adapter-pg factory: every queryRaw/executeRaw, in or out of a transaction, is kept with
// its exact SQL and arguments) and explains what was recorded.
import type { SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { SeedbandError } from "../errors.js";
import {
  type CatalogQuery,
  type PrismaQuery,
  type PrismaQueryCatalog,
  parseAssertion,
  parseBinding,
  variantsOf,
} from "./query-catalog.js";

export type { PrismaQuery, PrismaQueryCatalog };

/**
 * Declares the Prisma Client calls of a catalog file (typed; returns it unchanged).
 *
 * @example
 * // queries/prisma.ts
 * import { definePrismaQueries } from "seedband";
 * import { PrismaClient } from "../generated/prisma/client";
 * export default definePrismaQueries({
 *   client: (adapter) => new PrismaClient({ adapter }),
 *   queries: [{
 *     name: "latest-messages-prisma",
 *     params: { conversationId: "messages.conversationId typical" },
 *     run: (db, p) => db.message.findMany({ where: { conversationId: p.conversationId as number }, orderBy: { createdAt: "desc" }, take: 50 }),
 *   }],
 * });
 */
export function definePrismaQueries<Client>(catalog: PrismaQueryCatalog<Client>): PrismaQueryCatalog<Client> {
  return catalog;
}

/** A statement Prisma sent through the adapter. */
export interface RecordedStatement {
  sql: string;
  args: unknown[];
}

/**
 * Wraps a driver adapter factory so that every statement its connections and transactions run is
 * appended to `sink` before it runs.
 */
export function recordingAdapter(
  factory: SqlDriverAdapterFactory,
  sink: RecordedStatement[],
): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(target, prop) {
      if (prop === "connect") return async () => recording(await target.connect(), sink);
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function recording<T extends object>(queryable: T, sink: RecordedStatement[]): T {
  return new Proxy(queryable, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "queryRaw" || prop === "executeRaw") {
        return (query: SqlQuery) => {
          sink.push({ sql: query.sql, args: [...query.args] });
          return value.call(target, query);
        };
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) => recording(await value.apply(target, args), sink);
      }
      return value.bind(target);
    },
  });
}

/** Runs one Prisma query against `url` and returns the statements it sent (reads only: SELECT/WITH). */
export async function recordPrismaQuery(
  catalog: PrismaQueryCatalog,
  query: PrismaQuery,
  url: string,
  params: Record<string, unknown>,
): Promise<RecordedStatement[]> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const sink: RecordedStatement[] = [];
  const client = catalog.client(recordingAdapter(new PrismaPg({ connectionString: url }), sink));
  try {
    await query.run(client, params);
  } catch (error) {
    throw new SeedbandError(
      "DB_ERROR",
      `The Prisma query "${query.name}" failed: ${(error as Error).message.split("\n")[0]}. Fix the query's run function (it runs once against the band's database).`,
      { cause: error },
    );
  } finally {
    await client.$disconnect();
  }
  const reads = sink.filter((s) => /^\s*(SELECT|WITH)\b/i.test(s.sql));
  if (reads.length === 0) {
    throw new SeedbandError(
      "BAD_INPUT",
      `The Prisma query "${query.name}" sent no SELECT through the adapter (it sent ${sink.length} statement(s)); only reads are baselined.`,
    );
  }
  return reads.map((s) => ({ sql: s.sql, args: s.args.map(pgArg) }));
}

/** Arguments as pg takes them (Prisma hands bigints and bytes as they are). */
function pgArg(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Loads a catalog file (TypeScript through jiti) into catalog queries. */
export async function loadPrismaCatalog(file: string, rel: string): Promise<CatalogQuery[]> {
  let loaded: unknown;
  try {
    const { createJiti } = await import("jiti");
    const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
    loaded = await jiti.import(file, { default: true });
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Cannot load ${rel}: ${(error as Error).message.split("\n")[0]}. Fix: generate the Prisma client it imports (\`npx prisma generate\`; where Prisma's engine cannot be downloaded, set PRISMA_SCHEMA_ENGINE_BINARY to any file), and default-export definePrismaQueries({ client, queries }).`,
      { cause: error },
    );
  }
  const catalog = loaded as Partial<PrismaQueryCatalog>;
  if (!catalog || typeof catalog.client !== "function" || !Array.isArray(catalog.queries)) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${rel}: the default export must be definePrismaQueries({ client: (adapter) => new PrismaClient({ adapter }), queries: [...] }).`,
    );
  }
  return catalog.queries.map((q, i) => {
    const where = `${rel}: queries[${i}]`;
    if (
      !q ||
      typeof q.name !== "string" ||
      !/^[a-z0-9][a-z0-9_-]*$/i.test(q.name) ||
      typeof q.run !== "function"
    ) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${where} needs a name (letters, digits, - or _) and a run function (client, params) => client.model.findMany(…).`,
      );
    }
    const params = Object.fromEntries(
      Object.entries(q.params ?? {}).map(([p, v]) => [
        p,
        typeof v === "string"
          ? parseBinding(v, `${where}.params.${p}`)
          : { kind: "literal" as const, value: v },
      ]),
    );
    return {
      name: q.name,
      file: rel,
      ...(q.description ? { description: q.description } : {}),
      params,
      assertions: (q.assert ?? []).map((a, k) => parseAssertion(a, `${where}.assert[${k}]`)),
      variants: variantsOf(params, where),
      source: { kind: "prisma" as const, query: q as PrismaQuery, catalog: catalog as PrismaQueryCatalog },
    };
  });
}
