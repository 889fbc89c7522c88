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
      return dateOnly
        ? (v) => new Date(v as number).toISOString().slice(0, 10)
        : (v) => new Date(v as number).toISOString();
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
export function lineEncoder(columns: Column[], written: number[]): (values: unknown[]) => string {
  const encoders = written.map((i) => encoderFor(columns[i]!));
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
