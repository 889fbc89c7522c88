// `seedband pii check <file|dir>…`: every file given, and every file under the folders given
// (recursively, whatever its name), read as a stream with bounded memory. JSON (`.json`, or a
// file of another name that starts with `{` or `[` and parses) is scanned as `metrics` unless told
// otherwise; CSV (`.csv`) and all other text by line as `data`. A file that cannot be read — binary,
// not UTF-8, broken JSON or CSV, a folder with no files — is bad input, never "clean".
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { SeedbandError } from "../errors.js";
import { CsvScanner, CsvSyntaxError } from "./csv-scanner.js";
import type { LocatedFinding } from "./finding.js";
import { FindingSink } from "./finding-sink.js";
import { JsonScanner } from "./json-scanner.js";
import { JsonSyntaxError, JsonTokenizer } from "./json-tokenizer.js";
import { LineScanner } from "./line-scanner.js";
import type { PiiProfile } from "./profiles.js";
import { sniffText, type TextKind, textChunks } from "./text-source.js";

/** Text formats read by line even when they start like JSON. */
const LINE_FORMATS = new Set([".txt", ".log", ".tsv", ".jsonl", ".ndjson"]);

export interface FileScan {
  /** The findings listed (at most LISTED_PER_FILE per file). */
  findings: LocatedFinding[];
  /** Every finding, listed or not. */
  total: number;
  files: string[];
}

/** Scans `paths` (files or folders); `profile` overrides the per-format default. */
export async function scanFiles(paths: readonly string[], profile?: PiiProfile): Promise<FileScan> {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if ((await collect(p, files, seen)) === 0)
      throw new SeedbandError(
        "BAD_INPUT",
        `The folder ${p} holds no files: nothing was checked. Fix: give the folder the files are in, or the files themselves.`,
      );
  }
  // Every file's first bytes before any long scan: a binary file is refused at once.
  const kinds: TextKind[] = [];
  for (const file of files) kinds.push(await sniffText(file));
  const scan: FileScan = { findings: [], total: 0, files };
  for (let i = 0; i < files.length; i++) {
    const sink = await scanFile(files[i]!, kinds[i]!, profile);
    for (const f of sink.listed) scan.findings.push(f);
    scan.total += sink.total;
  }
  return scan;
}

/** The files under `path` (itself when a file), appended to `out`; returns how many it holds. */
async function collect(path: string, out: string[], seen: Set<string>): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  let real: string;
  try {
    info = await stat(path);
    real = await realpath(path);
  } catch (error) {
    const dangling = await lstat(path).then(
      (l) => l.isSymbolicLink(),
      () => false,
    );
    throw new SeedbandError(
      "BAD_INPUT",
      dangling
        ? `${path} is a link to a file or folder that does not exist. Fix: remove the link, or restore what it points to.`
        : `Cannot read ${path}: ${(error as Error).message}. Fix: give an existing file or folder.`,
      { cause: error },
    );
  }
  if (info.isDirectory()) {
    if (seen.has(real)) return 1; // a folder reached twice (a link to a parent): read once
    seen.add(real);
    let entries: string[];
    try {
      entries = (await readdir(path)).sort();
    } catch (error) {
      throw new SeedbandError(
        "BAD_INPUT",
        `Cannot list the folder ${path}: ${(error as Error).message}. Fix: check its permissions.`,
        { cause: error },
      );
    }
    let count = 0;
    for (const e of entries) count += await collect(join(path, e), out, seen);
    return count;
  }
  if (!info.isFile())
    throw new SeedbandError(
      "BAD_INPUT",
      `${path} is not a regular file (${info.isFIFO() ? "a named pipe" : info.isSocket() ? "a socket" : "a device"}): pii check reads files. Fix: move it out of the folder, or name the files to check.`,
    );
  if (!seen.has(real)) {
    seen.add(real);
    out.push(path);
  }
  return 1;
}

/**
 * The findings of one file (its kind from sniffText). Throws SeedbandError("BAD_INPUT") naming
 * the file when it cannot be read to its end.
 */
export async function scanFile(file: string, kind: TextKind, profile?: PiiProfile): Promise<FindingSink> {
  const name = basename(file)
    .toLowerCase()
    .replace(/\.gz(?:ip)?$/, "");
  const ext = extname(name);
  if (ext === ".csv") return scanAs("csv", file, kind, profile ?? "data");
  if (ext === ".json") return scanAs("json", file, kind, profile ?? "metrics");
  if (!LINE_FORMATS.has(ext) && (kind.firstChar === "{" || kind.firstChar === "[")) {
    try {
      return await scanAs("json", file, kind, profile ?? "metrics");
    } catch (error) {
      // Text that only starts like JSON (a log line `[12:00] …`): read it by line instead.
      if (!(error instanceof SeedbandError && error.cause instanceof JsonSyntaxError)) throw error;
    }
  }
  return scanAs("lines", file, kind, profile ?? "data");
}

async function scanAs(
  format: "json" | "csv" | "lines",
  file: string,
  kind: TextKind,
  profile: PiiProfile,
): Promise<FindingSink> {
  const sink = new FindingSink();
  const scanner =
    format === "json"
      ? new JsonTokenizer(new JsonScanner(file, profile, sink))
      : format === "csv"
        ? new CsvScanner(file, profile, sink)
        : new LineScanner(file, profile, sink);
  try {
    for await (const text of textChunks(file, kind)) scanner.push(text);
    scanner.end();
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new SeedbandError(
        "BAD_INPUT",
        `${file}:${error.line}:${error.column}: not valid JSON: ${error.reason}; the file was not checked. Fix the file (or give it a .txt name to check it as plain text).`,
        { cause: error },
      );
    if (error instanceof CsvSyntaxError)
      throw new SeedbandError(
        "BAD_INPUT",
        `${file} is not valid CSV: ${error.message}; the file was not checked. Fix: close the quote (a quote inside a quoted field is written twice: ""), or give it a .txt name to check it as plain text.`,
        { cause: error },
      );
    throw error;
  }
  return sink;
}
