// Values for one column: from the spec's generator when it names one, otherwise from the
// generator inferred from the column's uniqueness, type, native type, default, name and model
// (infer-field-rules.ts). Pure: every value is drawn from the Rng it is given. Keys, foreign keys
// and cross-row generators (among, latestOf, copy) belong to generate/.

import { SeedbandError } from "../errors.js";
import {
  categoricalSampler,
  type Distribution,
  integerSampler,
  realSampler,
  type Sampler,
} from "../random/index.js";
import type { Column } from "../schema/index.js";
import type { FieldSpec } from "../spec/index.js";
import type { CompiledField, FieldContext, FieldGenerator, RowView } from "./compiled-field.js";
import { decimalShape, inferFieldRules } from "./infer-field-rules.js";
import { capitalise, fictionalPhone, fitLength, words } from "./synthetic-text.js";
import { sliceText, textCorpus } from "./text-corpus.js";
import { compileFormat, specWhere } from "./value-formats.js";

export type { CompiledField, FieldContext, FieldGenerator, RowView };

export function compileField(ctx: FieldContext, spec: FieldSpec | undefined): CompiledField {
  const chosen = spec && !("auto" in spec) ? spec : inferred(ctx, spec?.nullRate);
  let compiled = fromSpec(ctx, chosen);
  if (ctx.column.isList && !("value" in chosen)) compiled = listOf(compiled, ctx);
  const nullRate = chosen.nullRate;
  if (!nullRate) return compiled;
  const inner = compiled.generate;
  const innerBatch = compiled.sortedBatch;
  return {
    ...compiled,
    // The null decision always takes one draw, so a field's stream advances the same way per row.
    generate: (rng, row) => (rng.next() < nullRate ? null : inner(rng, row)),
    ...(innerBatch && {
      sortedBatch: (rng, row, n) => {
        let values = 0;
        for (let j = 0; j < n; j++) if (rng.next() >= nullRate) values++;
        const out = new Float64Array(n).fill(Number.NaN);
        out.set(innerBatch(rng, row, values));
        return out;
      },
    }),
  };
}

/** The inferred generator (`{ "auto": {} }` or no spec); an `auto` spec's nullRate wins. */
function inferred(ctx: FieldContext, nullRate: number | undefined): FieldSpec {
  const rule = inferFieldRules(ctx.model, ctx.column, { enums: ctx.enums, unique: ctx.unique });
  // A key the spec names `auto` (the row source derives unnamed keys itself): values from positions.
  const spec: FieldSpec = "auto" in rule.spec ? { format: "position" } : rule.spec;
  if (nullRate === undefined) return spec;
  return { ...spec, nullRate } as FieldSpec;
}

function fromSpec(ctx: FieldContext, spec: FieldSpec): CompiledField {
  const { column } = ctx;
  const limit = (v: string) => fitLength(v, column);
  if ("categorical" in spec) {
    const values = Object.keys(spec.categorical);
    const pick = categoricalSampler(Object.values(spec.categorical));
    const typed = values.map((v) => coerce(v, column));
    if (spec.cover !== true) return { generate: (rng) => typed[pick(rng)], reads: [] };
    // The first rows take each value once (the draw is still made, so the stream advances alike).
    return {
      generate: (rng, row) => {
        const drawn = typed[pick(rng)];
        return row.index < typed.length ? typed[row.index] : drawn;
      },
      reads: [],
    };
  }
  if ("oneOf" in spec) {
    const values = spec.oneOf;
    return { generate: (rng) => values[Math.floor(rng.next() * values.length)], reads: [] };
  }
  if ("bernoulli" in spec) {
    const p = spec.bernoulli;
    return { generate: (rng) => rng.next() < p, reads: [] };
  }
  if ("value" in spec) {
    const value = spec.value;
    return { generate: () => value, reads: [] };
  }
  if ("text" in spec) {
    const length = integerSampler(resolveDist(spec.text.length, ctx.num));
    const corpus = textCorpus(ctx.seed);
    return { generate: (rng) => limit(sliceText(corpus, rng, length(rng))), reads: [], copySafe: true };
  }
  if ("words" in spec) {
    const count = integerSampler(resolveDist(spec.words.count, ctx.num));
    return { generate: (rng) => limit(capitalise(words(rng, count(rng)))), reads: [] };
  }
  if ("number" in spec) return numberField(ctx, resolveDist(spec.number, ctx.num), spec.decimals);
  if ("phone" in spec) return { generate: (rng) => fictionalPhone(rng), reads: [] };
  if ("format" in spec) return compileFormat(spec.format, ctx);
  if ("timestamp" in spec) return timestampField(ctx, spec.timestamp);
  throw new Error(`field generator ${Object.keys(spec).join(",")} is handled by the row source`);
}

/**
 * Numbers from a distribution: integers, or with `decimals` reals rounded to that many places.
 * A Decimal column gets the digits its scale keeps, as PostgreSQL writes them back ("12.50").
 */
