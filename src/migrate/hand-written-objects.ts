// Objects in a database that Prisma's schema language cannot declare, so they can only come from
// hand-written migrations: indexes with INCLUDE columns, a WHERE clause, expressions, collations,
// NULLS ordering; CHECK and EXCLUDE constraints; triggers, functions, views, row-level security
// and policies, extensions (without the postgresqlExtensions preview feature), standalone
// sequences. The drift check lists them as intended differences.

import type { SqlClient } from "./migrations.js";

export interface HandWrittenObject {
  /** Index, CheckConstraint, ExclusionConstraint, Trigger, Function, View, MaterializedView, Policy, RowLevelSecurity, Extension, Sequence. */
  kind: string;
  /** Postgres schema the object lives in (the extension's schema for an extension). */
  schema: string;
  /** Its name: what an engine step names (an index, a constraint), or `table.name` for triggers and policies. */
  name: string;
  /** SQL that creates it, as the database describes it. */
  definition: string;
  /** What Prisma's schema language cannot say about it. */
  why: string;
}

/** What the schema can declare after all, through preview features it enables. */
export interface Expressible {
  /** `partialIndexes`: `@@index(..., where: raw("…"))`. */
  partialIndexes: boolean;
  /** `postgresqlExtensions`: `extensions = [...]` in the datasource (the engine then manages them). */
  extensions: boolean;
}

/** An index as the catalog describes it. */
export interface IndexFacts {
  definition: string;
  include: boolean;
  partial: boolean;
  expressions: boolean;
  /** A btree index with an operator class other than the type's default (`text_pattern_ops`). */
  btreeOpclass: boolean;
}

/**
 * The features of an index that Prisma's schema language cannot say; [] when `@@index`,
 * `@@unique` or `@unique` can declare it.
 *
 * @example
 * indexFeaturesPrismaCannotSay({ definition: 'CREATE INDEX i ON t USING btree (a) INCLUDE (b)', include: true, … }, expressible)
 * // ["INCLUDE columns"]
 */
export function indexFeaturesPrismaCannotSay(index: IndexFacts, expressible: Expressible): string[] {
  // pg_get_indexdef prints COLLATE and NULLS only where they differ from the defaults; quoted
  // identifiers are blanked first so a column named "WHERE" says nothing.
  const text = index.definition.replace(/"(?:[^"]|"")*"/g, '""');
  const features: string[] = [];
  if (index.include) features.push("INCLUDE columns");
  if (index.partial && !expressible.partialIndexes) features.push("a WHERE clause (a partial index)");
  if (index.expressions) features.push("expressions instead of plain columns");
  if (/\bNULLS NOT DISTINCT\b/i.test(text)) features.push("NULLS NOT DISTINCT");
  if (/\bNULLS (?:FIRST|LAST)\b/i.test(text)) features.push("a NULLS FIRST/LAST ordering");
  if (/\bCOLLATE\b/i.test(text)) features.push("a column collation");
  if (index.btreeOpclass) features.push("a btree operator class");
  return features;
}

/**
 * Lists the hand-written-only objects in the given Postgres schemas of the database behind
 * `client`. Objects that belong to extensions are left out (the extension is listed instead).
 */
export async function listHandWrittenObjects(
  client: SqlClient,
  schemas: readonly string[],
  expressible: Expressible,
): Promise<HandWrittenObject[]> {
  const found: HandWrittenObject[] = [];
  const rows = async (sql: string) => (await client.query(sql, [schemas])).rows;
  const text = (value: unknown) => String(value);

  for (const row of await rows(INDEXES)) {
    const features = indexFeaturesPrismaCannotSay(
      {
        definition: text(row.definition),
        include: row.include === true,
        partial: row.partial === true,
        expressions: row.expressions === true,
        btreeOpclass: row.btree_opclass === true,
      },
      expressible,
    );
    if (features.length === 0) continue;
    found.push({
      kind: "Index",
      schema: text(row.schema),
      name: text(row.name),
      definition: `${text(row.definition)};`,
      why: `index on ${text(row.table)} with ${join(features)}, which Prisma's schema language cannot declare`,
    });
  }
  for (const row of await rows(CONSTRAINTS)) {
    const exclusion = row.type === "x";
    found.push({
      kind: exclusion ? "ExclusionConstraint" : "CheckConstraint",
      schema: text(row.schema),
      name: text(row.name),
      definition: `${text(row.definition)};`,
      why: `${exclusion ? "EXCLUDE" : "CHECK"} constraint on ${text(row.table)}: Prisma's schema language has no ${exclusion ? "exclusion" : "check"} constraints`,
    });
  }
  for (const row of await rows(TRIGGERS)) {
    found.push({
      kind: "Trigger",
      schema: text(row.schema),
      name: `${text(row.table)}.${text(row.name)}`,
      definition: `${text(row.definition)};`,
      why: "Prisma's schema language has no triggers",
    });
  }
  for (const row of await rows(FUNCTIONS)) {
    found.push({
      kind: row.kind === "p" ? "Procedure" : "Function",
      schema: text(row.schema),
      name: text(row.signature),
      definition: `${text(row.definition).trim()};`,
      why: "Prisma's schema language has no functions or procedures",
    });
  }
  for (const row of await rows(VIEWS)) {
    const materialized = row.kind === "m";
    found.push({
      kind: materialized ? "MaterializedView" : "View",
      schema: text(row.schema),
      name: text(row.name),
      definition: text(row.definition),
      why: materialized
        ? "Prisma's schema language has no materialized views"
        : "a view's query is SQL: Prisma's `view` blocks (a preview feature) only describe its columns",
    });
  }
  for (const row of await rows(ROW_SECURITY)) {
    found.push({
      kind: "RowLevelSecurity",
      schema: text(row.schema),
      name: text(row.table),
      definition: text(row.definition),
      why: "Prisma's schema language cannot enable row-level security",
    });
  }
  for (const row of await rows(POLICIES)) {
    found.push({
      kind: "Policy",
      schema: text(row.schema),
      name: `${text(row.table)}.${text(row.name)}`,
      definition: `${text(row.definition)};`,
      why: "Prisma's schema language has no row-level security policies",
    });
  }
  for (const row of await rows(SEQUENCES)) {
    found.push({
      kind: "Sequence",
      schema: text(row.schema),
      name: text(row.name),
      definition: `${text(row.definition)};`,
      why: "a sequence no column owns: Prisma's schema language declares sequences only through @default(autoincrement())",
    });
  }
  if (!expressible.extensions) {
    for (const row of (await client.query(EXTENSIONS)).rows) {
      found.push({
        kind: "Extension",
        schema: text(row.schema),
        name: text(row.name),
        definition: `${text(row.definition)};`,
        why: "an extension: the schema declares extensions only with the postgresqlExtensions preview feature, which it does not enable",
      });
    }
  }
  return found;
}

