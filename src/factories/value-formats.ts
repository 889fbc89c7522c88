// Named value formats — a hex colour, a currency code, a company name, a paragraph, … — what the
// inference picks by name and native type, and what a spec asks for with { "format": name }. Each
// compiles once per column (lists, samplers and corpora prepared up front, so a row costs a few
// picks) and respects the column: its length limit, and on a unique column a value that embeds
// the row's position, unique by construction, never by retrying.
import { createHash } from "node:crypto";
import { SeedbandError } from "../errors.js";
import { categoricalSampler, integerSampler, type Rng, type Sampler } from "../random/index.js";
import type { Column } from "../schema/index.js";
import type { ValueFormat } from "../spec/index.js";
import {
  COUNTRIES,
  CURRENCIES,
  FILE_EXTENSIONS,
  LANGUAGES,
  LOCALES,
  MIME_TYPES,
  TIMEZONES,
  USER_AGENTS,
  type Weighted,
} from "./code-lists.js";
import type { CompiledField, FieldContext, FieldGenerator, RowView } from "./compiled-field.js";
import { nameWords } from "./name-words.js";
import { lengthLimit, scatteredHex, uuidAt } from "./position-key.js";
import { withFaker } from "./seeded-faker.js";
import {
  BASE62,
  capitalise,
  charsFrom,
  fictionalPhone,
  fitUnique,
  handle,
  hex,
  pickWord,
  randomUuid,
  words,
} from "./synthetic-text.js";
import { sentenceCorpus, sliceSentences } from "./text-corpus.js";
import {
  ADJECTIVES,
  COLOUR_PALETTE,
  COMPANY_FIRST,
  COMPANY_SECOND,
  COMPANY_SUFFIXES,
  FILE_WORDS,
  LABEL_WORDS,
  NOUNS,
  PROJECT_CODENAMES,
  PROJECT_NOUNS,
  PROJECT_PURPOSES,
  TITLE_OBJECTS,
  TITLE_QUALIFIERS,
  TITLE_VERBS,
} from "./word-lists.js";

/** A string format: its value per row, and how a unique column embeds the row's position. */
interface TextFormat {
  make: (rng: Rng, row: RowView) => string;
  /** A unique value (default: the value, then "-" and the position in base 36, cut to fit). */
  unique?: (rng: Rng, row: RowView, max: number) => string;
  /** Values never need COPY escaping and are ASCII (written as bytes, without a check). */
  copySafe?: boolean;
  /** Own fields the value is made from (computed first). */
  reads?: string[];
}

export function compileFormat(format: ValueFormat, ctx: FieldContext): CompiledField {
  const { column } = ctx;
  if (format === "position") return positionFormat(ctx);
  if (format === "json" || format === "settings") {
    expectType(ctx, format, ["Json"]);
    if (ctx.unique) return { generate: (_rng, row) => ({ id: row.index + 1 }), reads: [] };
    return { generate: format === "settings" ? settingsJson : metadataJson, reads: [] };
  }
  if (format === "bytes") {
    expectType(ctx, format, ["Bytes"]);
    return positionOr(ctx, (rng) => {
      const bytes = Buffer.alloc(16);
      for (let i = 0; i < 16; i++) bytes[i] = Math.floor(rng.next() * 256);
      return bytes;
    });
  }
  expectType(ctx, format, ["String"]);
  const text = TEXT_FORMATS[format as Exclude<ValueFormat, "position" | "json" | "settings" | "bytes">](
    ctx,
    column,
  );
  const max = lengthLimit(column);
  const reads = text.reads ?? [];
  if (!ctx.unique) {
    const make = text.make;
    return {
      generate: max > 0 ? (rng, row) => fitUnique(make(rng, row), "", max) : make,
      reads,
      ...(text.copySafe && { copySafe: true }),
    };
  }
  if (max > 0 && ctx.rows.toString(36).length + 1 > max) {
    throw new SeedbandError(
      "UNIQUE_EXHAUSTED",
      `${ctx.where} must be unique, but VarChar(${max}) cannot hold ${ctx.rows} distinct values. Lower the model's count in the spec, or widen the column.`,
    );
  }
  const unique = text.unique ?? ((rng, row, m) => fitUnique(text.make(rng, row), `-${tag(row)}`, m));
  return { generate: (rng, row) => unique(rng, row, max), reads, ...(text.copySafe && { copySafe: true }) };
}

