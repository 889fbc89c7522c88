// `seedband pii check <file|dir>…`: reads files and folders (recursively: .json, .csv, .txt,
// .log) and scans each with its profile: JSON as `metrics` unless told otherwise, CSV and text as
// `data`. An unreadable file or a JSON syntax error is bad input, never "clean".
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { SeedbandError } from "../errors.js";
import type { PiiProfile } from "./profiles.js";
import { type LocatedFinding, parseCsv, scanCsv, scanJson, scanLines } from "./scan-document.js";

const SCANNED = new Set([".json", ".csv", ".txt", ".log"]);
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

export interface FileScan {
  findings: LocatedFinding[];
  files: string[];
}

/** Scans `paths` (files or folders); `profile` overrides the per-type default. */
export function scanFiles(paths: readonly string[], profile?: PiiProfile): FileScan {
  const files: string[] = [];
  for (const p of paths) collect(p, files, true);
  const findings: LocatedFinding[] = [];
  for (const file of files) findings.push(...scanFile(file, profile));
  return { findings, files };
}

function collect(path: string, out: string[], explicit: boolean): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Cannot read ${path}: ${(error as Error).message}. Fix: give an existing file or folder.`,
      {
        cause: error,
      },
    );
  }
  if (stat.isDirectory()) {
    let entries: string[];
    try {
      entries = readdirSync(path).sort();
    } catch (error) {
      throw new SeedbandError("BAD_INPUT", `Cannot list the folder ${path}: ${(error as Error).message}.`, {
        cause: error,
      });
    }
    for (const e of entries) if (!SKIPPED_DIRS.has(e)) collect(join(path, e), out, false);
  } else if (explicit || SCANNED.has(extname(path).toLowerCase())) out.push(path);
}

/** The findings of one file. */
export function scanFile(file: string, profile?: PiiProfile): LocatedFinding[] {
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Cannot read ${file} as UTF-8 text: ${(error as Error).message}. Fix: check the path and permissions; pii check reads JSON, CSV and text files.`,
      { cause: error },
    );
  }
  const ext = extname(file).toLowerCase();
  if (ext === ".json") {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${file} is not valid JSON (${(error as Error).message}); it was not checked. Fix the file, or pass it with a .txt name to scan it as text.`,
        { cause: error },
      );
    }
    return scanJson(doc, file, profile ?? "metrics");
  }
  if (ext === ".csv") {
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (error) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${file} is not valid CSV: ${(error as Error).message}; it was not checked.`,
        {
          cause: error,
        },
      );
    }
    return scanCsv(rows, file, profile ?? "data");
  }
  return scanLines(text, file, profile ?? "data");
}
