// Rows to PostgreSQL's COPY text format: tab-separated, \N for NULL, backslash escapes. One
// encoder per table, chosen per column type once, so the hot path is a switch-free closure call.
import type { Column } from "../schema/model-graph.js";

type Encode = (value: unknown) => string;

const NEEDS_ESCAPE = /[\\\t\n\r\b\f\v]/;
const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  "\b": "\\b",
  "\f": "\\f",
  "\v": "\\v",
};

/** Escapes text exactly as PostgreSQL's COPY TO writes it, so generated text is canonical. */
export function escapeCopyText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\\\t\n\r\b\f\v]/g, (c) => ESCAPES[c]!);
}

const DAY_MS = 86_400_000;
let cachedDay = Number.NaN;
let cachedPrefix = "";

/** Epoch milliseconds as PostgreSQL prints a timestamp: fraction without trailing zeros. */
export function pgTimestamp(ms: number): string {
  const iso = isoTimestamp(ms); // YYYY-MM-DDTHH:MM:SS.mmmZ
  let fraction = iso.slice(19, 23); // ".mmm"
  while (fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  if (fraction === ".") fraction = "";
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}`;
}

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
      const native = column.nativeType?.name;
      if (native === "Date") return (v) => isoTimestamp(v as number).slice(0, 10);
      // PostgreSQL's own output with DateStyle=ISO, TimeZone=UTC: "YYYY-MM-DD HH:MM:SS[.fff]" plus
      // "+00" for timestamptz (Prisma's default DateTime is a timestamp without time zone).
      const zone = native === "Timestamptz" ? "+00" : "";
      return (v) => pgTimestamp(v as number) + zone;
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

/**
 * A row as one CSV line (PostgreSQL's CSV: NULL is an empty unquoted field, an empty string is
 * `""`, fields with a comma, quote or line break are quoted with doubled quotes).
 */
export function csvLineEncoder(columns: Column[], written: number[]): (values: unknown[]) => string {
  const encoders = written.map((i) => csvFieldEncoder(columns[i]!));
  return (values) => {
    let line = "";
    for (let k = 0; k < written.length; k++) {
      const v = values[written[k]!];
      if (k > 0) line += ",";
      if (v === null || v === undefined) continue;
      const text = encoders[k]!(v);
      line +=
        text === "" || /[",\n\r]/.test(text) || text === "\\." ? `"${text.replaceAll('"', '""')}"` : text;
    }
    return line + "\n";
  };
}

function csvFieldEncoder(column: Column): Encode {
  const raw = (c: Column): Encode => {
    switch (c.type) {
      case "DateTime":
      case "Boolean":
      case "Int":
      case "BigInt":
      case "Float":
      case "Decimal":
        return scalarEncoder(c);
      case "Json":
        return (v) => JSON.stringify(v);
      case "Bytes":
        return (v) => `\\x${(v as Buffer).toString("hex")}`;
      default:
        return (v) => String(v);
    }
  };
  const scalar = raw(column);
  if (!column.isList) return scalar;
  return (value) =>
    `{${(value as unknown[]).map((v) => (v === null ? "NULL" : `"${scalar(v).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

/**
 * True when PostgreSQL's COPY TO writes back exactly what this encoder writes for the column, so
 * a table's checksum can be taken from the generated stream itself. Floats, JSON (jsonb
 * normalises), byte strings, lists and blank-padded Char(n) are not: their tables are checksummed
 * from the database.
 */
export function isCanonicalColumn(column: Column): boolean {
  if (column.isList) return false;
  switch (column.type) {
    case "Int":
    case "BigInt":
    case "Boolean":
    case "Enum":
      return true;
    case "DateTime":
      return (
        ["Date", "Timestamptz", "Timestamp", undefined].includes(column.nativeType?.name) &&
        timePrecisionOk(column)
      );
    case "Decimal":
      return true; // written with the scale the column keeps (toFixed): numeric echoes it
    case "String":
      return column.nativeType?.name !== "Char";
    default:
      return false;
  }
}

// Values carry milliseconds; a column with fewer fractional digits rounds them on input.
function timePrecisionOk(column: Column): boolean {
  const precision = column.nativeType?.args[0];
  return precision === undefined || Number(precision) >= 3;
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
