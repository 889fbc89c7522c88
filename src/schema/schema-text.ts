// A small reader of Prisma schema *text* for the few facts the DMMF leaves out: a relation's
// `map:` (the foreign key's constraint name), `Unsupported("…")` fields (columns that exist in
// the table but not in the DMMF) and whether a block is a `view`. It runs only on schemas the
// Prisma parser has already accepted, so it can be lenient: it understands blocks, fields,
// attributes, strings and `//` comments, nothing more.

export interface ScannedAttribute {
  /** Without the `@`, e.g. "relation", "map", "db.VarChar". */
  name: string;
  /** The text between the parentheses, or undefined when the attribute has none. */
  args?: string;
}

export interface ScannedField {
  name: string;
  /** The type as written, without `?` and `[]`: `String`, `Unsupported("geometry")`. */
  type: string;
  isList: boolean;
  isOptional: boolean;
  attributes: ScannedAttribute[];
}

export interface ScannedBlock {
  /** `model`, `view`, `enum`, `type`, `datasource` or `generator`. */
  keyword: string;
  name: string;
  file: string;
  fields: ScannedField[];
}

export interface ScannedArgument {
  /** The argument's name (`map` in `map: "x"`), undefined for a positional one. */
  name?: string;
  value: string;
}

/** Reads the top-level blocks of every file, with the fields of `model` and `view` blocks. */
export function scanSchemaText(files: ReadonlyArray<readonly [string, string]>): ScannedBlock[] {
  const blocks: ScannedBlock[] = [];
  for (const [file, text] of files) {
    const source = stripComments(text);
    const header = /\b(model|view|enum|type|datasource|generator)\s+([A-Za-z_][\w]*)\s*\{/g;
    let match: RegExpExecArray | null;
    while ((match = header.exec(source)) !== null) {
      const keyword = match[1] ?? "";
      const name = match[2] ?? "";
      const bodyStart = header.lastIndex;
      const bodyEnd = closingIndex(source, bodyStart - 1);
      const body = source.slice(bodyStart, bodyEnd);
      const fields = keyword === "model" || keyword === "view" ? scanFields(body) : [];
      blocks.push({ keyword, name, file, fields });
      header.lastIndex = bodyEnd + 1;
    }
  }
  return blocks;
}

/** Splits an attribute list such as `@id @default(uuid()) @map("a_id")` into attributes. */
export function scanAttributes(text: string): ScannedAttribute[] {
  const attributes: ScannedAttribute[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i = stringEnd(text, i);
      continue;
    }
    if (ch !== "@" || text[i + 1] === "@") {
      i += ch === "@" ? 2 : 1;
      continue;
    }
    const name = /^[A-Za-z_][\w.]*/.exec(text.slice(i + 1))?.[0];
    if (!name) {
      i += 1;
      continue;
    }
    i += 1 + name.length;
    let j = i;
    while (text[j] === " " || text[j] === "\t") j += 1;
    if (text[j] === "(") {
      const end = closingIndex(text, j);
      attributes.push({ name, args: text.slice(j + 1, end) });
      i = end + 1;
    } else {
      attributes.push({ name });
    }
  }
  return attributes;
}

/** Splits an argument list such as `"ab", fields: [a, b], map: "x"` at its top-level commas. */
export function scanArguments(text: string): ScannedArgument[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') {
      i = stringEnd(text, i) - 1;
    } else if (ch === "(" || ch === "[" || ch === "{") {
      depth += 1;
    } else if (ch === ")" || ch === "]" || ch === "}") {
      depth -= 1;
    } else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const named = /^([A-Za-z_]\w*)\s*:\s*([\s\S]*)$/.exec(part);
      return named?.[1] !== undefined && named[2] !== undefined
        ? { name: named[1], value: named[2] }
        : { value: part };
    });
}

/** The value of a Prisma string literal (`"a\"b"` → `a"b`), or undefined when it is not one. */
export function stringLiteral(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!trimmed.startsWith('"') || stringEnd(trimmed, 0) !== trimmed.length) return undefined;
  try {
    // Prisma string escapes are a subset of JSON's.
    const value: unknown = JSON.parse(trimmed);
    return typeof value === "string" ? value : undefined;
  } catch {
    return trimmed.slice(1, -1);
  }
}

function scanFields(body: string): ScannedField[] {
  const fields: ScannedField[] = [];
  for (const line of logicalLines(body)) {
    const text = line.trim();
    if (text === "" || text.startsWith("@@")) continue;
    const head = /^([A-Za-z_]\w*)\s+([A-Za-z_][\w.]*)/.exec(text);
    if (!head?.[1] || !head[2]) continue;
    let i = head[0].length;
    let type = head[2];
    if (text[i] === "(") {
      const end = closingIndex(text, i);
      type += text.slice(i, end + 1);
      i = end + 1;
    }
    let isList = false;
    let isOptional = false;
    if (text.startsWith("[]", i)) {
      isList = true;
      i += 2;
    }
    if (text[i] === "?") {
      isOptional = true;
      i += 1;
    }
    fields.push({ name: head[1], type, isList, isOptional, attributes: scanAttributes(text.slice(i)) });
  }
  return fields;
}

/** Lines of a block body; a newline inside parentheses or brackets does not end a line. */
function logicalLines(body: string): string[] {
  const lines: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (ch === '"') {
      i = stringEnd(body, i) - 1;
    } else if (ch === "(" || ch === "[") {
      depth += 1;
    } else if (ch === ")" || ch === "]") {
      depth = Math.max(0, depth - 1);
    } else if (ch === "\n" && depth === 0) {
      lines.push(body.slice(start, i));
      start = i + 1;
    }
  }
  lines.push(body.slice(start));
  return lines;
}

/** Replaces `//` comments with spaces (keeping offsets and newlines), leaving strings alone. */
export function stripComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === "/" && text[i + 1] === "/") {
      let end = text.indexOf("\n", i);
      if (end < 0) end = text.length;
      out += " ".repeat(end - i);
      i = end;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Index just past the string literal that opens at `start` (which holds `"`). */
export function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch === '"' || ch === "\n") return i + 1;
    i += 1;
  }
  return text.length;
}

/** Index of the bracket closing the one at `open` (`(`, `[` or `{`), skipping strings. */
export function closingIndex(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') {
      i = stringEnd(text, i) - 1;
    } else if (ch === "(" || ch === "[" || ch === "{") {
      depth += 1;
    } else if (ch === ")" || ch === "]" || ch === "}") {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return text.length;
}
