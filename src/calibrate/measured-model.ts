// Calibration of a model the template does not name (every model, with the `generic` preset):
// the spec is built from the measurements alone. A root gets its count as a band variable; a child
// gets its generation parent (the relation the generator would pick: required, part of the primary
// key first, then schema order) and the fan-out family that fits best; fields get what was
// measured — enum mixes, boolean shares, null rates, numeric distributions and free text lengths
// (each family chosen by goodness of fit), creation times a profile. What is structure rather than
// a distribution (keys, tenants, which moment comes after which, the meaning of names and codes)
// is not written: the schema-aware factory and its inference decide it, as without calibration.
import type { FanOutMetrics, FieldMetrics, ModelMetrics } from "../privacy/index.js";
import type { Distribution } from "../random/index.js";
import type { FieldSpec, ModelSpec } from "../spec/index.js";
import { bestFit } from "./best-fit.js";
import type { Bin } from "./bins.js";
import { type DiscreteFit, FAMILIES, type Family } from "./discrete-fit.js";
import type { Fit } from "./fit.js";

export type TimestampMetrics = Extract<FieldMetrics, { kind: "timestamp" }>;
type TextMetrics = Extract<FieldMetrics, { kind: "text" }>;

export interface MeasuredModel {
  /** Undefined when nothing could be fitted: the generator's defaults apply, as without calibration. */
  spec?: ModelSpec;
  /** A root's count variable ("$Workspace") and its measured rows. */
  count?: { variable: string; rows: number };
  /** Creation timestamps, whose profiles calibrate fits (pooled across models) afterwards. */
  timestamps: { field: string; metrics: TimestampMetrics }[];
}

/** Free text, not a name, code or address: most values hold a space and the median is this long. */
export const FREE_TEXT_MEDIAN_LENGTH = 24;
/** Few enough distinct values for a numeric column to be offered a categorical mix. */
const CATEGORICAL_MAX_VALUES = 20;