/** Where a spec error is: the field, and its JSON path in the preset or seedband.config.ts. */
export function specWhere(ctx: FieldContext): string {
  return ctx.specPath ? `${ctx.where} (${ctx.specPath} of the preset or seedband.config.ts)` : ctx.where;
}

function expectType(ctx: FieldContext, format: ValueFormat, types: readonly string[]): void {
  if (types.includes(ctx.column.type)) return;
  throw new SeedbandError(
    "SPEC_INVALID",
    `${specWhere(ctx)}: the format "${format}" makes ${types.join(" or ")} values, but the column is ${ctx.column.type}. Give ${ctx.where} a generator of its type (a number, a timestamp, a categorical), or leave it out to have one inferred.`,
  );
}

function tag(row: RowView): string {
  return (row.index + 1).toString(36);
}

function positionOr(ctx: FieldContext, generate: FieldGenerator): CompiledField {
  return ctx.unique ? positionFormat(ctx) : { generate, reads: [] };
}

/** A weighted list as a pick: one uniform draw per value. */
function weighted(list: Weighted): { values: string[]; pick: Sampler } {
  return { values: list.map(([v]) => v), pick: categoricalSampler(list.map(([, w]) => w)) };
}

function fromList(list: Weighted): (rng: Rng) => string {
  const { values, pick } = weighted(list);
  return (rng) => values[pick(rng)]!;
}

type TextFormats = Record<
  Exclude<ValueFormat, "position" | "json" | "settings" | "bytes">,
  (ctx: FieldContext, column: Column) => TextFormat
>;

