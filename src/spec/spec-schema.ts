// The spec format, version 1: row counts, per-relation fan-out and per-field generators, generic
// over any Prisma schema. Validated with zod; every error names its JSON path (see load-spec.ts).
import { z } from "zod";

/** A number, or "$name": a variable the band defines (e.g. "$messages"). */
const num = z.union([
  z.number(),
  z.string().regex(/^\$[A-Za-z_]\w*$/, 'a number or a band variable such as "$messages"'),
]);

const distribution = z.union([
  z.strictObject({ fixed: num }),
  z.strictObject({ uniform: z.strictObject({ min: num, max: num }) }),
  z.strictObject({ powerLaw: z.strictObject({ alpha: z.number().gt(1), min: num, max: num }) }),
  z.strictObject({
    logNormal: z.strictObject({
      mu: z.number(),
      sigma: z.number().positive(),
      min: num.optional(),
      max: num.optional(),
    }),
  }),
  z.strictObject({ exponential: z.strictObject({ mean: num, min: num.optional(), max: num.optional() }) }),
  z.strictObject({ bernoulli: z.number().min(0).max(1) }),
]);

/** A heavy-parent mixture: a share of parents draws its fan-out from [min, max] instead. */
const heavy = z.strictObject({
  share: z.union([z.number().min(0).max(1), num]),
  min: num,
  max: num,
  /** Only parents whose field equals the value can be heavy (e.g. { "kind": "room" }). */
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const fanOut = z.union([
  z.strictObject({
    byParentField: z.string(),
    cases: z.record(z.string(), distribution),
  }),
  z.intersection(distribution, z.strictObject({ heavy: heavy.optional() }).partial()),
]);

const timestamp = z.strictObject({
  /** Name of a profile in `profiles` ("default" is built in unless `profiles` redefines it); flat when absent. */
  profile: z.string().optional(),
  /** "relation.field": never earlier than the related row's timestamp. */
  after: z.string().optional(),
  /** Values of one parent's children are sorted ascending (arrival order follows the key). */
  sorted: z.boolean().optional(),
  /**
   * Never earlier than the creation time of any row this row references (its parent, the targets
   * of its other foreign keys, its self-relation parent): time flows forward across rows. The
   * inferred and calibrated creation times set it; it cannot be combined with `sorted` or `delay`.
   */
  afterReferences: z.boolean().optional(),
  /**
   * Seconds after `after`: the value is that time plus a draw, and may pass the window's end (a
   * due date or an expiry lies in the future). Without it, a draw from the profile up to the end.
   */
  delay: distribution.optional(),
});

/**
 * Named value formats: what the schema-aware factory infers from names and native types, and what
 * a spec may ask for by name (value-formats.ts implements each; docs/spec.md lists them).
 */
export const VALUE_FORMATS = [
  "position",
  "uuid",
  "cuid",
  "email",
  "phone",
  "handle",
  "personName",
  "firstName",
  "lastName",
  "company",
  "product",
  "label",
  "title",
  "words",
  "paragraph",
  "paragraphs",
  "slug",
  "url",
  "imageUrl",
  "domain",
  "ip",
  "userAgent",
  "locale",
  "language",
  "timezone",
  "currency",
  "country",
  "countryName",
  "city",
  "streetAddress",
  "postalCode",
  "mimeType",
  "fileName",
  "fileExtension",
  "semver",
  "sku",
  "code",
  "hash",
  "token",
  "passwordHash",
  "color",
  "storagePath",
  "externalId",
  "json",
  "settings",
  "bytes",
] as const;

export type ValueFormat = (typeof VALUE_FORMATS)[number];

const generator = z.union([
  z.strictObject({
    categorical: z.record(z.string(), z.number().nonnegative()),
    /** The first rows of the table take each value once, so every value appears. */
    cover: z.boolean().optional(),
  }),
  z.strictObject({ oneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }),
  z.strictObject({ bernoulli: z.number().min(0).max(1) }),
  z.strictObject({ value: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  z.strictObject({ text: z.strictObject({ length: distribution }) }),
  z.strictObject({ words: z.strictObject({ count: distribution }) }),
  /** A number from the distribution; with `decimals`, a real number rounded to that many places. */
  z.strictObject({ number: distribution, decimals: z.number().int().min(0).max(12).optional() }),
  /** A value of a named format (a hex colour, a currency code, a company name, …), within the column's limits. */
  z.strictObject({ format: z.enum(VALUE_FORMATS) }),
  /** A phone number in a range reserved for fiction (never a real subscriber). */
  z.strictObject({ phone: z.strictObject({}) }),
  /** Let the schema-aware factory choose by type, name and native type (the same as leaving the field out). */
  z.strictObject({ auto: z.strictObject({}) }),
  z.strictObject({ timestamp }),
  /** The latest value of a field over this row's children, else this row's own `fallback` field. */
  z.strictObject({
    latestOf: z.strictObject({ relation: z.string(), field: z.string(), fallback: z.string() }),
  }),
  /** Copy of a parent's field ("relation.field"). */
  z.strictObject({ copy: z.string() }),
  /** A foreign key chosen among the rows a sibling relation of the parent holds ("conversation.members"). */
  z.strictObject({ among: z.string() }),
]);

const fieldSpec = z.intersection(
  generator,
  z.strictObject({ nullRate: z.number().min(0).max(1).optional() }).partial(),
);

const modelSpec = z.strictObject({
  /** Rows of a root model. */
  count: num.optional(),
  /** Relation field to the parent: rows are generated per parent row, `fanOut` of them. */
  parent: z.string().optional(),
  fanOut: fanOut.optional(),
  /** Scale the fan-out so that the model has exactly this many rows. */
  total: num.optional(),
  fields: z.record(z.string(), fieldSpec).optional(),
});

export const specSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  description: z.string().optional(),
  /** Timestamps are drawn inside this window: fixed, never the clock. */
  window: z.strictObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }),
  /** Root entities per partition block (DESIGN.md: partitions). */
  blockSize: z.number().int().positive().optional(),
  profiles: z
    .record(
      z.string(),
      z.strictObject({
        hours: z.array(z.number().nonnegative()).length(24),
        weekdayBoost: z.number().positive(),
        /** Coefficient of variation of a sorted series' inter-arrival times (≥ 1; 1 = Poisson). */
        burst: z.number().min(1).optional(),
      }),
    )
    .optional(),
  models: z.record(z.string(), modelSpec),
  bands: z.record(z.string(), z.record(z.string(), z.number())),
});

export type Spec = z.infer<typeof specSchema>;
export type ModelSpec = z.infer<typeof modelSpec>;
export type FieldSpec = z.infer<typeof fieldSpec>;
export type FanOutSpec = z.infer<typeof fanOut>;
export type HeavySpec = z.infer<typeof heavy>;
export type NumberOrVar = z.infer<typeof num>;
