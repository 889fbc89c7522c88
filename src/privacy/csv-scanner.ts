// The findings in CSV text given in chunks (RFC 4180: quoted fields may hold commas, doubled
// quotes and line breaks), each located as `row 12, column email`. Nothing holds more than one
// field (a field too long to hold is scanned in windows) but the first row, until it is known
// whether it names the columns. Pure.
import type { Finding } from "./finding.js";
import type { FindingSink } from "./finding-sink.js";
import type { PiiProfile } from "./profiles.js";
import { scanText } from "./scan-value.js";
import { WINDOW, WindowedText } from "./windowed-text.js";

/** The first row is a header only when it is this short (names of columns, not data). */
const HEADER_MAX = 64 * 1024;
const HEADER_CELL = /^[A-Za-z_][\w .-]*$/;

const FIELD = 0; // unquoted (or after a quoted part)
const QUOTED = 1;
const QUOTE_SEEN = 2; // a quote inside a quoted field: the end, or the first of a doubled quote

const FIELD_SPECIAL = /[,\r\n"]/g;

/** A CSV text that is not valid: the message gives the row and column, never the text. */
export class CsvSyntaxError extends Error {}

/**
 * A first row of column names (every cell a name: letters, digits, `_`, `.`, `-`, spaces; no cell
 * only digits) is the header: rows then count from 1 after it and columns are named. Without one
 * (COPY's CSV has none), rows count from the first line and columns by number.
 *
 * @example
 * const csv = new CsvScanner("users.csv", "data", sink);
 * csv.push("id,email\n1,maria@gm"); csv.push("ail.com\n"); csv.end();
 * // sink: { path: "row 1, column email", type: "email", preview: "ma…@g…" }
 */
export class CsvScanner {
  private state = FIELD;
  private afterCr = false;
  private parts: string[] = [];
  private length = 0;
  private window: WindowedText<Finding> | null = null;
  private column = 0;
  /** Records completed before the current one. */
  private records = 0;
  private header: string[] | null = null;
  /** The first record's fields while it may still be the header (null once decided). */
  private firstRow: string[] | null = [];
  private firstRowLength = 0;

  constructor(
    private readonly file: string,
    private readonly profile: PiiProfile,
    private readonly sink: FindingSink,
  ) {}

  push(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.afterCr) {
        this.afterCr = false;
        if (chunk.charCodeAt(i) === 0x0a) {
          i++;
          continue;
        }
      }
      if (this.state === QUOTED) {
        const quote = chunk.indexOf('"', i);
        const end = quote < 0 ? n : quote;
        if (end > i) this.append(chunk.slice(i, end));
        if (quote < 0) return;
        this.state = QUOTE_SEEN;
        i = end + 1;
        continue;
      }
      if (this.state === QUOTE_SEEN) {
        this.state = FIELD;
        if (chunk.charCodeAt(i) === 0x22) {
          this.append('"');
          this.state = QUOTED;
          i++;
        }
        continue;
      }
      FIELD_SPECIAL.lastIndex = i;
      const match = FIELD_SPECIAL.exec(chunk);
      const end = match ? match.index : n;
      if (end > i) this.append(chunk.slice(i, end));
      if (!match) return;
      const c = chunk.charCodeAt(end);
      i = end + 1;
      if (c === 0x22) {
        // A quote opens a quoted field only at its start; elsewhere it is a character.
        if (this.length === 0) this.state = QUOTED;
        else this.append('"');
      } else if (c === 0x2c) this.fieldDone();
      else {
        this.fieldDone();
        this.recordDone();
        if (c === 0x0d) this.afterCr = true;
      }
    }
  }

  /** The text is complete: throws CsvSyntaxError on a quoted field that is never closed. */
  end(): void {
    if (this.state === QUOTED)
      throw new CsvSyntaxError(
        `a quoted field is never closed (row ${this.records + 1} counting from the first line, column ${this.column + 1})`,
      );
    if (this.length > 0 || this.column > 0) {
      this.fieldDone();
      this.recordDone();
    } else if (this.firstRow !== null && this.records === 0) this.decide();
  }

  private append(text: string): void {
    if (this.window) {
      this.window.append(text);
      return;
    }
    this.parts.push(text);
    this.length += text.length;
    if (this.firstRow !== null && this.firstRowLength + this.length > HEADER_MAX) this.decide();
    if (this.length >= WINDOW) {
      // Too long to hold: scan it in windows from here on.
      const path = this.path(this.column);
      const window = new WindowedText<Finding>(
        (t) => scanText(t, this.profile),
        (f) => this.sink.add({ file: this.file, path, type: f.type, preview: f.preview }),
      );
      window.append(this.parts.join(""));
      this.window = window;
      this.parts = [];
    }
  }

  private fieldDone(): void {
    if (this.window) {
      this.window.finish();
      this.window = null;
    } else {
      const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
      if (this.firstRow !== null) {
        this.firstRow.push(text);
        this.firstRowLength += text.length;
      } else this.scanCell(text, this.column);
    }
    this.parts = [];
    this.length = 0;
    this.column++;
  }

  private recordDone(): void {
    if (this.firstRow !== null) this.decide();
    this.records++;
    this.column = 0;
  }

  /** Whether the first row is the header; when it is not, its cells are scanned as row 1. */
  private decide(): void {
    const first = this.firstRow!;
    this.firstRow = null;
    const isHeader =
      this.records === 0 &&
      this.firstRowLength + this.length <= HEADER_MAX &&
      first.length > 0 &&
      // A header is complete: a field still being read (a long first row) means it is data.
      this.length === 0 &&
      first.every((c) => HEADER_CELL.test(c) && scanText(c, this.profile).length === 0);
    if (isHeader) this.header = first;
    else
      first.forEach((text, c) => {
        this.scanCell(text, c);
      });
  }

  private scanCell(text: string, column: number): void {
    const found = scanText(text, this.profile);
    if (found.length === 0) return;
    const path = this.path(column);
    for (const f of found) this.sink.add({ file: this.file, path, type: f.type, preview: f.preview });
  }

  private path(column: number): string {
    const row = this.header ? this.records : this.records + 1;
    return `row ${row}, column ${this.header?.[column] ?? column + 1}`;
  }
}
