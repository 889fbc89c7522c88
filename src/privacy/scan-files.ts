// `seedband pii check <file|dir>…`: every file given, and every file under the folders given
// (recursively, whatever its name: names are scanned too), read as a stream with bounded memory. JSON (`.json`, or a
// file of another name that starts with `{` or `[` and parses) is scanned as `metrics` unless told
// otherwise; CSV (`.csv`) and all other text by line as `data`. A file that cannot be read — binary,
// not UTF-8, broken JSON or CSV, a folder with no files — is bad input, never "clean".
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { basename, extname, join, sep } from "node:path";
import { SeedbandError } from "../errors.js";
import { CsvScanner, CsvSyntaxError } from "./csv-scanner.js";
import type { LocatedFinding } from "./finding.js";
import { FindingSink } from "./finding-sink.js";
import { JsonScanner } from "./json-scanner.js";
import { JsonSyntaxError, JsonTokenizer } from "./json-tokenizer.js";
import { LineScanner } from "./line-scanner.js";
import type { PiiProfile } from "./profiles.js";
import { scanText } from "./scan-value.js";
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

/** A file to read, and how messages and findings name it (`shown`: names holding personal data masked). */
interface Listed {
  path: string;
  shown: string;
}

/** Scans `paths` (files or folders); `profile` overrides the per-format default. */
export async function scanFiles(paths: readonly string[], profile?: PiiProfile): Promise<FileScan> {
  const files: Listed[] = [];
  const names = new FindingSink();
  const walk: Walk = { out: files, seen: new Set(), names, profile: profile ?? "data" };
  for (const p of paths) {
    const shown = await maskPath(p, walk);
    if ((await collect(p, shown, walk)) === 0)
      throw new SeedbandError(
        "BAD_INPUT",
        `The folder ${shown} holds no files: nothing was checked. Fix: give the folder the files are in, or the files themselves.`,
      );
  }
  // Every file's first bytes before any long scan: a binary file is refused at once.
  const kinds: TextKind[] = [];
  for (const f of files) kinds.push(await sniffText(f.path, f.shown));
  const scan: FileScan = {
    findings: [...names.listed],
    total: names.total,
    files: files.map((f) => f.shown),
  };
  for (let i = 0; i < files.length; i++) {
    const sink = await scanFile(files[i]!.path, kinds[i]!, profile, files[i]!.shown);
    for (const f of sink.listed) scan.findings.push(f);
    scan.total += sink.total;
  }
  return scan;
}

interface Walk {
  out: Listed[];
  seen: Set<string>;
  /** Findings in the names of files and folders. */
  names: FindingSink;
  profile: PiiProfile;
}

/**
 * A name is data too (`exports/maria.garcia@gmail.com.json`): a file or folder name that holds a
 * finding is reported, and shown as `<entry 3: email>` (its place in its folder, sorted).
 */
function maskName(
  name: string,
  shownFolder: string,
  position: string,
  walk: Walk,
  isFolder: boolean,
): string {
  const found = scanText(name, walk.profile);
  if (found.length === 0) return name;
  const masked = `<${position}: ${found[0]!.type}>`;
  const shown = shownFolder === "" ? masked : join(shownFolder, masked);
  for (const f of found)
    walk.names.add({
      file: shown,
      path: isFolder ? "folder name" : "file name",
      type: f.type,
      preview: f.preview,
    });
  return masked;
}

/**
 * A path the user gave, its own name masked as `<name: email>` when it holds a finding (a file
 * given by a shell glob is as much the data as one found in a folder). The folders above it are
 * not scanned: they are where the user keeps things (`/home/jdoe@corp.example/…`), not data.
 */
async function maskPath(path: string, walk: Walk): Promise<string> {
  const cut = path.lastIndexOf(sep, path.length - 2);
  const isFolder = (await stat(path).catch(() => null))?.isDirectory() ?? false;
  const folder = cut < 0 ? "" : path.slice(0, cut + 1);
  const name = path.slice(cut + 1);
  const masked = maskName(name.replace(/\/$/, ""), folder, "name", walk, isFolder);
  return masked === name.replace(/\/$/, "") ? path : `${folder}${masked}`;
}

/** The files under `path` (itself when a file), appended to `walk.out`; returns how many it holds. */
async function collect(path: string, shown: string, walk: Walk): Promise<number> {
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
        ? `${shown} is a link to a file or folder that does not exist. Fix: remove the link, or restore what it points to.`
        : `Cannot read ${shown}: ${messageOf(error, path, shown)}. Fix: give an existing file or folder.`,
      { cause: error },
    );
  }
  if (info.isDirectory()) {
    if (walk.seen.has(real)) return 1; // a folder reached twice (a link to a parent): read once
    walk.seen.add(real);
    let entries: string[];
    try {
      entries = (await readdir(path)).sort();
    } catch (error) {
      throw new SeedbandError(
        "BAD_INPUT",
        `Cannot list the folder ${shown}: ${messageOf(error, path, shown)}. Fix: check its permissions.`,
        { cause: error },
      );
    }
    let count = 0;
    for (const [i, e] of entries.entries()) {
      const child = join(path, e);
      const isFolder = (await stat(child).catch(() => null))?.isDirectory() ?? false;
      count += await collect(child, join(shown, maskName(e, shown, `entry ${i + 1}`, walk, isFolder)), walk);
    }
    return count;
  }
  if (!info.isFile())
    throw new SeedbandError(
      "BAD_INPUT",
      `${shown} is not a regular file (${info.isFIFO() ? "a named pipe" : info.isSocket() ? "a socket" : "a device"}): pii check reads files. Fix: move it out of the folder, or name the files to check.`,
    );
  if (!walk.seen.has(real)) {
    walk.seen.add(real);
    walk.out.push({ path, shown });
  }
  return 1;
}

/** A system error's message, with the path as the findings show it. */
function messageOf(error: unknown, path: string, shown: string): string {
  return (error as Error).message.split(path).join(shown);
}

/**
 * The findings of one file (its kind from sniffText). Throws SeedbandError("BAD_INPUT") naming
 * the file when it cannot be read to its end.
 */
export async function scanFile(
  file: string,
  kind: TextKind,
  profile?: PiiProfile,
  shown = file,
): Promise<FindingSink> {
  const name = basename(file)
    .toLowerCase()
    .replace(/\.gz(?:ip)?$/, "");
  const ext = extname(name);
  if (ext === ".csv") return scanAs("csv", file, shown, kind, profile ?? "data");
  if (ext === ".json") return scanAs("json", file, shown, kind, profile ?? "metrics");
  if (!LINE_FORMATS.has(ext) && (kind.firstChar === "{" || kind.firstChar === "[")) {
    try {
      return await scanAs("json", file, shown, kind, profile ?? "metrics");
    } catch (error) {
      // Text that only starts like JSON (a log line `[12:00] …`): read it by line instead.
      if (!(error instanceof SeedbandError && error.cause instanceof JsonSyntaxError)) throw error;
    }
  }
  return scanAs("lines", file, shown, kind, profile ?? "data");
}

async function scanAs(
  format: "json" | "csv" | "lines",
  path: string,
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
    for await (const text of textChunks(path, kind, file)) scanner.push(text);
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
