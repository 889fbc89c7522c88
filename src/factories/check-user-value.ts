// What a generator function of seedband.config.ts may return for a column: the Prisma type's
// values, within the native type's limits (a VarChar's length, an Int's range, the enum's
// values). Checked on every row the function makes, so a wrong value is the user's mistake named
// at their config's line (exit 2), never a COPY failure on the server. Pure.
import type { Column, EnumType } from "../schema/index.js";

const INT_RANGES: Record<string, [number, number]> = {
  SmallInt: [-32768, 32767],
  Integer: [-2147483648, 2147483647],
};

/**
 * Why `value` cannot go into `column` (a phrase: "a number, but name is a String column"), or
 * undefined when it can. Never quotes the value: a generator may return anything.
 */
export function userValueProblem(
  column: Column,
  value: unknown,
  enums: ReadonlyArray<EnumType>,
): string | undefined {
  if (value === null || value === undefined)
    return column.isRequired
      ? `${value === null ? "null" : "undefined"}, but ${column.fieldName} is required (NOT NULL)`
      : undefined;
  if (column.isList) {
    if (!Array.isArray(value))
      return `${kindOf(value)}, but ${column.fieldName} is a list (${column.type}[])`;
    for (const item of value) {
      const problem = scalarProblem(column, item, enums);
      if (problem) return `a list holding ${problem}`;
    }
    return undefined;
  }
  return scalarProblem(column, value, enums);
}

function scalarProblem(column: Column, value: unknown, enums: ReadonlyArray<EnumType>): string | undefined {
  const name = column.fieldName;
  const wrong = (want: string) => `${kindOf(value)}, but ${name} is ${want}`;
  switch (column.type) {
    case "String": {
      if (typeof value !== "string") return wrong("a String column");
      const limit = stringLimit(column);
      const length = [...value].length;
      if (limit !== undefined && length > limit)
        return `a string of ${length} characters, but ${name} is @db.${column.nativeType!.name}(${limit})`;
      return undefined;
    }
    case "Int": {
      const range = INT_RANGES[column.nativeType?.name ?? "Integer"] ?? INT_RANGES.Integer!;
      const n = typeof value === "string" && /^-?\d{1,12}$/.test(value) ? Number(value) : value;
      if (typeof n !== "number" || !Number.isInteger(n)) return wrong("an Int column (a whole number)");
      if (n < range[0] || n > range[1])
        return `a number outside ${range[0]}..${range[1]}, the range of ${name} (${column.nativeType?.name ?? "Integer"})`;
      return undefined;
    }
    case "BigInt":
      if (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value)))
        return undefined;
      if (typeof value === "string" && /^-?\d{1,19}$/.test(value)) return undefined;
      return wrong("a BigInt column (a whole number or a bigint)");
    case "Float":
      return typeof value === "number" && Number.isFinite(value)
        ? undefined
        : wrong("a Float column (a finite number)");
    case "Decimal":
      if (typeof value === "number" && Number.isFinite(value)) return undefined;
      // A string, or a decimal library's object (Prisma.Decimal, decimal.js) that prints as a number.
      if ((typeof value === "string" || typeof value === "object") && /^-?\d+(\.\d+)?$/.test(String(value)))
        return undefined;
      return wrong("a Decimal column (a finite number or a numeric string)");
    case "Boolean":
      return typeof value === "boolean" ? undefined : wrong("a Boolean column (true or false)");
    case "DateTime": {
      const time =
        value instanceof Date
          ? value.getTime()
          : typeof value === "string" || typeof value === "number"
            ? new Date(value).getTime()
            : Number.NaN;
      return Number.isFinite(time) ? undefined : wrong("a DateTime column (a valid Date or ISO-8601 string)");
    }
    case "Enum": {
      const values = enums.find((e) => e.name === column.enumName)?.values ?? [];
      if (typeof value !== "string") return wrong(`an enum ${column.enumName} column`);
      return values.includes(value)
        ? undefined
        : `a string that is not a value of the enum ${column.enumName} (${values.join(", ")})`;
    }
    case "Bytes":
      return value instanceof Uint8Array ? undefined : wrong("a Bytes column (a Buffer or Uint8Array)");
    default:
      return undefined;
  }
}

function stringLimit(column: Column): number | undefined {
  const native = column.nativeType;
  if (!native || !/^(VarChar|Char)$/.test(native.name)) return undefined;
  const n = Number(native.args[0]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "an invalid Date";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}
