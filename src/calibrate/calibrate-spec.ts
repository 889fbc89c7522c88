// `seedband calibrate`: turns metrics.json into a spec the generator accepts unchanged. For a
// model the template preset names, the template says which distribution family each relation and
// field uses, and calibration fits that family's parameters by maximum likelihood. A measured
// model the template does not name (every model, with the `generic` preset) gets a spec built
// from the measurements alone, each family chosen by goodness of fit (measured-model.ts), its
// creation times sharing profiles where their rhythms agree (profile-pools.ts). What the metrics
// do not measure keeps the template's values, and the report says so.
import type { FanOutMetrics, FieldMetrics, Metrics } from "../privacy/index.js";
import type { FanOutSpec, FieldSpec, NumberOrVar, Spec } from "../spec/index.js";
import { type Bin, visibleCount } from "./bins.js";
import type { Fit } from "./fit.js";
import { logNormalFit } from "./log-normal.js";
import { measuredModel } from "./measured-model.js";
import { binnedPowerLaw } from "./power-law.js";
import { type ProfileSource, poolProfiles } from "./profile-pools.js";
import { fitTimeProfile } from "./time-profile-fit.js";

export type { Fit };

export interface Calibration {
  spec: Spec;
  fits: Fit[];
  /** What kept the template's value, and why. */
  kept: string[];
  /** The band `sampled`: the measured sizes. */
  sampledBand: Record<string, number>;
}

/** The band calibration adds: the sampled database's own sizes. */
export const SAMPLED_BAND = "sampled";

/**
 * Fits `template`'s distributions to `metrics`.
 *
 * @example
 * const { spec, fits } = calibrateSpec(metrics, chatPreset)
 * // spec.models.Message.fanOut.powerLaw.alpha ≈ the production alpha
 */
