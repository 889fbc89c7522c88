// Turns the error Prisma's schema parser throws (a JSON string whose `message` is the
// terminal-coloured report `prisma validate` prints) into plain diagnostics with file, line and
// column, and into the one SCHEMA_INVALID error seedband shows for a schema it cannot read.

import { SeedbandError } from "../errors.js";

export interface PrismaDiagnostic {
  /** The file as the caller named it to the parser; undefined when Prisma gave no location. */
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

const ESC = "\u001b";
// The parser colours the offending span of the quoted source line bold red; its position in
// the quoted line is the only place the column appears, so it is read before colours are
// stripped.
const SPAN_START = `${ESC}[1;91m`;
const ANSI = /\u001b\[[0-9;]*m/g;
const GUTTER = /^\u001b\[[0-9;]*m\s*(\d+) \| \u001b\[0m/;

/**
 * Parses the error thrown by `get_dmmf` into diagnostics.
 *
 * @example
 * parsePrismaDiagnostics(err) // → [{ file: "schema.prisma", line: 6, column: 8, message: "Type \"Strin\" is …" }]
 */
export function parsePrismaDiagnostics(error: unknown): PrismaDiagnostic[] {
  const raw = rawMessage(error);
  // One block per reported error: it starts at a line reading `error: …` once colours are gone.
  const blocks: string[][] = [];
  for (const line of raw.split("\n")) {
    if (/^(?:error|warning):/.test(line.replace(ANSI, ""))) blocks.push([]);
    blocks.at(-1)?.push(line);
  }
  const diagnostics: PrismaDiagnostic[] = [];
  for (const block of blocks) {
    const plain = block.map((l) => l.replace(ANSI, ""));
    const arrow = plain.findIndex((l) => /^\s*-->\s/.test(l));
    const text = (arrow < 0 ? plain.slice(0, 1) : plain.slice(0, arrow)).join("\n");
    const message = text
      .replace(/^(?:error|warning):\s*/, "")
      .replace(/^Error validating:\s*/, "")
      .trim();
    const diagnostic: PrismaDiagnostic = { message };
    const location = arrow < 0 ? null : /^\s*-->\s*(.+):(\d+)\s*$/.exec(plain[arrow] ?? "");
    if (location?.[1] !== undefined && location[2] !== undefined) {
      diagnostic.file = location[1].trim();
      diagnostic.line = Number(location[2]);
      const column = columnOf(block, diagnostic.line);
      if (column !== undefined) diagnostic.column = column;
    }
    diagnostics.push(diagnostic);
  }
  if (diagnostics.length === 0) {
    const plain = raw.replace(ANSI, "").trim();
    diagnostics.push({ message: plain || "the schema parser failed without a message" });
  }
  return diagnostics;
}

/**
 * The SCHEMA_INVALID error for a schema the parser rejected: every diagnostic as
 * `file:line:column  message`, then the fix.
 */
export function schemaInvalidError(
  files: ReadonlyArray<readonly [string, string]>,
  error: unknown,
): SeedbandError {
  const diagnostics = parsePrismaDiagnostics(error);
  const names = files.map(([path]) => path).join(", ") || "(no files)";
  const lines = diagnostics.map((d) => {
    const where = d.file
      ? `${d.file}${d.line !== undefined ? `:${d.line}` : ""}${d.column !== undefined ? `:${d.column}` : ""}`
      : names;
    return `  ${where}  ${d.message}`;
  });
  const count = diagnostics.length === 1 ? "1 error" : `${diagnostics.length} errors`;
  // Prisma 7 moved connection URLs out of the schema; seedband never needs them there.
  const isUrlError = (d: PrismaDiagnostic) =>
    /datasource property `\w+` is no longer supported/.test(d.message);
  const fixes: string[] = [];
  if (diagnostics.some(isUrlError)) {
    fixes.push(
      "Fix: delete the `url = env(...)` line (and any `directUrl` / `shadowDatabaseUrl`) from the datasource " +
        "block: Prisma 7 no longer accepts connection URLs in schema files. seedband takes the database from " +
        "--database-url or DATABASE_URL; Prisma Migrate reads it from prisma.config.ts.",
    );
  }
  if (!diagnostics.every(isUrlError)) {
    fixes.push(
      `${fixes.length > 0 ? "Then" : "Fix:"} correct the schema at the places above (\`npx prisma validate\` reports ` +
        "the same errors), and run again.",
    );
  }
  return new SeedbandError(
    "SCHEMA_INVALID",
    `Cannot read the Prisma schema (${names}): ${count}.\n${lines.join("\n")}\n${fixes.join("\n")}`,
    {
      cause: error,
    },
  );
}

function rawMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && "message" in parsed && typeof parsed.message === "string") {
      return parsed.message;
    }
  } catch {
    // Not the JSON envelope (e.g. a WASM panic): use the text as it is.
  }
  return text;
}

/** 1-based column of the highlighted span on source line `line` of one coloured error block. */
function columnOf(block: string[], line: number): number | undefined {
  for (const quoted of block) {
    // A quoted source line: `<blue> 6 | <reset><source…>`, the span inside coloured bold red.
    const gutter = GUTTER.exec(quoted);
    if (!gutter || Number(gutter[1]) !== line) continue;
    const source = quoted.slice(gutter[0].length);
    const at = source.indexOf(SPAN_START);
    if (at < 0) return undefined;
    return source.slice(0, at).replace(ANSI, "").length + 1;
  }
  return undefined;
}