function join(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

// Objects that belong to an extension (pg_depend deptype 'e') are the extension's business.
const NOT_FROM_EXTENSION = (classTable: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classTable}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

// Indexes of tables, except those backing a primary key or an exclusion constraint (listed as
// the constraint). Unique constraints stay: Prisma declares them as unique indexes.
const INDEXES = `
SELECT n.nspname AS schema, ic.relname AS name, tc.relname AS "table",
       pg_get_indexdef(i.indexrelid) AS definition,
       i.indnkeyatts < i.indnatts AS include,
       i.indpred IS NOT NULL AS partial,
       i.indexprs IS NOT NULL AS expressions,
       am.amname = 'btree' AND EXISTS (
         SELECT 1 FROM unnest(i.indclass::oid[]) AS k(opclass)
         JOIN pg_opclass oc ON oc.oid = k.opclass WHERE NOT oc.opcdefault
       ) AS btree_opclass
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_am am ON am.oid = ic.relam
WHERE n.nspname = ANY($1) AND tc.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'x'))
  AND ${NOT_FROM_EXTENSION("pg_class", "tc.oid")}
ORDER BY 1, 2`;

const CONSTRAINTS = `
SELECT n.nspname AS schema, c.conname AS name, t.relname AS "table", c.contype AS type,
       format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid)) AS definition
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = ANY($1) AND c.contype IN ('c', 'x') AND t.relkind IN ('r', 'p')
  AND ${NOT_FROM_EXTENSION("pg_class", "t.oid")}
ORDER BY 1, 3, 2`;

const TRIGGERS = `
SELECT n.nspname AS schema, t.tgname AS name, c.relname AS "table", pg_get_triggerdef(t.oid) AS definition
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND NOT t.tgisinternal AND ${NOT_FROM_EXTENSION("pg_trigger", "t.oid")}
ORDER BY 1, 3, 2`;

// pg_get_functiondef refuses aggregates; they are named only.
const FUNCTIONS = `
SELECT n.nspname AS schema, p.oid::regprocedure::text AS signature, p.prokind AS kind,
       CASE WHEN p.prokind = 'a' THEN format('CREATE AGGREGATE %s (…)', p.oid::regprocedure)
            ELSE pg_get_functiondef(p.oid) END AS definition
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY($1) AND ${NOT_FROM_EXTENSION("pg_proc", "p.oid")}
ORDER BY 1, 2`;

const VIEWS = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind,
       format('CREATE %s %I.%I AS %s', CASE c.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END,
              n.nspname, c.relname, rtrim(pg_get_viewdef(c.oid), ';')) || ';' AS definition
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind IN ('v', 'm') AND ${NOT_FROM_EXTENSION("pg_class", "c.oid")}
ORDER BY 1, 2`;

const ROW_SECURITY = `
SELECT n.nspname AS schema, c.relname AS "table",
       format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY;', n.nspname, c.relname)
       || CASE WHEN c.relforcerowsecurity THEN format(' ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY;', n.nspname, c.relname) ELSE '' END
       AS definition
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relrowsecurity AND c.relkind IN ('r', 'p')
ORDER BY 1, 2`;

const POLICIES = `
SELECT schemaname AS schema, tablename AS "table", policyname AS name,
       format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s', policyname, schemaname, tablename, permissive, cmd,
              array_to_string(roles, ', '))
       || coalesce(' USING (' || qual || ')', '') || coalesce(' WITH CHECK (' || with_check || ')', '') AS definition
FROM pg_policies
WHERE schemaname = ANY($1)
ORDER BY 1, 2, 3`;

// Sequences no column owns (serial and identity columns own theirs: deptype 'a' / 'i').
const SEQUENCES = `
SELECT n.nspname AS schema, c.relname AS name, format('CREATE SEQUENCE %I.%I', n.nspname, c.relname) AS definition
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind = 'S'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
ORDER BY 1, 2`;

// Database-wide: an extension is installed once, whichever schema holds its objects.
const EXTENSIONS = `
SELECT n.nspname AS schema, e.extname AS name,
       format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', e.extname, n.nspname) AS definition
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY 2`;