export function measuredModel(
  modelName: string,
  mm: ModelMetrics,
  k: number,
  fits: Fit[],
  kept: string[],
): MeasuredModel {
  const creation = creationField(mm);
  const at = `$.models.${modelName}`;
  const spec: ModelSpec = {};
  const fields: Record<string, FieldSpec> = {};
  const timestamps: MeasuredModel["timestamps"] = [];
  let count: MeasuredModel["count"];

  const parent = generationParent(modelName, mm);
  if (!parent) {
    count = { variable: modelName, rows: mm.rows };
    spec.count = `$${modelName}`;
  } else {
    const [relation, fo] = parent;
    const families: Family[] = fo.oneToOne ? ["fixed", "bernoulli"] : [...FAMILIES];
    const best = bestFit(fo.bins, families, { total: fo.parents });
    if (!best) {
      kept.push(
        `${at}: every bin of the ${relation} fan-out is suppressed (< k); left to the generator's defaults`,
      );
      return { timestamps };
    }
    spec.parent = relation;
    spec.fanOut = rounded(best.chosen.distribution);
    fits.push(familyFit(`${at}.fanOut`, best.chosen, best.alternatives, "children per parent"));
  }

  for (const [relation, fo] of Object.entries(mm.fanOuts)) {
    if (parent?.[0] === relation) continue;
    if (!isRequired(fo, mm)) {
      const nullRate = round(clamp01(1 - fo.children / Math.max(1, mm.rows)));
      fields[relation] = { auto: {}, nullRate };
      fits.push({
        path: `${at}.fields.${relation}.nullRate`,
        distribution: "null rate of an optional relation (share of rows without a key)",
        params: { nullRate },
        n: mm.rows,
      });
    }
    kept.push(
      `${at}.fields.${relation}: children per ${fo.parentModel} measured, but the spec holds only the generation parent's fan-out; the generator picks ${relation} targets by its own rules`,
    );
  }

  for (const [fieldName, fm] of Object.entries(mm.fields)) {
    const fat = `${at}.fields.${fieldName}`;
    if (fm.unique) continue; // keys and unique values: derived from positions, never drawn
    const nullRate = measuredNullRate(fm, k);
    const withNulls = (field: FieldSpec): FieldSpec =>
      nullRate !== undefined && (nullRate > 0 || fm.optional) ? { ...field, nullRate } : field;
    const auto = () => {
      if (nullRate !== undefined && (nullRate > 0 || fm.optional)) fields[fieldName] = { auto: {}, nullRate };
    };
    if (fm.kind === "category") {
      const weights = categoryWeights(fm.values, k);
      if (!weights) {
        kept.push(`${fat}: every value suppressed (< k); left to the factory`);
        auto();
        continue;
      }
      fields[fieldName] = withNulls({ categorical: weights.weights });
      fits.push({
        path: `${fat}.categorical`,
        distribution: "categorical (MLE: observed shares)",
        params: weights.weights,
        n: weights.n,
        ...(weights.estimated
          ? { note: `${weights.estimated} suppressed value(s) (< k) weighted as (k−1)/2 rows each` }
          : {}),
      });
    } else if (fm.kind === "boolean") {
      const half = (k - 1) / 2;
      const t = fm.true ?? half;
      const f = fm.false ?? half;
      if (t + f === 0) {
        auto();
        continue;
      }
      const p = round(t / (t + f));
      fields[fieldName] = withNulls({ bernoulli: p });
      fits.push({
        path: `${fat}.bernoulli`,
        distribution: "bernoulli (share true)",
        params: { p },
        n: Math.round(t + f),
        ...(fm.true === null || fm.false === null
          ? { note: "a suppressed count (< k) weighted as (k−1)/2 rows" }
          : {}),
      });
    } else if (fm.kind === "number") {
      if (fm.fractional !== 0) {
        kept.push(
          `${fat}: ${fm.fractional === undefined ? "not known to be whole numbers" : "values with a fractional part"}; the spec's number generator draws integers, so the values are left to the factory`,
        );
        auto();
        continue;
      }
      const fitted = numberFit(fm.bins, valuesOf(fm));
      if (!fitted) {
        kept.push(`${fat}: every bin suppressed (< k); left to the factory`);
        auto();
        continue;
      }
      fields[fieldName] = withNulls(fitted.field);
      fits.push(fitted.fit(`${fat}`));
    } else if (fm.kind === "text") {
      const median = medianOf(fm.lengthBins);
      if (!isFreeText(fm, median)) {
        kept.push(
          `${fat}: lengths measured (median ${median ?? "suppressed"}), but not free text (most values without a space, or shorter than ${FREE_TEXT_MEDIAN_LENGTH}): its values are left to the factory's names, codes and formats`,
        );
        auto();
        continue;
      }
      const best = bestFit(fm.lengthBins, ["fixed", "uniform", "powerLaw", "logNormal", "exponential"], {
        total: valuesOf(fm),
      });
      if (!best) {
        auto();
        continue;
      }
      fields[fieldName] = withNulls({ text: { length: rounded(best.chosen.distribution) } });
      fits.push(familyFit(`${fat}.text.length`, best.chosen, best.alternatives, "characters"));
    } else if (fm.kind === "timestamp") {
      if (fieldName === creation) {
        timestamps.push({ field: fieldName, metrics: fm });
        if (nullRate !== undefined && nullRate > 0) fields[fieldName] = { auto: {}, nullRate };
      } else {
        // updatedAt, due dates, deletions: which moment comes after which is the factory's rule.
        auto();
      }
    }
  }
  if (Object.keys(fields).length > 0) spec.fields = fields;
  return { spec, timestamps, ...(count ? { count } : {}) };
}

/**
 * The relation whose rows this model's rows are generated under, as the generator's default
 * picks it: a required relation to another model, one whose key is part of the primary key first
 * (join tables), then schema order. Files without the `required` fact: every row has a parent.
 */
export function generationParent(modelName: string, mm: ModelMetrics): [string, FanOutMetrics] | undefined {
  const required = Object.entries(mm.fanOuts).filter(
    ([, fo]) => fo.parentModel !== modelName && isRequired(fo, mm),
  );
  return required.find(([, fo]) => fo.inPrimaryKey) ?? required[0];
}

/**
 * The model's creation time: the timestamp the sampler marked `creation`, else (a file from before
 * that mark) a never-null `created…`/`inserted…` timestamp.
 */
function creationField(mm: ModelMetrics): string | undefined {
  const timestamps = Object.entries(mm.fields).filter(([, f]) => f.kind === "timestamp");
  const marked = timestamps.find(([, f]) => f.kind === "timestamp" && f.creation);
  return (marked ?? timestamps.find(([name, f]) => f.nulls === 0 && /^(created|inserted)/i.test(name)))?.[0];
}

function isRequired(fo: FanOutMetrics, mm: ModelMetrics): boolean {
  return fo.required ?? fo.children >= mm.rows;
}