export function calibrateSpec(metrics: Metrics, template: Spec): Calibration {
  const spec: Spec = structuredClone(template);
  const fits: Fit[] = [];
  const kept: string[] = [];
  const band: Record<string, number> = {};
  const setVar = (v: NumberOrVar | undefined, value: number): NumberOrVar => {
    if (typeof v === "string") {
      band[v.slice(1)] = value;
      return v;
    }
    return value;
  };
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

  // Time profiles: each fitted from the profiled field with the most rows in the window.
  const burstSource = new Map<string, { from: string; coefficient: number; parents: number }>();
  const profileSource = new Map<
    string,
    { model: string; field: string; m: Extract<FieldMetrics, { kind: "timestamp" }> }
  >();
  let firstDay: string | undefined;
  let lastDay: string | undefined;

  for (const [modelName, modelSpec] of Object.entries(spec.models)) {
    const mm = metrics.models[modelName];
    const at = `$.models.${modelName}`;
    if (!mm) {
      kept.push(`${at}: the metrics have no model ${modelName}; kept the template's values`);
      continue;
    }
    if (modelSpec.count !== undefined) modelSpec.count = setVar(modelSpec.count, mm.rows);
    if (modelSpec.total !== undefined) modelSpec.total = setVar(modelSpec.total, mm.rows);
    if (modelSpec.parent && modelSpec.fanOut) {
      const fo = mm.fanOuts[modelSpec.parent];
      if (!fo) kept.push(`${at}.fanOut: no fan-out measured for relation ${modelSpec.parent}`);
      else
        modelSpec.fanOut = fitFanOut(
          modelSpec.fanOut,
          fo,
          `${at}.fanOut`,
          fits,
          kept,
          setVar,
          metrics.privacy.k,
        );
    }
    for (const [fieldName, field] of Object.entries(modelSpec.fields ?? {})) {
      const fm = mm.fields[fieldName];
      const fat = `${at}.fields.${fieldName}`;
      if (!fm) {
        if (!("among" in field || "copy" in field || "latestOf" in field))
          kept.push(
            `${fat}: not measured (a relation, a string field not opted in with --categories, or absent); kept`,
          );
        continue;
      }
      if (field.nullRate !== undefined || (fm.nulls ?? 0) > 0) {
        if (fm.nulls === null) kept.push(`${fat}.nullRate: null count suppressed (< k); kept`);
        else if (fm.rows > 0) field.nullRate = round(fm.nulls / fm.rows);
      }
      fitField(field, fm, fat, fits, kept, round);
      if (fm.kind === "timestamp") {
        if (fm.firstDay && (!firstDay || fm.firstDay < firstDay)) firstDay = fm.firstDay;
        if (fm.lastDay && (!lastDay || fm.lastDay > lastDay)) lastDay = fm.lastDay;
        if ("timestamp" in field && field.timestamp.profile) {
          const current = profileSource.get(field.timestamp.profile);
          if (!current || fm.windowRows > current.m.windowRows)
            profileSource.set(field.timestamp.profile, { model: modelName, field: fieldName, m: fm });
          // A parent's sorted series carries the profile's burst coefficient.
          const burst = fm.interArrival?.burst;
          if (field.timestamp.sorted && burst)
            burstSource.set(field.timestamp.profile, { from: `${modelName}.${fieldName}`, ...burst });
        }
      }
    }
  }

  // Models the template does not name: specs from the measurements alone.
  const sources: ProfileSource[] = [];
  const roots: { variable: string; rows: number }[] = [];
  for (const [modelName, mm] of Object.entries(metrics.models)) {
    if (modelName in template.models) continue;
    const measured = measuredModel(modelName, mm, metrics.privacy.k, fits, kept);
    if (!measured.spec) continue;
    spec.models[modelName] = measured.spec;
    if (measured.count) roots.push(measured.count);
    for (const t of measured.timestamps)
      sources.push({ model: modelName, field: t.field, metrics: t.metrics });
  }
  spec.profiles ??= {};
  for (const pool of poolProfiles(sources)) {
    const fit = fitTimeProfile(pool.hours, pool.weekdays, metrics.window, pool.days);
    const leader = pool.members[0]!.metrics;
    const burst = leader.interArrival?.burst;
    spec.profiles[pool.name] = {
      hours: fit.hours,
      weekdayBoost: fit.weekdayBoost,
      ...(burst ? { burst: round(Math.max(1, burst.coefficient)) } : {}),
    };
    for (const member of pool.members) {
      const fields = (spec.models[member.model]!.fields ??= {});
      const nullRate = fields[member.field]?.nullRate;
      // No afterReferences (yet): with references picked regardless of time, ordering pushes deep
      // children toward the window's end, away from the measured profile (issue 12).
      fields[member.field] = {
        timestamp: { profile: pool.name },
        ...(nullRate !== undefined ? { nullRate } : {}),
      };
      const m = member.metrics;
      if (m.firstDay && (!firstDay || m.firstDay < firstDay)) firstDay = m.firstDay;
      if (m.lastDay && (!lastDay || m.lastDay > lastDay)) lastDay = m.lastDay;
    }
    fits.push({
      path: `$.profiles.${pool.name}`,
      distribution: "diurnal profile + weekday boost (creation times whose hours agree, pooled)",
      params: {
        weekdayBoost: fit.weekdayBoost,
        from: pool.members.map((x) => `${x.model}.${x.field}`).join(", "),
        ...(burst ? { burst: round(Math.max(1, burst.coefficient)) } : {}),
      },
      n: fit.n,
      statistic: { name: "l1", value: round(fit.hourL1) },
      note: `hour-of-day L1 of the fitted profile vs the pooled shares; weekday L1 ${round(fit.weekdayL1)}`,
    });
  }
  if (Object.keys(spec.profiles).length === 0) delete spec.profiles;

  for (const [name, source] of profileSource) {
    const profile = spec.profiles?.[name];
    if (!profile) continue;
    const fit = fitTimeProfile(source.m.hours, source.m.weekdays, metrics.window, source.m.days);
    profile.hours = fit.hours;
    profile.weekdayBoost = fit.weekdayBoost;
    const burst = burstSource.get(name);
    if (burst) {
      profile.burst = round(Math.max(1, burst.coefficient));
      fits.push({
        path: `$.profiles.${name}.burst`,
        distribution: "inter-arrival coefficient of variation (profile time, peak hours)",
        params: { burst: profile.burst, from: burst.from },
        n: burst.parents,
        note: "gaps of parents with ≥ 1,000 rows in the window, each divided by its mean",
      });
    } else if (profile.burst !== undefined)
      kept.push(
        `$.profiles.${name}.burst: not measured (fewer than k parents with 1,000 rows, or ε noise); kept`,
      );
    fits.push({
      path: `$.profiles.${name}`,
      distribution: "diurnal profile + weekday boost",
      params: { weekdayBoost: fit.weekdayBoost, from: `${source.model}.${source.field}` },
      n: fit.n,
      statistic: { name: "l1", value: round(fit.hourL1) },
      note: `hour-of-day L1 of the fitted profile vs the observed shares; weekday L1 ${round(fit.weekdayL1)}`,
    });
  }
  if (firstDay && lastDay) {
    const end = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000);
    spec.window = { start: `${firstDay}T00:00:00Z`, end: end.toISOString().replace(".000Z", "Z") };
  }
  // A measured root's count: its measured rows in band `sampled`; in a template band with `rows`
  // (the generic preset's), the roots keep their measured proportions, the largest getting `rows`.
  const largest = Math.max(1, ...roots.map((r) => r.rows));
  for (const [name, vars] of Object.entries(spec.bands)) {
    const scaled = { ...vars };
    for (const r of roots)
      scaled[r.variable] =
        vars.rows === undefined ? r.rows : Math.max(1, Math.round((vars.rows * r.rows) / largest));
    spec.bands[name] = scaled;
  }
  for (const r of roots) band[r.variable] = r.rows;
  spec.bands = { ...spec.bands, [SAMPLED_BAND]: { ...fillBand(template, band), ...band } };
  spec.description = `Calibrated by seedband calibrate from metrics sampled ${metrics.window.start.slice(0, 10)} to ${metrics.window.end.slice(0, 10)} (k = ${metrics.privacy.k}${metrics.privacy.epsilon === null ? "" : `, epsilon = ${metrics.privacy.epsilon}`}); template: ${template.description ?? "unnamed"}`;
  return { spec, fits, kept, sampledBand: spec.bands[SAMPLED_BAND]! };
}