const TEXT_FORMATS: TextFormats = {
  uuid: (ctx) => {
    const salt = createHash("sha256").update(`${ctx.seed}\u0000${ctx.where}`).digest("hex");
    return { make: randomUuid, unique: (_rng, row) => uuidAt(salt, row.index), copySafe: true };
  },
  cuid: () => ({
    make: (rng) => `c${hex(rng, 24)}`,
    unique: (rng, row) => `c${hex(rng, 9)}${scatteredHex(row.index)}`,
    copySafe: true,
  }),
  // The position goes before the domain, so the address stays at the reserved domain.
  email: () => ({
    make: (rng) => `${handle(rng)}@example.com`,
    unique: (rng, row, max) => fitUnique(handle(rng), `.${row.index + 1}@example.com`, max),
    copySafe: true,
  }),
  // Fictional ranges hold 1,100 numbers; unique ones add an extension rather than leave the range.
  phone: () => ({
    make: fictionalPhone,
    unique: (rng, row, max) => fitUnique(fictionalPhone(rng), ` x${row.index + 1}`, max),
    copySafe: true,
  }),
  handle: () => ({ make: handle, copySafe: true }),
  personName: () => ({ make: (rng) => withFaker(rng, (f) => f.person.fullName()) }),
  firstName: () => ({ make: (rng) => withFaker(rng, (f) => f.person.firstName()) }),
  lastName: () => ({ make: (rng) => withFaker(rng, (f) => f.person.lastName()) }),
  company: () => ({
    make: (rng) => {
      const name = `${pickWord(rng, COMPANY_FIRST)} ${pickWord(rng, COMPANY_SECOND)}`;
      return rng.next() < 0.7 ? `${name} ${pickWord(rng, COMPANY_SUFFIXES)}` : name;
    },
    copySafe: true,
  }),
  product: () => ({
    make: (rng) => {
      const u = rng.next();
      if (u < 0.3) return pickWord(rng, PROJECT_CODENAMES);
      if (u < 0.7) return `${pickWord(rng, PROJECT_CODENAMES)} ${pickWord(rng, PROJECT_NOUNS)}`;
      return pickWord(rng, PROJECT_PURPOSES);
    },
    copySafe: true,
  }),
  label: () => ({ make: (rng) => pickWord(rng, LABEL_WORDS), copySafe: true }),
  title: () => ({
    make: (rng) => {
      const verb = pickWord(rng, TITLE_VERBS);
      const qualifier = rng.next() < 0.4 ? `${pickWord(rng, TITLE_QUALIFIERS)} ` : "";
      const object = pickWord(rng, TITLE_OBJECTS);
      return rng.next() < 0.2
        ? `${verb} ${qualifier}${object} for ${pickWord(rng, TITLE_OBJECTS)}`
        : `${verb} ${qualifier}${object}`;
    },
    copySafe: true,
  }),
  words: () => ({ make: (rng) => capitalise(words(rng, 1 + Math.floor(rng.next() * 4))), copySafe: true }),
  paragraph: (ctx, column) => paragraphs(ctx, column, 140, 0.7, 20),
  paragraphs: (ctx, column) => paragraphs(ctx, column, 240, 0.9, 20),
  slug: (ctx, column) => {
    const source = ctx.model?.columns.find(
      (c) =>
        c !== column &&
        c.type === "String" &&
        !c.isList &&
        ["name", "title"].includes(c.fieldName.toLowerCase()),
    )?.fieldName;
    // Without a name to follow, English words (quiet-harbor-lantern), never lorem ipsum.
    const fallback = (rng: Rng) =>
      `${pickWord(rng, ADJECTIVES)}-${pickWord(rng, NOUNS)}-${pickWord(rng, NOUNS)}`;
    if (source === undefined) return { make: fallback, copySafe: true };
    // The slug of the row's own name ("Bright Harbor Labs" → "bright-harbor-labs").
    return {
      make: (rng, row) => {
        const slug = slugify(row.get(source));
        return slug.length > 0 ? slug : fallback(rng);
      },
      reads: [source],
      copySafe: true,
    };
  },
  url: () => ({
    make: (rng, row) => `https://example.com/${pickWord(rng, NOUNS)}/${row.index + 1}`,
    copySafe: true,
  }),
  imageUrl: () => ({
    make: (rng) => `https://cdn.example.com/images/${hex(rng, 16)}.${pickWord(rng, ["png", "jpg", "webp"])}`,
    unique: (rng, row, max) =>
      fitUnique(`https://cdn.example.com/images/${hex(rng, 8)}`, `${scatteredHex(row.index)}.png`, max),
    copySafe: true,
  }),
  domain: () => {
    const name = (rng: Rng) =>
      `${pickWord(rng, COMPANY_SECOND).toLowerCase()}${pickWord(rng, DOMAIN_ENDINGS)}`;
    return {
      make: (rng) => `${name(rng)}.example.com`,
      unique: (rng, row, max) => fitUnique(name(rng), `-${tag(row)}.example.com`, max),
      copySafe: true,
    };
  },
  // Documentation ranges only (RFC 5737, RFC 3849): addresses that can name no host.
  ip: () => ({
    make: (rng) => {
      if (rng.next() < 0.85)
        return `${pickWord(rng, IPV4_DOCUMENTATION)}.${1 + Math.floor(rng.next() * 254)}`;
      // Groups without leading zeros and never 0, so the text is PostgreSQL's own form of an inet.
      const group = () => (1 + Math.floor(rng.next() * 0xffff)).toString(16);
      return `2001:db8:${group()}:${group()}::${group()}`;
    },
    unique: (_rng, row) => {
      const n = row.index + 1;
      const high = Math.floor(n / 0x10000) % 0x10000;
      const low = (n % 0x10000).toString(16);
      return high === 0 ? `2001:db8::${low}` : `2001:db8::${high.toString(16)}:${low}`;
    },
    copySafe: true,
  }),
  userAgent: () => ({ make: fromList(USER_AGENTS), copySafe: true }),
  locale: (_ctx, column) => {
    const max = lengthLimit(column);
    return { make: fromList(max > 0 && max < 5 ? LANGUAGES : LOCALES), copySafe: true };
  },
  language: () => ({ make: fromList(LANGUAGES), copySafe: true }),
  timezone: () => ({ make: fromList(TIMEZONES), copySafe: true }),
  currency: () => ({ make: fromList(CURRENCIES), copySafe: true }),
  country: (_ctx, column) => {
    const pick = categoricalSampler(COUNTRIES.map((c) => c[3]));
    const alpha3 = lengthLimit(column) === 3;
    return { make: (rng) => COUNTRIES[pick(rng)]![alpha3 ? 1 : 0], copySafe: true };
  },
  countryName: () => {
    const pick = categoricalSampler(COUNTRIES.map((c) => c[3]));
    return { make: (rng) => COUNTRIES[pick(rng)]![2], copySafe: true };
  },
  city: () => ({ make: (rng) => withFaker(rng, (f) => f.location.city()) }),
  streetAddress: () => ({ make: (rng) => withFaker(rng, (f) => f.location.streetAddress()) }),
  postalCode: () => ({ make: (rng) => withFaker(rng, (f) => f.location.zipCode("#####")), copySafe: true }),
  mimeType: () => ({ make: fromList(MIME_TYPES), copySafe: true }),
  fileName: () => {
    const extension = fromList(FILE_EXTENSIONS);
    return {
      make: (rng) =>
        `${pickWord(rng, FILE_WORDS)}-${String(Math.floor(rng.next() * 10_000)).padStart(4, "0")}.${extension(rng)}`,
      unique: (rng, row, max) => fitUnique(pickWord(rng, FILE_WORDS), `-${tag(row)}.${extension(rng)}`, max),
      copySafe: true,
    };
  },
  fileExtension: () => ({ make: fromList(FILE_EXTENSIONS), copySafe: true }),
  // Most software is on an early major version; minors and patches spread wider.
  semver: () => ({
    make: (rng) => {
      const major = Math.floor(rng.next() ** 2 * 5);
      const minor = Math.floor(rng.next() * 20);
      const patch = Math.floor(rng.next() ** 2 * 30);
      return `${major === 0 && minor === 0 ? 1 : major}.${minor}.${patch}`;
    },
    copySafe: true,
  }),
  sku: () => ({
    make: (rng) => `${charsFrom(rng, UPPER, 3)}-${String(Math.floor(rng.next() * 100_000)).padStart(5, "0")}`,
    copySafe: true,
  }),
  code: (_ctx, column) => {
    const length = Math.min(6, lengthLimit(column) || 6);
    return { make: (rng) => charsFrom(rng, CODE, length), copySafe: true };
  },
  hash: (_ctx, column) => {
    const length = Math.min(64, lengthLimit(column) || 64);
    return {
      make: (rng) => hex(rng, length),
      unique: (rng, row) => (hex(rng, Math.max(0, length - 15)) + scatteredHex(row.index)).slice(-length),
      copySafe: true,
    };
  },
  token: (_ctx, column) => {
    const length = Math.min(40, lengthLimit(column) || 40);
    return {
      make: (rng) => charsFrom(rng, BASE62, length),
      unique: (rng, row) =>
        (charsFrom(rng, BASE62, Math.max(0, length - 15)) + scatteredHex(row.index)).slice(-length),
      copySafe: true,
    };
  },
  // The shape of a bcrypt hash (cost 10): no password was ever hashed to make it.
  passwordHash: () => ({ make: (rng) => `$2b$10$${charsFrom(rng, BCRYPT, 53)}`, copySafe: true }),
  color: (ctx, column) => {
    const max = lengthLimit(column);
    const bare = max > 0 && max < 7; // VarChar(6): no "#"
    return {
      make: (rng) => {
        const colour = pickWord(rng, COLOUR_PALETTE);
        return bare ? colour.slice(1) : colour;
      },
      unique: (_rng, row) => {
        if (ctx.rows > 1 << 24) {
          throw new SeedbandError(
            "UNIQUE_EXHAUSTED",
            `${ctx.where} must be unique, but there are 16,777,216 colours and the band plans ${ctx.rows} rows. Lower the model's count in the spec, or drop the unique constraint.`,
          );
        }
        // An odd multiplier is a bijection modulo 2^24: distinct positions, distinct colours.
        const colour = Math.imul(row.index, 0x9e3779) & 0xffffff;
        return `${bare ? "" : "#"}${colour.toString(16).padStart(6, "0")}`;
      },
      copySafe: true,
    };
  },
  storagePath: () => ({
    make: (rng, row) => `${pickWord(rng, NOUNS)}/${(row.index + 1).toString(36)}/${hex(rng, 8)}`,
    copySafe: true,
  }),
  externalId: (_ctx, column) => {
    const prefix = (nameWords(column.fieldName)[0] ?? "id").slice(0, 4);
    return {
      make: (rng) => `${prefix}_${charsFrom(rng, BASE62, 16)}`,
      unique: (rng, row, max) =>
        fitUnique(`${prefix}_${charsFrom(rng, BASE62, 8)}`, scatteredHex(row.index), max),
      copySafe: true,
    };
  },
};

