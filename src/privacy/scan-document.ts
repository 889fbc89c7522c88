// Scans parsed documents for `seedband pii check`: a JSON value (walked with its `$.a.b[2].c`
// paths), CSV rows (`row 12, column email`) and plain text lines. The `metrics` profile adds the
// structural rules of a sampler's output: no free text, token keys hold tokens, identifier keys
// hold nothing but tokens. Pure: the caller reads the files.
import { jsonPath } from "../spec/index.js";
import type { FindingType } from "./finding.js";
import type { PiiProfile } from "./profiles.js";
import { isLoneGivenName } from "./recognizers/name.js";
import { scanText, scanValue } from "./scan-value.js";
import { TOKEN_PATTERN } from "./token.js";

/** One finding of `pii check`: where it is and a masked preview (DESIGN.md's --json shape). */
export interface LocatedFinding {
  file: string;
  path: string;
  type: FindingType;
  preview: string;
}

// Two words of letters separated by white space: prose, or a name the dictionary does not know.
const FREE_TEXT = /\p{L}{2,}[^\S\n]*[\s,;:]\s*\p{L}{2,}/u;
const TOKEN_KEY = /^token$|Token$/;
const EMAIL_LIKE = /([^\s@]+)@([^\s@]+\.[A-Za-z]{2,})/;
const ID_KEY = /^(?:id|ids|ID)$|[a-z0-9](?:Id|Ids|ID|_id|_ids)$/;

/** `ab… (34 characters)`: the first two characters (one of a short value, none of a very short one) and the length. */
export function maskText(text: string): string {
  const chars = [...text];
  const shown = chars.length >= 6 ? 2 : chars.length >= 3 ? 1 : 0;
  return `${chars.slice(0, shown).join("")}… (${chars.length} characters)`;
}

function maskScalar(value: unknown): string {
  if (typeof value === "string") return maskText(value);
  if (typeof value === "number" || typeof value === "bigint")
    return `a number of ${String(value).replace(/\D/g, "").length} digits`;
  return `a ${value === null ? "null" : typeof value}`;
}

/**
 * The findings in a parsed JSON document.
 *
 * @example
 * scanJson({ top: [{ parentToken: "42" }] }, "metrics.json", "metrics")
 * // [{ file: "metrics.json", path: "$.top[0].parentToken", type: "token", preview: "… (2 characters)" }]
 */
export function scanJson(doc: unknown, file: string, profile: PiiProfile): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  const add = (path: (string | number)[], type: FindingType, preview: string) =>
    out.push({ file, path: jsonPath(path), type, preview });

  const scalar = (value: unknown, path: (string | number)[]) => {
    const findings = scanValue(value, profile);
    for (const f of findings) add(path, f.type, f.preview);
    if (profile !== "metrics" || findings.length > 0 || typeof value !== "string") return;
    // A metrics file holds no address at all, not even at a reserved domain: it would be an identifier.
    const email = EMAIL_LIKE.exec(value);
    if (email) add(path, "email", `${email[1]!.slice(0, 2)}…@${email[2]!.slice(0, 1)}…`);
    else if (isLoneGivenName(value)) add(path, "name", `${value.slice(0, 1)}…`);
    else if (FREE_TEXT.test(value)) add(path, "free-text", maskText(value));
  };

  const walk = (value: unknown, path: (string | number)[], key: string | undefined) => {
    if (profile === "metrics" && key !== undefined) {
      if (TOKEN_KEY.test(key)) {
        if (typeof value !== "string" || !TOKEN_PATTERN.test(value)) add(path, "token", maskScalar(value));
        return;
      }
      if (ID_KEY.test(key)) {
        const values = Array.isArray(value) ? value : [value];
        values.forEach((v, i) => {
          if (typeof v !== "string" || !TOKEN_PATTERN.test(v))
            add(Array.isArray(value) ? [...path, i] : path, "identifier", maskScalar(v));
        });
        return;
      }
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(value[i], [...path, i], undefined);
      return;
    }
    if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        // A key is data too (a category's value, a map keyed by email).
        scalar(k, [...path, k]);
        walk(v, [...path, k], k);
      }
      return;
    }
    scalar(value, path);
  };
  walk(doc, [], undefined);
  return dedupe(out);
}

/**
 * The findings in CSV rows. A first row of column names (every cell a name: letters, digits, `_`,
 * `.`, `-`, spaces; no cell only digits) is the header: rows then count from 1 after it and columns
 * are named. Without one (COPY's CSV has none), rows count from the first line and columns by number.
 */
export function scanCsv(rows: readonly string[][], file: string, profile: PiiProfile): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  const first = rows[0] ?? [];
  const hasHeader =
    first.length > 0 &&
    first.every((c) => /^[A-Za-z_][\w .-]*$/.test(c)) &&
    first.every((c) => scanText(c, profile).length === 0);
  const header = hasHeader ? first : [];
  for (let r = hasHeader ? 1 : 0; r < rows.length; r++) {
    const row = rows[r]!;
    const rowNumber = hasHeader ? r : r + 1;
    for (let c = 0; c < row.length; c++) {
      for (const f of scanText(row[c]!, profile))
        out.push({
          file,
          path: `row ${rowNumber}, column ${header[c] ?? c + 1}`,
          type: f.type,
          preview: f.preview,
        });
    }
  }
  return out;
}

/** The findings in plain text, by line (1-based). */
export function scanLines(text: string, file: string, profile: PiiProfile): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const f of scanText(line, profile))
      out.push({ file, path: `line ${i + 1}`, type: f.type, preview: f.preview });
  });
  return out;
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
 * Throws on an unterminated quote (the caller names the file).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw new Error("a quoted field is never closed");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function dedupe(findings: LocatedFinding[]): LocatedFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.path}\u0000${f.type}\u0000${f.preview}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