function measuredNullRate(fm: FieldMetrics, k: number): number | undefined {
  if (fm.rows === 0) return undefined;
  // Suppressed: 1 to k−1 NULLs, (k−1)/2 expected.
  const nulls = fm.nulls ?? (k - 1) / 2;
  return round(clamp01(nulls / fm.rows));
}

function categoryWeights(values: Record<string, number | null>, k: number) {
  let estimated = 0;
  const counts = Object.entries(values).map(([v, n]): [string, number] => {
    if (n !== null) return [v, n];
    estimated++;
    return [v, (k - 1) / 2];
  });
  const n = counts.reduce((s, [, c]) => s + c, 0);
  if (n === 0 || estimated === counts.length) return undefined;
  return {
    weights: Object.fromEntries(counts.map(([v, c]) => [v, round(c / n)])),
    n: Math.round(n),
    estimated,
  };
}

function valuesOf(fm: FieldMetrics): number | undefined {
  return fm.nulls === null ? undefined : fm.rows - fm.nulls;
}

function isFreeText(fm: TextMetrics, median: number | undefined): boolean {
  const values = valuesOf(fm);
  if (fm.withSpace == null || values === undefined || values === 0 || median === undefined) return false;
  return fm.withSpace >= values / 2 && median >= FREE_TEXT_MEDIAN_LENGTH;
}

/** The value below which half of the visible entities lie (a bin's lower bound). */
export function medianOf(bins: readonly Bin[]): number | undefined {
  const visible = bins
    .filter((b): b is [number, number, number] => b[2] !== null)
    .sort((a, b) => a[0] - b[0]);
  const n = visible.reduce((s, b) => s + b[2], 0);
  let acc = 0;
  for (const b of visible) {
    acc += b[2];
    if (acc >= n / 2) return b[0];
  }
  return undefined;
}

/**
 * A numeric column: the best of the integer families, or a categorical mix when it holds few
 * distinct values (each bin a single value, none suppressed) and that wins on the same criterion.
 */
function numberFit(bins: readonly Bin[], total: number | undefined) {
  const best = bestFit(bins, FAMILIES, total === undefined ? {} : { total });
  const exact = bins.every((b) => b[2] !== null && b[0] === b[1]) && bins.length <= CATEGORICAL_MAX_VALUES;
  if (exact && bins.length > 1) {
    const n = bins.reduce((s, b) => s + (b[2] ?? 0), 0);
    const ll = bins.reduce((s, b) => s + b[2]! * Math.log(b[2]! / n), 0);
    const aic = 2 * (bins.length - 1) - 2 * ll;
    if (!best || aic < best.chosen.aic) {
      const weights = Object.fromEntries(bins.map((b) => [String(b[0]), round(b[2]! / n)]));
      return {
        field: { categorical: weights } as FieldSpec,
        fit: (path: string): Fit => ({
          path: `${path}.categorical`,
          distribution: "categorical (few distinct values; lower AIC than every integer family)",
          params: weights,
          n,
          ...(best
            ? { note: `${best.chosen.family}: ΔAIC ${Math.round((best.chosen.aic - aic) * 10) / 10}` }
            : {}),
        }),
      };
    }
  }
  if (!best) return undefined;
  return {
    field: { number: rounded(best.chosen.distribution) } as FieldSpec,
    fit: (path: string) => familyFit(`${path}.number`, best.chosen, best.alternatives, "values"),
  };
}

function familyFit(
  path: string,
  fit: DiscreteFit,
  alternatives: { family: Family; deltaAic: number; ks: number }[],
  of: string,
): Fit {
  const params = Object.values(rounded(fit.distribution))[0];
  return {
    path: `${path}.${fit.family}`,
    distribution: `${fit.family} of ${of} (MLE, chosen by AIC)`,
    params:
      typeof params !== "number"
        ? (params as Record<string, number>)
        : fit.family === "bernoulli"
          ? { p: params }
          : { value: params },
    n: fit.n,
    statistic: { name: "ks", value: round(fit.ks), critical: round(fit.ksCritical) },
    standardErrors: Object.fromEntries(Object.entries(fit.standardErrors).map(([k, v]) => [k, round(v)])),
    alternatives,
  };
}

/** The spec's precision: shape parameters to 4 decimals, bounds as integers. */
function rounded(dist: Distribution): Distribution {
  const [[family, params]] = Object.entries(dist) as [[string, number | Record<string, number>]];
  if (typeof params === "number") return { [family]: round(params) } as Distribution;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(params))
    out[k] = k === "min" || k === "max" ? Math.round(v) : k === "alpha" ? round(v, 3) : round(v);
  return { [family]: out } as Distribution;
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
