// Values for one column: from the spec's generator when it names one, otherwise chosen by the
// column's Prisma type, name and native type. Pure: every value is drawn from the Rng it is given.
// Keys, foreign keys and cross-row generators (among, latestOf, copy) belong to generate/.

import { createHash } from "node:crypto";
import { SeedbandError } from "../errors.js";
import type { Rng, TimeProfile } from "../random/index.js";
import { categoricalSampler, type Distribution, integerSampler } from "../random/index.js";
import type { Column, EnumType } from "../schema/index.js";
import type { FieldSpec } from "../spec/index.js";
import { lengthLimit, uuidAt } from "./position-key.js";
import { withFaker } from "./seeded-faker.js";
import { sliceText, textCorpus } from "./text-corpus.js";
import { ADJECTIVES, LOREM, NOUNS } from "./word-lists.js";

/** What a generator may read of the row being built: its position and fields already set. */
export interface RowView {
  /** 0-based position of the row in its table (unique across blocks and shards). */
  index: number;
  get(field: string): unknown;
  parent?: RowView;
}

export type FieldGenerator = (rng: Rng, row: RowView) => unknown;

export interface FieldContext {
  seed: number;
  column: Column;
  enums: EnumType[];
  /** Resolves a band variable or number in the spec. */
  num: (value: number | string) => number;
  timeProfile: (name: string | undefined) => TimeProfile;
  /** True when this column alone is unique: values must be distinct by construction. */
  unique: boolean;
  /** Rows the table will get (a unique column's value space must be at least this). */
  rows: number;
  /** "Model.field", for messages. */
  where: string;
}

/** A compiled field: its generator and the own fields it reads (they are generated first). */
export interface CompiledField {
  generate: FieldGenerator;
  reads: string[];
  /**
   * Timestamps sorted within a parent: the engine asks for a parent's n values at once, in
   * ascending order (NULLs, as NaN, last).
   */
  sortedBatch?: (rng: Rng, row: RowView, n: number) => Float64Array;
  /** Values are plain text without backslash, tab or newline: COPY needs no escaping. */
  copySafe?: boolean;
}

