// Rows to PostgreSQL's COPY text format: tab-separated, \N for NULL, backslash escapes. One
// encoder per table, chosen per column type once, so the hot path is a switch-free closure call.
import type { Column } from "../schema/index.js";

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

/**
 * COPY text written straight into a byte buffer, field by field: integers and timestamps as
 * digits, corpus text copied as Latin-1, other text escaped and UTF-8 encoded in place. No line
 * string, no number-to-string conversion, no join on the hot path (the same bytes as
 * lineEncoder, which the tests keep as the reference it is compared with).
 */
export class CopyBytes {
  private buf: Buffer;
  private pos = 0;
  private dayMs = Number.NaN;
  private readonly day = new Uint8Array(10); // "YYYY-MM-DD" of the last timestamp's day

  constructor(private readonly capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written so far, handed over; writing starts again in a new buffer. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(this.capacity, out.length));
    this.pos = 0;
    return out;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = b;
  }

  /** Bytes already in COPY form. */
  bytes(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.grow(b.length);
    const buf = this.buf;
    if (b.length > 32) {
      buf.set(b, this.pos);
      this.pos += b.length;
      return;
    }
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  // Big-endian fixed-width values, for COPY's binary format.
  int16(n: number): void {
    if (this.pos + 2 > this.buf.length) this.grow(2);
    this.pos = this.buf.writeInt16BE(n, this.pos);
  }

  int32(n: number): void {
    if (this.pos + 4 > this.buf.length) this.grow(4);
    this.pos = this.buf.writeInt32BE(n, this.pos);
  }

  uint32(n: number): void {
    if (this.pos + 4 > this.buf.length) this.grow(4);
    this.pos = this.buf.writeUInt32BE(n, this.pos);
  }

  /** A 64-bit integer from a safe integer (split in two words) or a bigint. */
  int64(n: number | bigint): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    if (typeof n === "bigint") {
      this.pos = this.buf.writeBigInt64BE(n, this.pos);
      return;
    }
    const high = Math.floor(n / 4_294_967_296);
    this.pos = this.buf.writeInt32BE(high, this.pos);
    this.pos = this.buf.writeUInt32BE(n - high * 4_294_967_296, this.pos);
  }

  float32(x: number): void {
    if (this.pos + 4 > this.buf.length) this.grow(4);
    this.pos = this.buf.writeFloatBE(x, this.pos);
  }

  float64(x: number): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.pos = this.buf.writeDoubleBE(x, this.pos);
  }

  /** A field of COPY's binary format: its length (int32), then what `write` puts after it. */
  sized(write: () => void): void {
    this.int32(0);
    const start = this.pos;
    write();
    this.buf.writeInt32BE(this.pos - start, start - 4);
  }

  /** Text of code points below 256 that needs no escaping (e.g. corpus slices). */
  latin1(text: string): void {
    if (this.pos + text.length > this.buf.length) this.grow(text.length);
    this.pos += latin1Write
      ? latin1Write.call(this.buf, text, this.pos)
      : this.buf.write(text, this.pos, "latin1");
  }

  /** Any text, escaped for COPY and UTF-8 encoded. */
  text(text: string): void {
    const escaped = escapeCopyText(text);
    if (this.pos + escaped.length * 3 > this.buf.length) this.grow(escaped.length * 3);
    this.pos += this.buf.write(escaped, this.pos, "utf8");
  }

  /** Text already in COPY form (escaped), UTF-8 encoded. */
  utf8Raw(text: string): void {
    if (this.pos + text.length * 3 > this.buf.length) this.grow(text.length * 3);
    this.pos += this.buf.write(text, this.pos, "utf8");
  }

  /** A safe integer in decimal, as String(n) writes it. */
  integer(n: number): void {
    if (this.pos + 17 > this.buf.length) this.grow(17);
    const buf = this.buf;
    if (n < 0) {
      buf[this.pos++] = 45; // "-"
      n = -n;
    }
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    let at = this.pos + digits;
    this.pos = at;
    // Int32 division where it fits (keys, counts), float division above.
    for (; n >= 2_147_483_648; ) {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + n - q * 10;
      n = q;
    }
    do {
      const q = (n / 10) | 0;
      buf[--at] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  /** Epoch milliseconds as pgTimestamp writes them, or only the date part. */
  timestamp(ms: number, dateOnly: boolean): void {
    if (this.pos + 32 > this.buf.length) this.grow(32);
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.dayMs) {
      this.dayMs = day;
      civilDate(day, this.day);
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < 10; i++) buf[p++] = this.day[i]!;
    if (!dateOnly) {
      let rest = ms - day * DAY_MS; // below 86.4M: int32 arithmetic from here
      const h = (rest / 3_600_000) | 0;
      rest -= h * 3_600_000;
      const m = (rest / 60_000) | 0;
      rest -= m * 60_000;
      const s = (rest / 1000) | 0;
      const milli = rest - s * 1000;
      buf[p++] = 32; // " "
      p = two(buf, p, h);
      buf[p++] = 58; // ":"
      p = two(buf, p, m);
      buf[p++] = 58;
      p = two(buf, p, s);
      if (milli > 0) {
        // The fraction without trailing zeros, as PostgreSQL prints it.
        buf[p++] = 46; // "."
        const d1 = (milli / 100) | 0;
        const d2 = ((milli / 10) | 0) % 10;
        const d3 = milli % 10;
        buf[p++] = 48 + d1;
        if (d2 > 0 || d3 > 0) buf[p++] = 48 + d2;
        if (d3 > 0) buf[p++] = 48 + d3;
      }
    }
    this.pos = p;
  }

  private grow(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + need));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/**
 * "YYYY-MM-DD" of a day number (days since 1970-01-01) into `out`, by the proleptic Gregorian
 * calendar arithmetic (H. Hinnant's days_from_civil, inverted): no Date object per value.
 * Years outside 0–9999 take toISOString's own form.
 */