/** Variables of the template's bands that calibration did not measure: the largest band's value. */
function fillBand(template: Spec, measured: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const vars of Object.values(template.bands))
    for (const [k, v] of Object.entries(vars)) if (!(k in measured)) out[k] = Math.max(out[k] ?? v, v);
  return out;
}

type SetVar = (v: NumberOrVar | undefined, value: number) => NumberOrVar;

function fitFanOut(
  spec: FanOutSpec,
  fo: FanOutMetrics,
  at: string,
  fits: Fit[],
  kept: string[],
  setVar: SetVar,
  k: number,
): FanOutSpec {
  if ("byParentField" in spec) {
    const cases = fo.byParentField?.[spec.byParentField];
    if (!cases) {
      kept.push(`${at}: no fan-out by ${spec.byParentField} measured; kept`);
      return spec;
    }
    for (const [value, dist] of Object.entries(spec.cases)) {
      const c = cases[value];
      if (!c || c.parents === null) {
        kept.push(`${at}.cases.${value}: no or suppressed measurement; kept`);
        continue;
      }
      spec.cases[value] = fitDistribution(
        dist,
        c.bins,
        undefined,
        `${at}.cases.${value}`,
        fits,
        kept,
        setVar,
        c.parents,
      ) as typeof dist;
    }
    return spec;
  }
  if ("powerLaw" in spec) {
    const split = splitHeavy(fo, k, spec.heavy !== undefined);
    const fit = binnedPowerLaw(split.body, [1, 2, 3, 4, 5]);
    spec.powerLaw.alpha = Math.round(fit.alpha * 1000) / 1000;
    spec.powerLaw.min = fit.xMin;
    spec.powerLaw.max = setVar(spec.powerLaw.max, split.bodyMax);
    fits.push({
      path: `${at}.powerLaw`,
      distribution: "discrete power law (binned MLE, conditional on visible bins)",
      params: { alpha: spec.powerLaw.alpha, xMin: fit.xMin, max: split.bodyMax },
      n: fit.n,
      statistic: { name: "ks", value: round4(fit.ks), critical: round4(fit.ksCritical) },
    });
    if (spec.heavy) {
      if (split.heavyParents === 0) {
        spec.heavy.share = 0;
        kept.push(`${at}.heavy: no heavy parents found (no gap in the fan-out histogram); share set to 0`);
      } else {
        spec.heavy.share = round4(split.heavyParents / Math.max(1, fo.parents));
        spec.heavy.min = setVar(spec.heavy.min, split.heavyMin);
        spec.heavy.max = setVar(spec.heavy.max, split.heavyMax);
        fits.push({
          path: `${at}.heavy`,
          distribution: "heavy-parent mixture (share of parents above the histogram's widest gap)",
          params: { share: spec.heavy.share, min: split.heavyMin, max: split.heavyMax },
          n: split.heavyParents,
          ...(split.estimated
            ? { note: `${split.estimated} heavy parents in suppressed bins estimated as (k−1)/2 each` }
            : {}),
        });
      }
    }
    return spec;
  }
  const { heavy, ...dist } = spec as FanOutSpec & { heavy?: unknown };
  const fitted = fitDistribution(
    dist as DistributionSpec,
    fo.bins,
    fo.logMoments,
    at,
    fits,
    kept,
    setVar,
    fo.parents,
  );
  return (heavy ? { ...fitted, heavy } : fitted) as FanOutSpec;
}

