// The query catalog's entries: `queries/*.sql` files with a small header (name, parameters and
// how they are bound, assertions), and the shape of `queries/*.ts` files of Prisma Client calls.
// Pure: load-catalog.ts reads the folder.

import { basename } from "node:path";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { docRef, SeedbandError } from "../errors.js";

/** One Prisma Client call of the catalog. */
export interface PrismaQuery<Client = unknown> {
  name: string;
  description?: string;
  /**
   * Parameters as in an SQL file's header: "messages.conversationId typical heavy" (a
   * representative parent's key), or a literal number, boolean, null or quoted 'text'.
   */
  params?: Record<string, string | number | boolean | null>;
  /** As in an SQL file: "uses-index NAME", "uses-index-on TABLE", "no-seq-scan-over ROWS", "no-sort". */
  assert?: string[];
  run: (client: Client, params: Record<string, unknown>) => Promise<unknown>;
}

export interface PrismaQueryCatalog<Client = unknown> {
  /** Makes the project's client on the adapter seedband gives: `(adapter) => new PrismaClient({ adapter })`. */
  client: (adapter: SqlDriverAdapterFactory) => Client & { $disconnect(): Promise<void> };
  queries: PrismaQuery<Client>[];
}

/** The representatives a parameter can be bound to (DESIGN: skewed values get different plans). */
export const REPRESENTATIVES = ["typical", "heavy", "largest"] as const;
export type Representative = (typeof REPRESENTATIVES)[number];

/** A parameter: a literal, or the key of a representative parent found from a child table's column. */
export type ParamBinding =
  | { kind: "literal"; value: string | number | boolean | null }
  | { kind: "entity"; table: string; column: string; representatives: Representative[] };

export type Assertion =
  | { kind: "uses-index"; index: string }
  | { kind: "uses-index-on"; table: string }
  | { kind: "no-seq-scan-over"; rows: number }
  | { kind: "no-sort" };

export interface CatalogQuery {
  name: string;
  /** Where it came from, relative to the project root (messages only, never written to baselines). */
  file: string;
  description?: string;
  params: Record<string, ParamBinding>;
  assertions: Assertion[];
  /** The representative each case binds: ["typical", "heavy"], or ["default"] without entity params. */
  variants: string[];
  source:
    | { kind: "sql"; sql: string; order: string[] }
    | { kind: "prisma"; query: PrismaQuery; catalog: PrismaQueryCatalog };
}

/**
 * Parses one SQL file of the catalog. The header is the leading `-- key: value` comment lines:
 *
 * ```sql
 * -- name: latest-messages
 * -- param conversationId: messages.conversationId typical heavy
 * -- param limit: 50
 * -- assert: uses-index messages_conversationId_createdAt_idx
 * SELECT * FROM messages WHERE "conversationId" = :conversationId ORDER BY "createdAt" DESC LIMIT :limit
 * ```
 */
export function parseSqlQuery(text: string, file: string): CatalogQuery {
  const lines = text.split(/\r?\n/);
  const params: Record<string, ParamBinding> = {};
  const assertions: Assertion[] = [];
  let name = basename(file).replace(/\.sql$/, "");
  let description: string | undefined;
  let bodyStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line === "--") continue;
    const header = /^--\s*([a-z-]+)(?:\s+([A-Za-z_]\w*))?\s*:\s*(.*)$/.exec(line);
    if (!line.startsWith("--")) {
      bodyStart = i;
      break;
    }
    bodyStart = i + 1;
    if (!header) continue; // a plain comment
    const [, key, arg, value] = header as unknown as [string, string, string | undefined, string];
    const where = `${file}:${i + 1}`;
    if (key === "name") {
      if (!/^[a-z0-9][a-z0-9_-]*$/i.test(value.trim()))
        bad(
          where,
          `name ${JSON.stringify(value)} must be letters, digits, - or _ (it names the baseline file)`,
        );
      name = value.trim();
    } else if (key === "description") description = value.trim();
    else if (key === "param") {
      if (!arg) bad(where, "write `-- param NAME: binding`");
      params[arg!] = parseBinding(value.trim(), where);
    } else if (key === "assert") assertions.push(parseAssertion(value.trim(), where));
    else bad(where, `unknown header "${key}"; the header keys are name, description, param, assert`);
  }
  const body = lines.slice(bodyStart).join("\n").trim().replace(/;\s*$/, "");
  if (!body) bad(file, "has no SQL after its header");
  const { sql, order } = numberParams(body, file);
  for (const p of order) {
    if (!params[p]) bad(file, `uses :${p} but declares no \`-- param ${p}: …\` for it`);
  }
  for (const p of Object.keys(params)) {
    if (!order.includes(p)) bad(file, `declares the parameter ${p} but the SQL never uses :${p}`);
  }
  return {
    name,
    file,
    ...(description ? { description } : {}),
    params,
    assertions,
    variants: variantsOf(params, file),
    source: { kind: "sql", sql, order },
  };
}