function civilDate(day: number, out: Uint8Array): void {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) {
    const text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    for (let i = 0; i < 10; i++) out[i] = text.charCodeAt(i);
    return;
  }
  out[0] = 48 + Math.floor(y / 1000);
  out[1] = 48 + (Math.floor(y / 100) % 10);
  out[2] = 48 + (Math.floor(y / 10) % 10);
  out[3] = 48 + (y % 10);
  out[4] = 45;
  out[5] = 48 + Math.floor(m / 10);
  out[6] = 48 + (m % 10);
  out[7] = 45;
  out[8] = 48 + Math.floor(d / 10);
  out[9] = 48 + (d % 10);
}

function two(buf: Buffer, p: number, n: number): number {
  const tens = (n / 10) | 0;
  buf[p] = 48 + tens;
  buf[p + 1] = 48 + n - tens * 10;
  return p + 2;
}

/**
 * Node's Buffer has per-encoding writers beside write(); called directly they skip write()'s
 * argument and encoding parsing, which showed in the profile (one call per text field). Used
 * when present, with write() as the fallback.
 */
const latin1Write = (
  Buffer.prototype as unknown as { latin1Write?: (text: string, offset: number) => number }
).latin1Write;

type WriteField = (value: unknown, out: CopyBytes) => void;

/** Writes the chosen columns of a row as one COPY text line into `out`: lineEncoder's bytes. */
export function byteLineWriter(
  columns: Column[],
  written: number[],
  copySafe: ReadonlySet<number> = new Set(),
): (values: unknown[], out: CopyBytes) => void {
  const writers = written.map((i) => fieldWriter(columns[i]!, copySafe.has(i)));
  const n = written.length;
  return (values, out) => {
    for (let k = 0; k < n; k++) {
      const v = values[written[k]!];
      if (k > 0) out.byte(9); // tab
      if (v === null || v === undefined) {
        out.byte(92); // \N
        out.byte(78);
      } else writers[k]!(v, out);
    }
    out.byte(10);
  };
}

function fieldWriter(column: Column, copySafe: boolean): WriteField {
  const fallback = encoderFor(column);
  if (copySafe && !column.isList) return (v, out) => out.latin1(String(v));
  // What the string encoders write is already in COPY form: copied as is, UTF-8.
  const encoded: WriteField = (v, out) => out.utf8Raw(fallback(v));
  if (column.isList) return encoded;
  switch (column.type) {
    case "Int":
    case "BigInt":
      return (v, out) => {
        if (typeof v === "number" && Number.isSafeInteger(v)) out.integer(v);
        else out.latin1(String(v));
      };
    case "DateTime": {
      const native = column.nativeType?.name;
      const dateOnly = native === "Date";
      const zone = native === "Timestamptz";
      return (v, out) => {
        out.timestamp(v as number, dateOnly);
        if (zone && !dateOnly) {
          out.byte(43); // "+00"
          out.byte(48);
          out.byte(48);
        }
      };
    }
    case "Boolean":
      return (v, out) => out.byte(v ? 116 : 102);
    case "Enum": {
      // Few distinct values: each one's bytes are encoded once.
      const bytes = new Map<unknown, Buffer>();
      return (v, out) => {
        let b = bytes.get(v);
        if (b === undefined) {
          b = Buffer.from(escapeCopyText(String(v)), "utf8");
          bytes.set(v, b);
        }
        out.bytes(b);
      };
    }
    case "String":
      return (v, out) => out.text(String(v));
    default:
      return encoded;
  }
}
