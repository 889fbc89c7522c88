// Rows to PostgreSQL's COPY text format: tab-separated, \N for NULL, backslash escapes. One
// encoder per table, chosen per column type once, so the hot path is a switch-free closure call.
import type { Column } from "../schema/model-graph.js";

type Encode = (value: unknown) => string;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function escapeCopyText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

const DAY_MS = 86_400_000;
let cachedDay = Number.NaN;
let cachedPrefix = "";

/**
 * Epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`, the same text as Date#toISOString but with
 * the date part cached per day: timestamps of a band cluster in a window, and building a Date
 * per value dominated the encoder's profile.
 */
export function isoTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  return `${cachedPrefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function encoderFor(column: Column): Encode {
  const scalar = scalarEncoder(column);
  if (!column.isList) return scalar;
  // Postgres array literal inside COPY text: {"a","b"}; quote every element.
  return (value) =>
    `{${(value as unknown[]).map((v) => (v === null ? "NULL" : `"${scalar(v).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

function scalarEncoder(column: Column): Encode {
  switch (column.type) {
    case "DateTime": {
      const dateOnly = column.nativeType?.name === "Date";
      return dateOnly ? (v) => isoTimestamp(v as number).slice(0, 10) : (v) => isoTimestamp(v as number);
    }
    case "Boolean":
      return (v) => (v ? "t" : "f");
    case "Json":
      return (v) => escapeCopyText(JSON.stringify(v));
    case "Bytes":
      return (v) => `\\\\x${(v as Buffer).toString("hex")}`;
    case "Int":
    case "BigInt":
    case "Float":
    case "Decimal":
      return (v) => String(v);
    default:
      return (v) => escapeCopyText(String(v));
  }
}

/** Encodes the chosen columns of a row (values by column position) as one COPY text line. */
export function lineEncoder(
  columns: Column[],
  written: number[],
  /** Column positions whose values never need escaping (e.g. corpus text): skip the check. */
  copySafe: ReadonlySet<number> = new Set(),
): (values: unknown[]) => string {
  const encoders = written.map((i) =>
    copySafe.has(i) && !columns[i]!.isList ? String : encoderFor(columns[i]!),
  );
  const n = written.length;
  return (values) => {
    let line = "";
    for (let k = 0; k < n; k++) {
      const v = values[written[k]!];
      if (k > 0) line += "\t";
      line += v === null || v === undefined ? "\\N" : encoders[k]!(v);
    }
    return line + "\n";
  };
}