/** The variants of a query: the representatives its entity parameters share (all list the same). */
export function variantsOf(params: Record<string, ParamBinding>, file: string): string[] {
  const lists = Object.entries(params).flatMap(([p, b]) =>
    b.kind === "entity" ? [[p, b.representatives.join(" ")] as const] : [],
  );
  if (lists.length === 0) return ["default"];
  const first = lists[0]![1];
  const other = lists.find(([, l]) => l !== first);
  if (other) {
    bad(
      file,
      `every entity parameter must list the same representatives (${lists[0]![0]}: ${first}; ${other[0]}: ${other[1]}): each case binds one representative of each`,
    );
  }
  return first.split(" ");
}

export function parseBinding(value: string, where: string): ParamBinding {
  const entity = /^"?([A-Za-z_]\w*)"?\."?([A-Za-z_]\w*)"?((?:\s+[a-z]+)*)$/.exec(value);
  if (entity) {
    const reps = (entity[3] ?? "").trim().split(/\s+/).filter(Boolean);
    const list = reps.length === 0 ? ["typical"] : reps;
    for (const r of list) {
      if (!(REPRESENTATIVES as readonly string[]).includes(r))
        bad(where, `unknown representative "${r}"; use typical (p50 fan-out), heavy (p99) or largest`);
    }
    return {
      kind: "entity",
      table: entity[1]!,
      column: entity[2]!,
      representatives: list as Representative[],
    };
  }
  if (/^-?\d+(\.\d+)?$/.test(value)) return { kind: "literal", value: Number(value) };
  if (value === "true" || value === "false") return { kind: "literal", value: value === "true" };
  if (value === "null") return { kind: "literal", value: null };
  const quoted = /^'((?:[^']|'')*)'$/.exec(value);
  if (quoted) return { kind: "literal", value: quoted[1]!.replace(/''/g, "'") };
  return bad(
    where,
    `cannot read the binding ${JSON.stringify(value)}: write table.column [typical|heavy|largest] (a parent key found from that child column), a number, 'text', true, false or null`,
  );
}

export function parseAssertion(value: string, where: string): Assertion {
  const [kind, arg, ...rest] = value.split(/\s+/);
  if (rest.length === 0) {
    if (kind === "uses-index" && arg) return { kind, index: arg };
    if (kind === "uses-index-on" && arg) return { kind, table: arg };
    if (kind === "no-seq-scan-over" && arg && /^\d+$/.test(arg)) return { kind, rows: Number(arg) };
    if (kind === "no-sort" && !arg) return { kind };
  }
  return bad(
    where,
    `cannot read the assertion ${JSON.stringify(value)}: use uses-index NAME, uses-index-on TABLE, no-seq-scan-over ROWS or no-sort`,
  );
}

/** `:name` → `$n` (the same name, the same number), outside quotes, comments and `::` casts. */
export function numberParams(body: string, file: string): { sql: string; order: string[] } {
  const order: string[] = [];
  let sql = "";
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === "'" || c === '"') {
      const end = body.indexOf(c, i + 1);
      if (end < 0) bad(file, `has an unterminated ${c === "'" ? "string" : "quoted identifier"}`);
      sql += body.slice(i, end + 1);
      i = end + 1;
    } else if (c === "-" && body[i + 1] === "-") {
      const end = body.indexOf("\n", i);
      sql += end < 0 ? body.slice(i) : body.slice(i, end);
      i = end < 0 ? body.length : end;
    } else if (c === ":" && body[i + 1] === ":") {
      sql += "::";
      i += 2;
    } else if (c === ":" && /[A-Za-z_]/.test(body[i + 1] ?? "")) {
      const m = /^[A-Za-z_]\w*/.exec(body.slice(i + 1))![0];
      if (!order.includes(m)) order.push(m);
      sql += `$${order.indexOf(m) + 1}`;
      i += 1 + m.length;
    } else {
      sql += c;
      i++;
    }
  }
  return { sql, order };
}

/**
 * Reads the catalog folder: every `*.sql` file, and the Prisma queries of every `*.ts`/`*.mts`
 * file (loaded with jiti). Names must be unique.
 */
export function bad(where: string, what: string): never {
  throw new SeedbandError(
    "BAD_INPUT",
    `${where}: ${what}. See ${docRef("plan-baselines.md")} (the query catalog).`,
  );
}