function numberField(ctx: FieldContext, dist: Distribution, decimals: number | undefined): CompiledField {
  const { column } = ctx;
  const integerColumn = column.type === "Int" || column.type === "BigInt";
  if (decimals !== undefined && integerColumn) {
    throw new SeedbandError(
      "SPEC_INVALID",
      `${specWhere(ctx)}: "decimals" needs a Float or Decimal column, but the column is ${column.type}. Remove "decimals", or make the column Float or Decimal.`,
    );
  }
  const draw: Sampler = decimals === undefined ? integerSampler(dist) : realSampler(dist);
  const places = decimals ?? 0;
  if (column.type === "Decimal") {
    const { scale } = decimalShape(column);
    return { generate: (rng) => decimalText(draw(rng), Math.min(places, scale), scale), reads: [] };
  }
  if (decimals === undefined) return { generate: (rng) => draw(rng), reads: [] };
  const factor = 10 ** places;
  return { generate: (rng) => Math.round(draw(rng) * factor) / factor, reads: [] };
}

/** x with `places` digits after the point, padded with zeros to the column's scale. */
function decimalText(x: number, places: number, scale: number): string {
  const text = x.toFixed(places);
  if (scale <= places) return text;
  return `${text}${places === 0 ? "." : ""}${"0".repeat(scale - places)}`;
}

type TimestampSpec = Extract<FieldSpec, { timestamp: unknown }>["timestamp"];

function timestampField(ctx: FieldContext, spec: TimestampSpec): CompiledField {
  const profile = ctx.timeProfile(spec.profile);
  const after = spec.after;
  const dot = after?.indexOf(".") ?? -1;
  const parentField = after?.slice(dot + 1);
  const from: (row: RowView) => number | undefined =
    after === undefined
      ? () => undefined
      : dot < 0
        ? (row) => row.get(after) as number
        : (row) => row.parent?.get(parentField!) as number;
  const reads = after !== undefined && dot < 0 ? [after] : [];
  if (spec.afterReferences === true) {
    if (spec.sorted === true || spec.delay !== undefined) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${specWhere(ctx)}: timestamp "afterReferences" draws each row after the rows it references and cannot be combined with "sorted" or "delay". Drop one of them.`,
      );
    }
    return {
      generate: (rng, row) => {
        const drawn = profile.sample(rng, from(row));
        const floor = row.referencesCreated?.();
        return floor === undefined || drawn >= floor ? drawn : laterThan(drawn, floor, profile.end);
      },
      reads,
      afterReferences: true,
      ...(after !== undefined && { after }),
    };
  }
  if (spec.delay !== undefined) {
    if (spec.sorted === true || after === undefined) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${specWhere(ctx)}: timestamp "delay" counts from "after" and cannot be sorted. Give it an "after" field and drop "sorted", or drop "delay".`,
      );
    }
    // Seconds after the anchor; no cap at the window's end (a due date may lie in the future).
    const delay = realSampler(resolveDist(spec.delay, ctx.num));
    return {
      generate: (rng, row) => {
        const base = from(row);
        return typeof base === "number" ? base + Math.round(delay(rng) * 1000) : profile.sample(rng);
      },
      reads,
      after,
    };
  }
  return {
    generate: (rng, row) => profile.sample(rng, from(row)),
    reads,
    ...(after !== undefined && { after }),
    ...(spec.sorted === true && {
      sortedBatch: (rng, row, n) => profile.sortedSample(rng, n, from(row)),
    }),
  };
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * A time drawn before its floor (a row it references was created later), moved past the floor
 * by whole weeks — the same hour and weekday, so the profile's hour and weekday shapes hold —
 * or, in the window's last week, by whole days (the same hour); at the window's very end, the floor.
 */
function laterThan(drawn: number, floor: number, end: number): number {
  const byWeeks = drawn + Math.ceil((floor - drawn) / WEEK_MS) * WEEK_MS;
  if (byWeeks < end) return byWeeks;
  const byDays = drawn + Math.ceil((floor - drawn) / DAY_MS) * DAY_MS;
  return byDays < end ? byDays : floor;
}

/** Scalar lists (`String[]`, enum lists): 0–3 values; enum lists without repeats. */
function listOf(item: CompiledField, ctx: FieldContext): CompiledField {
  const enumValues =
    ctx.column.type === "Enum"
      ? (ctx.enums.find((e) => e.name === ctx.column.enumName)?.values ?? [])
      : undefined;
  return {
    ...item,
    generate: (rng, row) => {
      const n = Math.floor(rng.next() * 4);
      if (enumValues) return enumValues.filter(() => rng.next() < n / 4);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(item.generate(rng, row));
      return out;
    },
  };
}

function coerce(value: string, column: Column): unknown {
  if (column.type === "Int" || column.type === "BigInt" || column.type === "Float") return Number(value);
  if (column.type === "Decimal" && value.trim() !== "" && Number.isFinite(Number(value))) {
    const { scale } = decimalShape(column);
    return decimalText(Number(value), Math.min(scale, 10), scale);
  }
  if (column.type === "Boolean") return value === "true";
  return value;
}

/** Replaces band variables ("$messages") in a distribution with numbers. */
export function resolveDist(dist: object, num: (v: number | string) => number): Distribution {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dist)) {
    if (value && typeof value === "object") out[key] = resolveDist(value, num);
    else if (typeof value === "string" || typeof value === "number") out[key] = num(value);
    else out[key] = value;
  }
  return out as Distribution;
}