type DistributionSpec = Exclude<FanOutSpec, { byParentField: string }>;

function fitDistribution(
  dist: DistributionSpec,
  bins: Bin[],
  moments: { mean: number; sd: number; n: number } | undefined,
  at: string,
  fits: Fit[],
  kept: string[],
  setVar: SetVar,
  /** Entities measured in all (visible or not), when known. */
  entities?: number,
): DistributionSpec {
  const visible = bins.filter((b): b is [number, number, number] => b[2] !== null);
  const n = visibleCount(bins);
  if (n === 0) {
    kept.push(`${at}: every bin suppressed; kept`);
    return dist;
  }
  // Most entities in suppressed bins (a small group at this k): the shape is not identifiable.
  if (entities !== undefined && !moments && n < entities / 2) {
    kept.push(
      `${at}: only ${n} of ${entities} entities in bins of k or more; kept the template's parameters (sample more data or lower --k)`,
    );
    return dist;
  }
  if ("fixed" in dist) {
    const mode = visible.reduce((a, b) => (b[2] > a[2] ? b : a));
    fits.push({
      path: `${at}.fixed`,
      distribution: "fixed (the mode)",
      params: { value: mode[0] },
      n,
      statistic: { name: "l1", value: round4(2 * (1 - mode[2] / n)) },
    });
    return { ...dist, fixed: mode[0] };
  }
  if ("uniform" in dist) {
    const min = Math.min(...visible.map((b) => b[0]));
    const max = Math.max(...visible.map((b) => b[1]));
    let ks = 0;
    let acc = 0;
    for (const [, hi, c] of visible.sort((a, b) => a[0] - b[0])) {
      acc += c / n;
      ks = Math.max(ks, Math.abs(acc - (hi - min + 1) / (max - min + 1)));
    }
    fits.push({
      path: `${at}.uniform`,
      distribution: "discrete uniform (visible range)",
      params: { min, max },
      n,
      statistic: { name: "ks", value: round4(ks) },
    });
    return { uniform: { min: setVar(dist.uniform.min, min), max: setVar(dist.uniform.max, max) } };
  }
  if ("logNormal" in dist) {
    const num = (v: NumberOrVar | undefined) => (typeof v === "number" ? v : undefined);
    const clamp = { min: num(dist.logNormal.min), max: num(dist.logNormal.max) };
    // Exact moments hold only when the clamp removed (almost) nothing: else fit the bins.
    const clamped = visible
      .filter((b) => b[0] === clamp.min || b[1] === clamp.max)
      .reduce((s, b) => s + b[2], 0);
    const fit = logNormalFit(bins, clamped / n < 0.01 ? moments : undefined, clamp);
    fits.push({
      path: `${at}.logNormal`,
      distribution: "log-normal (MLE: moments of ln x, or binned with clamping)",
      params: { mu: round4(fit.mu), sigma: round4(fit.sigma) },
      n: fit.n,
      statistic: { name: "ks", value: round4(fit.ks) },
    });
    return { logNormal: { ...dist.logNormal, mu: round4(fit.mu), sigma: round4(fit.sigma) } };
  }
  if ("bernoulli" in dist) {
    const zero = visible.find((b) => b[0] === 0)?.[2] ?? 0;
    const p = round4(1 - zero / n);
    fits.push({
      path: `${at}.bernoulli`,
      distribution: "bernoulli (share with at least one)",
      params: { p },
      n,
    });
    return { bernoulli: p };
  }
  if ("exponential" in dist) {
    const mean = visible.reduce((s, b) => s + (b[2] * (b[0] + b[1])) / 2, 0) / n;
    fits.push({
      path: `${at}.exponential`,
      distribution: "exponential (MLE: the mean)",
      params: { mean: round4(mean) },
      n,
    });
    return { exponential: { ...dist.exponential, mean: round4(mean) } };
  }
  kept.push(`${at}: no fit for this distribution; kept`);
  return dist;
}

