// Reads the SQL scripts Prisma's schema engine writes (`-- CreateTable` then the statement, one
// step after another) back into steps: the kind of change, the object it changes and its SQL.
// An ALTER TABLE that changes several columns becomes one step per change. Pure.

export interface ScriptStep {
  /** The engine's step comment: CreateTable, DropIndex, AlterTable, AddForeignKey, … ("Statement" when none). */
  kind: string;
  /** What the step changes: an index, table, enum or constraint name; `table.column` for a column. */
  object: string;
  /** Postgres schema when the statement names one (multi-schema projects). */
  schema?: string;
  /** The statement, ending with `;`. */
  sql: string;
}

/**
 * Splits an engine script into steps, in order. Comments other than the step markers are
 * dropped; quoted identifiers, strings and dollar-quoted bodies are kept whole.
 *
 * @example
 * parseMigrationScript('-- DropIndex\nDROP INDEX "a_idx";\n');
 * // [{ kind: "DropIndex", object: "a_idx", sql: 'DROP INDEX "a_idx";' }]
 */
export function parseMigrationScript(script: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  for (const { kind, sql } of statements(script)) {
    const alter =
      /^ALTER\s+TABLE\s+(?:ONLY\s+)?((?:"(?:[^"]|"")*"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\w$]+))?)\s+([\s\S]*)$/i.exec(
        sql,
      );
    if (alter?.[1] !== undefined && alter[2] !== undefined) {
      const target = qualifiedName(alter[1]);
      for (const clause of splitTopLevel(alter[2], ",")) {
        const step: ScriptStep = {
          kind,
          object: clauseObject(target.name, clause),
          sql: `ALTER TABLE ${alter[1]} ${collapseSpaces(clause)};`,
        };
        if (target.schema !== undefined) step.schema = target.schema;
        steps.push(step);
      }
      continue;
    }
    const named = statementObject(sql);
    const step: ScriptStep = { kind, object: named.name, sql: `${sql};` };
    if (named.schema !== undefined) step.schema = named.schema;
    steps.push(step);
  }
  return steps;
}

/**
 * The statements of a script, each with the step comment that precedes it (`CreateTable`; a
 * step lasts until a blank line, and "Statement" is the kind of statements outside any),
 * without the trailing `;` and without comments.
 */
export function statements(script: string): Array<{ kind: string; sql: string }> {
  const out: Array<{ kind: string; sql: string }> = [];
  let kind = "Statement";
  let current = "";
  let i = 0;
  const flush = () => {
    const sql = current.trim();
    if (sql !== "") out.push({ kind, sql });
    current = "";
  };
  while (i < script.length) {
    const ch = script[i];
    const rest = script.slice(i, i + 2);
    if (rest === "--") {
      let end = script.indexOf("\n", i);
      if (end < 0) end = script.length;
      // A step marker is a comment of one CamelCase word on a line of its own, between statements.
      const marker = /^--\s*([A-Z][A-Za-z]+)\s*$/.exec(script.slice(i, end));
      if (marker?.[1] !== undefined && current.trim() === "") {
        kind = marker[1];
        current = "";
      }
      i = end;
    } else if (rest === "/*") {
      const end = script.indexOf("*/", i + 2);
      i = end < 0 ? script.length : end + 2;
      current += " ";
    } else if (ch === "'" || ch === '"') {
      const end = quotedEnd(script, i, ch);
      current += script.slice(i, end);
      i = end;
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag === undefined) {
        current += ch;
        i += 1;
      } else {
        const close = script.indexOf(tag, i + tag.length);
        const end = close < 0 ? script.length : close + tag.length;
        current += script.slice(i, end);
        i = end;
      }
    } else if (ch === ";") {
      flush();
      i += 1;
    } else {
      current += ch;
      i += 1;
      // A blank line between statements ends the step: what follows has no marker of its own.
      if (ch === "\n" && current.trim() === "" && current.split("\n").length > 2) kind = "Statement";
    }
  }
  flush();
  return out;
}

/** Runs of whitespace outside quotes become one space (the engine aligns clauses with spaces). */
function collapseSpaces(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"') {
      const end = quotedEnd(text, i, ch);
      out += text.slice(i, end);
      i = end - 1;
    } else if (/\s/.test(ch)) {
      if (!out.endsWith(" ")) out += " ";
    } else {
      out += ch;
    }
  }
  return out;
}

/** Index just past a quoted string or identifier opening at `start` (doubled quotes escape). */
function quotedEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return text.length;
}

/** Parts of `text` between top-level separators (outside parentheses and quotes), trimmed. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"') {
      i = quotedEnd(text, i, ch) - 1;
    } else if (ch === "(") {
      depth += 1;
    } else if (ch === ")") {
      depth -= 1;
    } else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[\w$]+)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;

/** The object an ALTER TABLE clause changes: `table.column` for column clauses, else the constraint or table. */
function clauseObject(table: string, clause: string): string {
  const column = new RegExp(
    String.raw`^(?:ADD|DROP|ALTER|RENAME)\s+COLUMN\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(${IDENT})`,
    "i",
  ).exec(clause);
  if (column?.[1] !== undefined) return `${table}.${unquote(column[1])}`;
  const constraint = new RegExp(
    String.raw`^(?:ADD|DROP|RENAME|ALTER|VALIDATE)\s+CONSTRAINT\s+(?:IF\s+EXISTS\s+)?(${IDENT})`,
    "i",
  ).exec(clause);
  if (constraint?.[1] !== undefined) return unquote(constraint[1]);
  return table;
}

/** The object a statement creates, drops or alters: its (possibly schema-qualified) name. */
function statementObject(sql: string): { name: string; schema?: string } {
  const named = new RegExp(
    String.raw`^(?:CREATE|DROP|ALTER)\s+(?:UNIQUE\s+)?(?:TABLE|TYPE|INDEX|SCHEMA|EXTENSION|SEQUENCE|VIEW|MATERIALIZED\s+VIEW|FUNCTION|TRIGGER)\s+(?:CONCURRENTLY\s+)?(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(${QUALIFIED})`,
    "i",
  ).exec(sql);
  if (named?.[1] !== undefined) return qualifiedName(named[1]);
  const quoted = /"((?:[^"]|"")*)"/.exec(sql);
  if (quoted?.[1] !== undefined) return { name: quoted[1].replace(/""/g, '"') };
  return { name: sql.split(/\s+/).slice(0, 3).join(" ") };
}

function qualifiedName(text: string): { name: string; schema?: string } {
  const parts = splitTopLevel(text, ".").map(unquote);
  if (parts.length === 2) return { schema: parts[0] as string, name: parts[1] as string };
  return { name: parts[0] ?? text };
}

function unquote(identifier: string): string {
  const t = identifier.trim();
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}
