// Rows in PostgreSQL's COPY binary format: a signature header, then per row the field count and
// each field as its length and its type's binary "receive" form, then a trailer. Values of the
// types a Prisma schema maps to have fixed encodings; the few whose binary form cannot be known
// without the target database (enum arrays name the enum's OID) or that seedband does not
// encode are refused when the writer is built, naming the column and the way out.
import { SeedbandError } from "../errors.js";
import type { Column } from "../schema/index.js";
import type { CopyBytes } from "./copy-encoder.js";

/** "PGCOPY\n\377\r\n\0", flags 0, no header extension. */
export const BINARY_HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** A field count of −1 ends the data. */
export const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

const POSTGRES_EPOCH_MS = 946_684_800_000; // 2000-01-01T00:00:00Z
const DAY_MS = 86_400_000;

type Write = (value: unknown, out: CopyBytes) => void;

interface BinaryType {
  /** OID of the type, for array elements. */
  oid: number;
  write: Write;
}

const utf8: Write = (v, out) => out.utf8Raw(String(v));

/** Writes the chosen columns of a row as one tuple of COPY's binary format. */
export function binaryRowWriter(
  columns: Column[],
  written: number[],
  modelName: string,
): (values: unknown[], out: CopyBytes) => void {
  const writers = written.map((i) => fieldWriter(columns[i]!, modelName));
  const n = written.length;
  return (values, out) => {
    out.int16(n);
    for (let k = 0; k < n; k++) {
      const v = values[written[k]!];
      if (v === null || v === undefined) out.int32(-1);
      else {
        const write = writers[k]!;
        out.sized(() => write(v, out));
      }
    }
  };
}

function fieldWriter(column: Column, modelName: string): Write {
  const type = binaryType(column, modelName);
  if (!column.isList) return type.write;
  // One-dimensional array: dimensions, has-NULL flag, element OID, length and lower bound 1.
  return (value, out) => {
    const list = value as unknown[];
    if (list.length === 0) {
      out.int32(0);
      out.int32(0);
      out.int32(type.oid);
      return;
    }
    out.int32(1);
    out.int32(list.some((x) => x === null || x === undefined) ? 1 : 0);
    out.int32(type.oid);
    out.int32(list.length);
    out.int32(1);
    for (const x of list) {
      if (x === null || x === undefined) out.int32(-1);
      else out.sized(() => type.write(x, out));
    }
  };
}

function binaryType(column: Column, modelName: string): BinaryType {
  const native = column.nativeType?.name;
  const refuse = (why: string): never => {
    throw new SeedbandError(
      "BAD_INPUT",
      `--format binary: ${modelName}.${column.fieldName} ${why}. Generate with --format text (the default) or csv.`,
    );
  };
  switch (column.type) {
    case "Int":
      if (native === "SmallInt") return { oid: 21, write: (v, out) => out.int16(v as number) };
      if (native === "Oid") return { oid: 26, write: (v, out) => out.uint32(v as number) };
      return { oid: 23, write: (v, out) => out.int32(v as number) };
    case "BigInt":
      return { oid: 20, write: (v, out) => out.int64(v as number | bigint) };
    case "Float":
      if (native === "Real") return { oid: 700, write: (v, out) => out.float32(v as number) };
      return { oid: 701, write: (v, out) => out.float64(v as number) };
    case "Decimal":
      if (native === "Money") return refuse("is money, whose binary form depends on the server's locale");
      return {
        oid: 1700,
        write: (v, out) => writeNumeric(String(v), out, `${modelName}.${column.fieldName}`),
      };
    case "Boolean":
      return { oid: 16, write: (v, out) => out.byte(v ? 1 : 0) };
    case "DateTime":
      switch (native) {
        case "Date":
          return {
            oid: 1082,
            write: (v, out) => out.int32(Math.floor(((v as number) - POSTGRES_EPOCH_MS) / DAY_MS)),
          };
        case "Time":
          return { oid: 1083, write: (v, out) => out.int64(timeOfDayMicros(v as number)) };
        case "Timetz":
          return {
            oid: 1266,
            write: (v, out) => {
              out.int64(timeOfDayMicros(v as number));
              out.int32(0); // UTC
            },
          };
        default:
          // timestamp and timestamptz: microseconds since 2000-01-01 UTC.
          return {
            oid: native === "Timestamptz" ? 1184 : 1114,
            write: (v, out) => out.int64(((v as number) - POSTGRES_EPOCH_MS) * 1000),
          };
      }
    case "Json":
      if (native === "Json") return { oid: 114, write: (v, out) => out.utf8Raw(JSON.stringify(v)) };
      return {
        oid: 3802,
        write: (v, out) => {
          out.byte(1); // jsonb's binary version
          out.utf8Raw(JSON.stringify(v));
        },
      };
    case "Bytes":
      return { oid: 17, write: (v, out) => out.bytes(v as Uint8Array) };
    case "Enum":
      if (column.isList)
        return refuse(
          "is a list of an enum: COPY's binary arrays name their element type's OID, which the database gives an enum only when it creates it",
        );
      return { oid: 0, write: utf8 };
    case "String":
      switch (native) {
        case undefined:
        case "Text":
          return { oid: 25, write: utf8 };
        case "VarChar":
          return { oid: 1043, write: utf8 };
        case "Char":
          return { oid: 1042, write: utf8 };
        case "Uuid":
          return {
            oid: 2950,
            write: (v, out) => out.bytes(Buffer.from(String(v).replaceAll("-", ""), "hex")),
          };
        case "Citext":
          if (column.isList)
            return refuse("is a list of citext, an extension type whose OID each database assigns");
          return { oid: 0, write: utf8 };
        default:
          return refuse(`is @db.${native}, which seedband does not write in binary`);
      }
    default:
      return refuse(`has type ${column.type}, which seedband does not write in binary`);
  }
}

function timeOfDayMicros(ms: number): number {
  return (((ms % DAY_MS) + DAY_MS) % DAY_MS) * 1000;
}

/**
 * numeric's binary form from decimal text: digit count, weight (of the first base-10000 digit),
 * sign, display scale, then the base-10000 digits without leading or trailing zero groups.
 */
function writeNumeric(text: string, out: CopyBytes, where: string): void {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && !match[3])) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--format binary: ${where} has the value "${text.slice(0, 24)}", not a plain decimal; write Decimal values as decimal text (e.g. toFixed), or use --format text.`,
    );
  }
  const negative = match[1] === "-";
  const integer = (match[2] ?? "").replace(/^0+/, "");
  const fraction = match[3] ?? "";
  const intDigits = integer.padStart(Math.ceil(integer.length / 4) * 4, "0");
  const fracDigits = fraction.padEnd(Math.ceil(fraction.length / 4) * 4, "0");
  const groups: number[] = [];
  for (let i = 0; i < intDigits.length; i += 4) groups.push(Number(intDigits.slice(i, i + 4)));
  for (let i = 0; i < fracDigits.length; i += 4) groups.push(Number(fracDigits.slice(i, i + 4)));
  let weight = intDigits.length / 4 - 1;
  let first = 0;
  while (first < groups.length && groups[first] === 0) {
    first++;
    weight--;
  }
  let last = groups.length;
  while (last > first && groups[last - 1] === 0) last--;
  const digits = groups.slice(first, last);
  out.int16(digits.length);
  out.int16(digits.length === 0 ? 0 : weight);
  out.int16(negative && digits.length > 0 ? 0x4000 : 0);
  out.int16(fraction.length);
  for (const d of digits) out.int16(d);
}