export function compileField(ctx: FieldContext, spec: FieldSpec | undefined): CompiledField {
  let compiled = spec && !("auto" in spec) ? fromSpec(ctx, spec) : byType(ctx);
  if (ctx.column.isList && !(spec && "value" in spec)) compiled = listOf(compiled, ctx);
  const nullRate = spec?.nullRate;
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

function fromSpec(ctx: FieldContext, spec: FieldSpec): CompiledField {
  const { column } = ctx;
  const limit = (v: string) => fitLength(v, column);
  if ("categorical" in spec) {
    const values = Object.keys(spec.categorical);
    const pick = categoricalSampler(Object.values(spec.categorical));
    const typed = values.map((v) => coerce(v, column));
    return { generate: (rng) => typed[pick(rng)], reads: [] };
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
  if ("number" in spec) {
    const draw = integerSampler(resolveDist(spec.number, ctx.num));
    return { generate: (rng) => draw(rng), reads: [] };
  }
  if ("phone" in spec) return { generate: (rng) => fictionalPhone(rng), reads: [] };
  if ("timestamp" in spec) {
    const profile = ctx.timeProfile(spec.timestamp.profile);
    const after = spec.timestamp.after;
    const dot = after?.indexOf(".") ?? -1;
    const parentField = after?.slice(dot + 1);
    const from: (row: RowView) => number | undefined =
      after === undefined
        ? () => undefined
        : dot < 0
          ? (row) => row.get(after) as number
          : (row) => row.parent?.get(parentField!) as number;
    return {
      generate: (rng, row) => profile.sample(rng, from(row)),
      reads: after !== undefined && dot < 0 ? [after] : [],
      ...(spec.timestamp.sorted === true && {
        sortedBatch: (rng, row, n) => profile.sortedSample(rng, n, from(row)),
      }),
    };
  }
  throw new Error(`field generator ${Object.keys(spec).join(",")} is handled by the row source`);
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

/** Chosen by the column's type, name and native type when the spec says nothing. */
function byType(ctx: FieldContext): CompiledField {
  const { column, unique } = ctx;
  if (unique && !column.isList) return uniqueByType(ctx);
  const literal = column.default?.kind === "literal" ? column.default.value : undefined;
  if (literal !== undefined && literal !== null && !Array.isArray(literal)) {
    // A literal default is what most rows of a real table hold; keep it.
    const value = column.type === "BigInt" || column.type === "Decimal" ? String(literal) : literal;
    return { generate: () => value, reads: [] };
  }
  const name = column.fieldName.toLowerCase();
  const simple = (generate: FieldGenerator): CompiledField => ({ generate, reads: [] });
  switch (column.type) {
    case "Enum": {
      const values = ctx.enums.find((e) => e.name === column.enumName)?.values ?? [];
      return simple((rng) => values[Math.floor(rng.next() * values.length)]);
    }
    case "Boolean":
      return simple((rng) => rng.next() < 0.5);
    case "Int":
    case "BigInt":
      if (unique) return simple((_rng, row) => row.index + 1);
      return simple((rng) => Math.floor(rng.next() * 1000));
    case "Float":
      if (/(price|amount|cost|total)/.test(name)) {
        return simple((rng) => Number(withFaker(rng, (f) => f.commerce.price())));
      }
      if (/^(lat|latitude)$/.test(name))
        return simple((rng) => Math.round((rng.next() * 180 - 90) * 1e6) / 1e6);
      if (/^(lng|lon|longitude)$/.test(name))
        return simple((rng) => Math.round((rng.next() * 360 - 180) * 1e6) / 1e6);
      return simple((rng) => Math.round(rng.next() * 100_000) / 100);
    case "Decimal": {
      // @db.Decimal(p, s): at most p − s digits before the point, s after.
      const [p = 10, sc = 2] = (column.nativeType?.args ?? []).map(Number);
      const max = 10 ** Math.max(0, Math.min(p - sc, 9));
      if (/(price|amount|cost|total)/.test(name)) {
        return simple((rng) =>
          Math.min(Number(withFaker(rng, (f) => f.commerce.price())), max - 1).toFixed(sc),
        );
      }
      return simple((rng) => (rng.next() * (max - 10 ** -sc)).toFixed(sc));
    }
    case "DateTime": {
      const profile = ctx.timeProfile(undefined);
      return simple((rng) => profile.sample(rng));
    }
    case "Json":
      return simple((rng) => ({ score: Math.floor(rng.next() * 100), tag: pickWord(rng, NOUNS) }));
    case "Bytes":
      return simple((rng) => {
        const bytes = Buffer.alloc(16);
        for (let i = 0; i < 16; i++) bytes[i] = Math.floor(rng.next() * 256);
        return bytes;
      });
    case "String":
      if (column.nativeType?.name === "Uuid" || column.default?.kind === "uuid") return simple(randomUuid);
      if (column.default?.kind === "cuid") return simple((rng) => `c${hex(rng, 24)}`);
      return simple(stringByName(name, unique, column, ctx.rows, ctx.where));
    default:
      return simple(() => null);
  }
}

function stringByName(
  name: string,
  unique: boolean,
  column: Column,
  rows: number,
  where: string,
): FieldGenerator {
  const max = lengthLimit(column);
  const tag = (row: RowView) => (row.index + 1).toString(36);
  if (unique && max > 0 && rows.toString(36).length + 1 > max) {
    throw new SeedbandError(
      "UNIQUE_EXHAUSTED",
      `${where} must be unique, but VarChar(${max}) cannot hold ${rows} distinct values. Lower the model's count in the spec, or widen the column.`,
    );
  }
  if (name.includes("email")) {
    // The position goes before the domain, so the address stays at the reserved domain.
    return (rng, row) => fitUnique(handle(rng), `${unique ? `.${row.index + 1}` : ""}@example.com`, max);
  }
  if (name.includes("phone") || name.includes("mobile")) {
    // Fictional ranges hold 1,100 numbers; unique ones add an extension rather than leave the range.
    return unique ? (rng, row) => fitUnique(fictionalPhone(rng), ` x${row.index + 1}`, max) : fictionalPhone;
  }
  const base = baseString(name);
  return unique
    ? (rng, row) => fitUnique(base(rng, row), `-${tag(row)}`, max)
    : (rng, row) => fitUnique(base(rng, row), "", max);
}

/** A plausible value for a string column, chosen by its name. */
function baseString(name: string): (rng: Rng, row: RowView) => string {
  if (name.includes("slug")) return (rng) => withFaker(rng, (f) => f.lorem.slug(3));
  if (/(user|handle|login|nick)/.test(name)) return (rng) => handle(rng);
  if (name.includes("firstname") || name.includes("givenname"))
    return (rng) => withFaker(rng, (f) => f.person.firstName());
  if (name.includes("lastname") || name.includes("surname") || name.includes("familyname")) {
    return (rng) => withFaker(rng, (f) => f.person.lastName());
  }
  if (/(displayname|fullname|^name$|author|owner)/.test(name))
    return (rng) => withFaker(rng, (f) => f.person.fullName());
  if (/(company|organi[sz]ation)/.test(name)) return (rng) => withFaker(rng, (f) => f.company.name());
  if (/(productname|title|headline|subject)/.test(name))
    return (rng) => withFaker(rng, (f) => f.commerce.productName());
  if (name.includes("countrycode")) return (rng) => withFaker(rng, (f) => f.location.countryCode());
  if (name.includes("country")) return (rng) => withFaker(rng, (f) => f.location.country());
  if (name.includes("currency")) return (rng) => withFaker(rng, (f) => f.finance.currencyCode());
  if (name.includes("city")) return (rng) => withFaker(rng, (f) => f.location.city());
  if (name.includes("color") || name.includes("colour"))
    return (rng) => withFaker(rng, (f) => f.color.human());
  if (/(price|amount|cost)/.test(name)) return (rng) => withFaker(rng, (f) => f.commerce.price());
  if (/(description|bio|body|summary|about|comment|note)/.test(name)) {
    return (rng) => withFaker(rng, (f) => f.lorem.sentences({ min: 1, max: 3 }));
  }
  if (name.includes("url") || name.includes("link") || name.includes("website")) {
    return (rng, row) => `https://example.com/${pickWord(rng, NOUNS)}/${row.index + 1}`;
  }
  if (name.includes("key") || name.includes("path")) {
    return (rng, row) => `${pickWord(rng, NOUNS)}/${(row.index + 1).toString(36)}/${hex(rng, 8)}`;
  }
  return (rng) => capitalise(words(rng, 1 + Math.floor(rng.next() * 4)));
}

/** Cuts a value to the column's length, keeping the suffix that makes it unique. */
function fitUnique(base: string, suffix: string, max: number): string {
  if (max <= 0 || base.length + suffix.length <= max) return base + suffix;
  if (suffix.length >= max) return suffix.slice(suffix.length - max);
  return base.slice(0, max - suffix.length) + suffix;
}

/** Unique values of any type, derived from the row's position; too small a value space is an error. */
function uniqueByType(ctx: FieldContext): CompiledField {
  const { column, rows } = ctx;
  const simple = (generate: FieldGenerator): CompiledField => ({ generate, reads: [] });
  const space = (values: number) => {
    if (rows > values) {
      throw new SeedbandError(
        "UNIQUE_EXHAUSTED",
        `${ctx.where} must be unique, but it has ${values} possible value(s) and the band plans ${rows} rows. Lower the model's count in the spec, or drop the unique constraint.`,
      );
    }
  };
  switch (column.type) {
    case "Boolean":
      space(2);
      return simple((_rng, row) => row.index === 1);
    case "Enum": {
      const values = ctx.enums.find((e) => e.name === column.enumName)?.values ?? [];
      space(values.length);
      return simple((_rng, row) => values[row.index]);
    }
    case "Int":
    case "BigInt":
      return simple((_rng, row) => row.index + 1);
    case "Float":
      return simple((rng, row) => row.index + Math.floor(rng.next() * 100) / 1000);
    case "Decimal": {
      const [p = 10, sc = 2] = (column.nativeType?.args ?? []).map(Number);
      space(10 ** Math.min(p, 15));
      return simple((_rng, row) => (row.index / 10 ** sc).toFixed(sc));
    }
    case "DateTime": {
      // Distinct steps from the window's start: a second apart (a day apart for @db.Date).
      const step = column.nativeType?.name === "Date" ? 86_400_000 : 1000;
      const start = ctx.timeProfile(undefined).start;
      return simple((_rng, row) => start + row.index * step);
    }
    case "Bytes":
      return simple((_rng, row) => Buffer.from((row.index + 1).toString(16).padStart(16, "0"), "hex"));
    case "Json":
      return simple((_rng, row) => ({ id: row.index + 1 }));
    default: {
      if (column.nativeType?.name === "Uuid" || column.default?.kind === "uuid") {
        const salt = createHash("sha256").update(`${ctx.seed}\u0000${ctx.where}`).digest("hex");
        return simple((_rng, row) => uuidAt(salt, row.index));
      }
      return simple(stringByName(column.fieldName.toLowerCase(), true, column, ctx.rows, ctx.where));
    }
  }
}

/** A random version-4 UUID from the field's stream (for columns that need not be unique). */
function randomUuid(rng: Rng): string {
  const h = hex(rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Math.floor(rng.next() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Phone numbers reserved for fiction: the North American 555-0100..0199 block and the UK's Ofcom
 * drama range 07700 900000..900999. No real subscriber can have one.
 */
export function fictionalPhone(rng: Rng): string {
  if (rng.next() < 0.5)
    return `+1-${pickWord(rng, ["202", "312", "415", "617", "718"])}-555-01${twoDigits(rng)}`;
  return `+44 7700 900${twoDigits(rng)}${Math.floor(rng.next() * 10)}`;
}

function twoDigits(rng: Rng): string {
  return String(Math.floor(rng.next() * 100)).padStart(2, "0");
}

function handle(rng: Rng): string {
  return `${pickWord(rng, ADJECTIVES)}_${pickWord(rng, NOUNS)}`;
}

function words(rng: Rng, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(pickWord(rng, LOREM));
  return out.join(" ");
}

function pickWord(rng: Rng, list: readonly string[]): string {
  return list[Math.floor(rng.next() * list.length)]!;
}

function hex(rng: Rng, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += Math.floor(rng.next() * 16).toString(16);
  return out;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** Respects @db.VarChar(n) / @db.Char(n): a value never exceeds the column's length. */
function fitLength(value: string, column: Column): string {
  const limit = lengthLimit(column);
  return limit > 0 && value.length > limit ? value.slice(0, limit) : value;
}

function coerce(value: string, column: Column): unknown {
  if (column.type === "Int" || column.type === "BigInt" || column.type === "Float") return Number(value);
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
