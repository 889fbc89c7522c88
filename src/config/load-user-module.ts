// Loading a file the user wrote in TypeScript or JavaScript (seedband.config.ts, prisma.config.ts)
// with jiti, so it needs no build step. A failure names the user's own file with line:column —
// from the parser's position for a syntax error, from the first stack frame in the file for an
// error thrown while it runs — never a frame inside node_modules.
import { SeedbandError } from "../errors.js";

export interface UserModuleOptions {
  /** Module ids to replace while loading, e.g. `prisma/config` by a stand-in. */
  alias?: Record<string, string>;
  /** Ends the message: what the file must be. */
  fix: string;
}

/** The file's default export (or its module namespace when it has no default export). */
export async function loadUserModule(file: string, options: UserModuleOptions): Promise<unknown> {
  try {
    // Loaded only when such a file exists: most runs need no TypeScript loader.
    const { createJiti } = await import("jiti");
    const jiti = createJiti(import.meta.url, {
      moduleCache: false,
      fsCache: false,
      ...(options.alias ? { alias: options.alias } : {}),
    });
    return await jiti.import(file, { default: true });
  } catch (error) {
    const { where, what } = describeFailure(error, file);
    throw new SeedbandError("BAD_INPUT", `${where}: ${what}. ${options.fix}`, { cause: error });
  }
}

/** `file:line:column` (1-based) and the first line of the reason, without jiti's decorations. */
export function describeFailure(error: unknown, file: string): { where: string; what: string } {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((l) => l.trim());
  const what =
    (lines[0] ?? "").replace(/^(Error: )?ParseError: /, "syntax error: ").trim() || "cannot be loaded";
  // jiti's parser: "ParseError: Unexpected token\n /path/file.ts:2:34" (column 0-based).
  const parsed = positionIn(lines.slice(1).join("\n"), file);
  if (parsed) return { where: `${file}:${parsed.line}:${parsed.column + 1}`, what };
  // A runtime error: the first stack frame inside the file (columns already 1-based).
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const frame = positionIn(stack, file);
  return { where: frame ? `${file}:${frame.line}:${frame.column}` : file, what };
}

function positionIn(text: string, file: string): { line: number; column: number } | undefined {
  const at = text.indexOf(`${file}:`);
  if (at < 0) return undefined;
  const match = /^:(\d+):(\d+)/.exec(text.slice(at + file.length));
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}