function fitField(
  field: FieldSpec,
  fm: FieldMetrics,
  at: string,
  fits: Fit[],
  kept: string[],
  round: (x: number, d?: number) => number,
): void {
  const noop: SetVar = (v, value) => v ?? value;
  if ("text" in field && fm.kind === "text") {
    field.text.length = fitDistribution(
      field.text.length as DistributionSpec,
      fm.lengthBins,
      fm.logLength,
      `${at}.text.length`,
      fits,
      kept,
      noop,
    ) as typeof field.text.length;
  } else if ("number" in field && fm.kind === "number") {
    field.number = fitDistribution(
      field.number as DistributionSpec,
      fm.bins,
      fm.logValue,
      `${at}.number`,
      fits,
      kept,
      noop,
    ) as typeof field.number;
  } else if ("categorical" in field && fm.kind === "category") {
    const entries = Object.entries(fm.values).filter((e): e is [string, number] => e[1] !== null);
    const total = entries.reduce((s, [, n]) => s + n, 0);
    if (total === 0) {
      kept.push(`${at}.categorical: every value suppressed; kept`);
      return;
    }
    const weights = Object.fromEntries(entries.map(([v, n]) => [v, round(n / total)]));
    const suppressed = Object.values(fm.values).filter((n) => n === null).length;
    field.categorical = weights;
    fits.push({
      path: `${at}.categorical`,
      distribution: "categorical (MLE: observed shares)",
      params: weights,
      n: total,
      ...(suppressed ? { note: `${suppressed} value(s) suppressed (< k) and left out` } : {}),
    });
  } else if ("bernoulli" in field && fm.kind === "boolean") {
    if (fm.true === null || fm.false === null) {
      kept.push(`${at}.bernoulli: a count is suppressed (< k); kept`);
      return;
    }
    field.bernoulli = round(fm.true / Math.max(1, fm.true + fm.false));
    fits.push({
      path: `${at}.bernoulli`,
      distribution: "bernoulli (share true)",
      params: { p: field.bernoulli },
      n: fm.true + fm.false,
    });
  } else if ("words" in field) {
    kept.push(`${at}.words: word counts are not measured (only lengths are); kept`);
  } else if ("phone" in field) {
    // Fictional numbers by design: nothing to fit but the null rate.
  } else if (
    !("timestamp" in field || "latestOf" in field || "copy" in field || "auto" in field || "value" in field)
  ) {
    kept.push(`${at}: measured as ${fm.kind}, which does not fit this generator; kept`);
  }
}

interface HeavySplit {
  body: Bin[];
  bodyMax: number;
  heavyParents: number;
  heavyMin: number;
  heavyMax: number;
  estimated: number;
}

/**
 * Splits a fan-out histogram at its widest gap (the largest ratio between a bin's start and the
 * previous non-empty bin's end, at least 1.5): parents above are heavy. Heavy parents in
 * suppressed bins are counted from the top list when it reaches below the bin, else estimated.
 */
function splitHeavy(fo: FanOutMetrics, k: number, wanted: boolean): HeavySplit {
  const bins = [...fo.bins].sort((a, b) => a[0] - b[0]);
  const top = fo.top.map((t) => t.children).sort((a, b) => a - b);
  const topFloor = top.length > 0 ? top[0]! : Number.POSITIVE_INFINITY;
  let cut = -1;
  let best = 1.5;
  if (wanted) {
    for (let i = 1; i < bins.length; i++) {
      const ratio = bins[i]![0] / Math.max(1, bins[i - 1]![1]);
      if (bins[i - 1]![1] >= 16 && ratio >= best) {
        best = ratio;
        cut = i;
      }
    }
  }
  if (cut < 0) {
    const last = bins.at(-1);
    return {
      body: bins,
      bodyMax: last ? last[1] : 1,
      heavyParents: 0,
      heavyMin: 0,
      heavyMax: 0,
      estimated: 0,
    };
  }
  let heavyParents = 0;
  let estimated = 0;
  for (const [lo, hi, c] of bins.slice(cut)) {
    if (c !== null) heavyParents += c;
    else if (topFloor < lo) heavyParents += top.filter((x) => x >= lo && x <= hi).length;
    else {
      heavyParents += (k - 1) / 2;
      estimated++;
    }
  }
  const threshold = bins[cut]![0];
  const heavyTop = top.filter((x) => x >= threshold);
  const heavyMin = topFloor < threshold && heavyTop.length > 0 ? heavyTop[0]! : threshold;
  const heavyMax = heavyTop.length > 0 ? heavyTop.at(-1)! : bins.at(-1)![1];
  return {
    body: bins.slice(0, cut),
    bodyMax: bins[cut - 1]![1],
    heavyParents: Math.round(heavyParents),
    heavyMin,
    heavyMax,
    estimated: Math.round(estimated * ((k - 1) / 2)),
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
