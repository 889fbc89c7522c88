// The spec's values against the band and the schema, before anything is planned or touched:
// counts (whole, not negative, at most MAX_ROWS), distributions (min ≤ max, fan-outs not negative),
// categorical weights (a positive sum), and fixed values of enum and length-limited columns (in the
// enum, within the length). The format itself is zod's (spec-schema.ts); these need the band's
// variables and the Prisma schema. Every problem is reported at once, each at its JSON path.
import { SeedbandError } from "../errors.js";
import type { Column, ModelGraph } from "../schema/index.js";
import type { FieldSpec, ModelSpec, Spec } from "../spec/index.js";

/**
 * The most rows seedband generates for one model: per-parent counts and positions are 32-bit
 * integers. Far above the perf band (300M messages); a count beyond it is a typo.
 */
export const MAX_ROWS = 2 ** 31 - 1;

type Num = number | string;

/** Throws one SPEC_INVALID error listing every problem (the first eight) of the spec for `band`. */
export function checkSpecValues(
  graph: ModelGraph,
  spec: Spec,
  band: string,
  vars: Record<string, number>,
  file: string,
): void {
  const problems: string[] = [];
  const value = (v: Num): number => (typeof v === "number" ? v : (vars[v.slice(1)] ?? Number.NaN));
  const shown = (v: Num): string =>
    typeof v === "number" ? String(v) : `${v} (= ${vars[v.slice(1)] ?? "undefined"} in $.bands.${band})`;
  const fixOf = (v: Num, at: string): string =>
    typeof v === "string" ? `$.bands.${band}.${v.slice(1)}` : at;

  for (const [name, v] of Object.entries(vars)) {
    if (!Number.isFinite(v)) problems.push(`$.bands.${band}.${name} is ${v}. Fix: give it a finite number.`);
  }
  for (const [modelName, model] of Object.entries(spec.models)) {
    const at = `$.models.${modelName}`;
    const schemaModel = graph.models.find((m) => m.modelName === modelName);
    for (const key of ["count", "total"] as const) {
      const given = model[key];
      if (given === undefined || (typeof given === "string" && !(given.slice(1) in vars))) continue;
      const rows = value(given);
      if (!Number.isFinite(rows) || rows < 0)
        problems.push(
          `${at}.${key} is ${shown(given)}: a number of rows cannot be negative. Fix: set ${fixOf(given, `${at}.${key}`)} to 0 or more.`,
        );
      else if (rows > MAX_ROWS)
        problems.push(
          `${at}.${key} is ${shown(given)}: seedband generates at most ${MAX_ROWS.toLocaleString("en-US")} rows per model. Fix: set ${fixOf(given, `${at}.${key}`)} to ${MAX_ROWS} or fewer (and shard a band that large with --shard k/N).`,
        );
    }
    checkFanOut(model, at);
    for (const [fieldName, field] of Object.entries(model.fields ?? {})) {
      const column = schemaModel?.columns.find((c) => c.fieldName === fieldName);
      checkField(field, `${at}.fields.${fieldName}`, column);
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 8 ? `\n  … and ${problems.length - 8} more` : "";
    throw new SeedbandError(
      "SPEC_INVALID",
      `${file} cannot be generated for band "${band}":\n${problems
        .slice(0, 8)
        .map((p) => `  ${p}`)
        .join("\n")}${more}`,
    );
  }

  function checkFanOut(model: ModelSpec, at: string): void {
    const fanOut = model.fanOut;
    if (!fanOut) return;
    if ("byParentField" in fanOut) {
      for (const [value, dist] of Object.entries(fanOut.cases))
        checkDistribution(dist as Record<string, unknown>, `${at}.fanOut.cases.${value}`, true);
      return;
    }
    const { heavy, ...dist } = fanOut as Record<string, unknown> & {
      heavy?: { min: Num; max: Num };
    };
    checkDistribution(dist, `${at}.fanOut`, true);
    if (heavy) checkRange(heavy.min, heavy.max, `${at}.fanOut.heavy`, true);
  }

  function checkField(field: FieldSpec, at: string, column: Column | undefined): void {
    const f = field as Record<string, unknown>;
    if ("text" in f) checkDistribution((f.text as { length: object }).length, `${at}.text.length`, true);
    if ("words" in f) checkDistribution((f.words as { count: object }).count, `${at}.words.count`, true);
    if ("number" in f) checkDistribution(f.number as object, `${at}.number`, false);
    if ("timestamp" in f) {
      const delay = (f.timestamp as { delay?: object }).delay;
      if (delay) checkDistribution(delay, `${at}.timestamp.delay`, true);
    }
    if ("categorical" in f) {
      const weights = f.categorical as Record<string, number>;
      const sum = Object.values(weights).reduce((s, w) => s + w, 0);
      if (!(sum > 0))
        problems.push(
          `${at}.categorical: the weights add up to 0, so no value can be drawn. Fix: give at least one value a positive weight.`,
        );
      for (const key of Object.keys(weights))
        checkFixed(key, `${at}.categorical[${JSON.stringify(key)}]`, column);
    }
    if ("oneOf" in f)
      (f.oneOf as unknown[]).forEach((v, i) => {
        checkFixed(v, `${at}.oneOf[${i}]`, column);
      });
    if ("value" in f && f.value !== null) checkFixed(f.value, `${at}.value`, column);
  }

  function checkDistribution(dist: object, at: string, nonNegative: boolean): void {
    const d = dist as Record<string, unknown>;
    const [kind] = Object.keys(d);
    const inner = d[kind!];
    if (kind === "fixed") {
      const v = value(inner as Num);
      if (nonNegative && v < 0)
        problems.push(
          `${at}.fixed is ${shown(inner as Num)}: it cannot be negative. Fix: set it to 0 or more.`,
        );
      return;
    }
    if (!inner || typeof inner !== "object") return;
    const p = inner as Record<string, Num | undefined>;
    if (kind === "exponential" && p.mean !== undefined && !(value(p.mean) > 0))
      problems.push(
        `${at}.exponential.mean is ${shown(p.mean)}: a mean must be positive. Fix: set ${fixOf(p.mean, `${at}.exponential.mean`)} above 0.`,
      );
    checkRange(p.min, p.max, `${at}.${kind}`, nonNegative);
  }

  function checkRange(min: Num | undefined, max: Num | undefined, at: string, nonNegative: boolean): void {
    if (min !== undefined && nonNegative && value(min) < 0)
      problems.push(
        `${at}.min is ${shown(min)}: a count cannot be negative. Fix: set ${fixOf(min, `${at}.min`)} to 0 or more.`,
      );
    if (min !== undefined && max !== undefined && value(min) > value(max))
      problems.push(
        `${at}: min ${shown(min)} is greater than max ${shown(max)}. Fix: swap them, or lower ${fixOf(min, `${at}.min`)}.`,
      );
  }

  function checkFixed(v: unknown, at: string, column: Column | undefined): void {
    if (!column) return;
    if (column.type === "Enum") {
      const values = graph.enums.find((e) => e.name === column.enumName)?.values ?? [];
      if (!values.includes(String(v)))
        problems.push(
          `${at}: ${JSON.stringify(v)} is not a value of the enum ${column.enumName} (${values.join(", ")}). Fix: use one of those, or add it to the enum in the Prisma schema.`,
        );
      return;
    }
    const limit = lengthLimit(column);
    if (limit !== undefined && typeof v === "string" && [...v].length > limit)
      problems.push(
        `${at}: a value of ${[...v].length} characters is too long for ${column.fieldName} (@db.${column.nativeType!.name}(${limit})). Fix: shorten it to ${limit} characters or fewer.`,
      );
  }
}

/** The character limit of a String column's native type (VarChar(n), Char(n)), if any. */
export function lengthLimit(column: Column): number | undefined {
  const native = column.nativeType;
  if (column.type !== "String" || !native || !/^(VarChar|Char)$/.test(native.name)) return undefined;
  const n = Number(native.args[0]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