const IPV4_DOCUMENTATION = ["192.0.2", "198.51.100", "203.0.113"];
const DOMAIN_ENDINGS = ["", "", "-app", "-hq", "-labs", "-cloud"];

/** Whole sentences of the seed's sentence corpus, their length log-normal around `median`. */
function paragraphs(
  ctx: FieldContext,
  column: Column,
  median: number,
  sigma: number,
  min: number,
): TextFormat {
  const corpus = sentenceCorpus(ctx.seed);
  const max = lengthLimit(column) || Math.round(median * 20);
  const length = integerSampler({
    logNormal: { mu: Math.log(median), sigma, min: Math.min(min, max), max },
  });
  return { make: (rng) => sliceSentences(corpus, rng, length(rng)), copySafe: true };
}

/** Lower-case words joined by hyphens: "Bright Harbor Labs" → "bright-harbor-labs". */
function slugify(value: unknown): string {
  if (typeof value !== "string") return "";
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"; // no I or O: codes people read out
const CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const BCRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const THEMES = ["light", "dark", "system"];
const SOURCES = ["web", "ios", "android", "api", "import"];

/** User or workspace settings, the keys products keep. */
function settingsJson(rng: Rng): unknown {
  return {
    theme: pickWord(rng, THEMES),
    language: pickWord(rng, ["en", "en", "en", "de", "fr", "es", "pt", "ja"]),
    notifications: {
      email: rng.next() < 0.8,
      push: rng.next() < 0.5,
      digest: pickWord(rng, ["daily", "weekly", "never"]),
    },
  };
}

/** Free-form metadata: where the row came from, a version, a tag or two. */
function metadataJson(rng: Rng): unknown {
  const tags = [pickWord(rng, LABEL_WORDS)];
  if (rng.next() < 0.4) tags.push(pickWord(rng, LABEL_WORDS));
  return { source: pickWord(rng, SOURCES), version: 1 + Math.floor(rng.next() * 3), tags };
}

/** Unique values of any type, derived from the row's position; too small a value space is an error. */
function positionFormat(ctx: FieldContext): CompiledField {
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
      return compileFormat("words", { ...ctx, unique: true });
    }
  }
}
