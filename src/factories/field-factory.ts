// Values for one column: from the spec's generator when it names one, otherwise chosen by the
// column's Prisma type, name and native type. Pure: every value is drawn from the Rng it is given.
// Keys, foreign keys and cross-row generators (among, latestOf, copy) belong to generate/.

import { categoricalSampler, type Distribution, integerSampler } from "../random/distribution.js";
import type { Rng } from "../random/stream.js";
import type { TimeProfile } from "../random/time-profile.js";
import type { Column, EnumType } from "../schema/model-graph.js";
import type { FieldSpec } from "../spec/index.js";
import { sliceText, textCorpus } from "./text-corpus.js";
import { ADJECTIVES, FAMILY_NAMES, GIVEN_NAMES, LOREM, NOUNS } from "./word-lists.js";

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
}

/** A compiled field: its generator and the own fields it reads (they are generated first). */
export interface CompiledField {
  generate: FieldGenerator;
  reads: string[];
  /** Timestamps sorted within a parent: the engine pre-draws and sorts a parent's values. */
  sorted?: boolean;
}

export function compileField(ctx: FieldContext, spec: FieldSpec | undefined): CompiledField {
  const compiled = spec && !("auto" in spec) ? fromSpec(ctx, spec) : byType(ctx);
  const nullRate = spec?.nullRate;
  if (!nullRate) return compiled;
  const inner = compiled.generate;
  // The null decision always takes one draw, so a field's stream advances the same way per row.
  return { ...compiled, generate: (rng, row) => (rng.next() < nullRate ? null : inner(rng, row)) };
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
    return { generate: (rng) => limit(sliceText(corpus, rng, length(rng))), reads: [] };
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
    const sorted = spec.timestamp.sorted === true;
    if (!after) return { generate: (rng) => profile.sample(rng), reads: [], sorted };
    const dot = after.indexOf(".");
    if (dot < 0) {
      return {
        generate: (rng, row) => profile.sample(rng, row.get(after) as number),
        reads: [after],
        sorted,
      };
    }
    const parentField = after.slice(dot + 1);
    return {
      generate: (rng, row) => profile.sample(rng, row.parent?.get(parentField) as number),
      reads: [],
      sorted,
    };
  }
  throw new Error(`field generator ${Object.keys(spec).join(",")} is handled by the row source`);
}

/** Chosen by the column's type, name and native type when the spec says nothing. */
function byType(ctx: FieldContext): CompiledField {
  const { column, unique } = ctx;
  const name = column.fieldName.toLowerCase();
  const limit = (v: string) => fitLength(v, column);
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
      return simple((rng) => Math.round(rng.next() * 100_000) / 100);
    case "Decimal":
      return simple((rng) => (Math.floor(rng.next() * 100_000) / 100).toFixed(2));
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
      return simple(stringByName(name, unique, limit));
    default:
      return simple(() => null);
  }
}

function stringByName(name: string, unique: boolean, limit: (v: string) => string): FieldGenerator {
  // Unique values embed the row's position: distinct by construction, never by retrying.
  const suffix = (row: RowView) => (unique ? `${row.index + 1}` : "");
  if (name.includes("email")) {
    return (rng, row) => limit(`${handle(rng)}${unique ? `.${row.index + 1}` : ""}@example.com`);
  }
  if (name.includes("phone") || name.includes("mobile")) {
    return unique ? (_rng, row) => limit(`+1-202-555-${String(row.index).padStart(7, "0")}`) : fictionalPhone;
  }
  if (/(user|handle|login|slug|nick)/.test(name)) {
    return (rng, row) => limit(`${handle(rng)}${unique ? `_${(row.index + 1).toString(36)}` : ""}`);
  }
  if (/(displayname|fullname|^name$|author)/.test(name)) {
    return (rng, row) => limit(`${pickWord(rng, GIVEN_NAMES)} ${pickWord(rng, FAMILY_NAMES)}${suffix(row)}`);
  }
  if (name.includes("firstname") || name.includes("givenname"))
    return (rng) => limit(pickWord(rng, GIVEN_NAMES));
  if (name.includes("lastname") || name.includes("surname"))
    return (rng) => limit(pickWord(rng, FAMILY_NAMES));
  if (name.includes("url") || name.includes("link")) {
    return (rng, row) => limit(`https://example.com/${pickWord(rng, NOUNS)}/${row.index + 1}`);
  }
  if (name.includes("key") || name.includes("path")) {
    return (rng, row) => limit(`${pickWord(rng, NOUNS)}/${(row.index + 1).toString(36)}/${hex(rng, 8)}`);
  }
  return (rng, row) =>
    limit(`${capitalise(words(rng, 1 + Math.floor(rng.next() * 4)))}${unique ? ` ${row.index + 1}` : ""}`);
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
  const limit =
    column.nativeType && /^(VarChar|Char)$/.test(column.nativeType.name)
      ? Number(column.nativeType.args[0])
      : 0;
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
