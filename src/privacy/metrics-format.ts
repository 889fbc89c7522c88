// metrics.json, version 1: what `seedband sample` writes and `seedband calibrate` reads. Only
// aggregates: row counts, histograms whose buckets under k entities are suppressed (count null),
// log moments, and tokens (never raw identifiers). docs/privacy-engineering.md documents each field.
import { z } from "zod";

export const METRICS_FORMAT = "seedband-metrics";
export const METRICS_VERSION = 1;

const count = z.number().int().nonnegative();
const suppressible = count.nullable();
const bin = z.tuple([z.number().int(), z.number().int(), suppressible]);
const moments = z.strictObject({ mean: z.number(), sd: z.number().nonnegative(), n: count });
const token = z.string().regex(/^[0-9a-f]{16}$/, "a token: 16 lower-case hex characters");

const fanOut = z.strictObject({
  parentModel: z.string(),
  /** Schema facts (not data) calibrate needs to pick the generation parent: absent in older files. */
  required: z.boolean().optional(),
  inPrimaryKey: z.boolean().optional(),
  oneToOne: z.boolean().optional(),
  parents: count,
  children: count,
  bins: z.array(bin),
  /** ln(children) over parents with at least one child; absent with --epsilon. */
  logMoments: moments.optional(),
  byParentField: z
    .record(z.string(), z.record(z.string(), z.strictObject({ parents: suppressible, bins: z.array(bin) })))
    .optional(),
  top: z.array(z.strictObject({ parentToken: token, children: count })),
});

const common = {
  rows: count,
  nulls: suppressible,
  /** Schema facts (absent in older files): the column is (part of) the primary key or a unique
   *  constraint (calibrate leaves its values to the factory); the column is nullable. */
  unique: z.boolean().optional(),
  optional: z.boolean().optional(),
};
const field = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("text"),
    ...common,
    lengthBins: z.array(bin),
    logLength: moments.optional(),
    /** Values holding a space (free text rather than a name, code or address); absent in older files. */
    withSpace: suppressible.optional(),
  }),
  z.strictObject({ kind: z.literal("category"), ...common, values: z.record(z.string(), suppressible) }),
  z.strictObject({ kind: z.literal("boolean"), ...common, true: suppressible, false: suppressible }),
  z.strictObject({
    kind: z.literal("number"),
    ...common,
    bins: z.array(bin),
    logValue: moments.optional(),
    /** Values with a fractional part (bins floor them); absent in older files. */
    fractional: suppressible.optional(),
  }),
  z.strictObject({
    kind: z.literal("timestamp"),
    ...common,
    firstDay: z.string().nullable(),
    lastDay: z.string().nullable(),
    /** The model's creation time: its first required timestamp that is not @updatedAt (a createdAt first). */
    creation: z.boolean().optional(),
    windowRows: count,
    hours: z.array(suppressible).length(24),
    weekdays: z.array(suppressible).length(7),
    /** Rows per whole UTC day of the window, from `start`: what lets calibrate detrend weekdays. */
    days: z.strictObject({ start: z.string(), counts: z.array(suppressible) }).optional(),
    interArrival: z
      .strictObject({
        relation: z.string(),
        bins: z.array(bin),
        burstiness: z.number().nullable(),
        /** The spec's burst: CV of per-parent gaps in profile time, peak hours; null below k parents. */
        burst: z.strictObject({ coefficient: z.number(), parents: z.number().int() }).nullable().optional(),
      })
      .optional(),
  }),
]);

export const metricsSchema = z.strictObject({
  format: z.literal(METRICS_FORMAT),
  version: z.literal(METRICS_VERSION),
  seedbandVersion: z.string(),
  schemaFingerprint: z.string(),
  window: z.strictObject({ days: z.number().positive(), start: z.string(), end: z.string() }),
  privacy: z.strictObject({
    k: z.number().int().positive(),
    epsilon: z.number().positive().nullable(),
    noise: z.enum(["none", "laplace"]),
    laplaceScale: z.number().positive().nullable(),
    tokens: z.literal("hmac-sha256-16"),
    suppressedBuckets: count,
  }),
  models: z.record(
    z.string(),
    z.strictObject({
      table: z.string(),
      rows: count,
      fanOuts: z.record(z.string(), fanOut),
      fields: z.record(z.string(), field),
    }),
  ),
});

export type Metrics = z.infer<typeof metricsSchema>;
export type ModelMetrics = Metrics["models"][string];
export type FanOutMetrics = z.infer<typeof fanOut>;
export type FieldMetrics = z.infer<typeof field>;
export type MetricsBin = z.infer<typeof bin>;
