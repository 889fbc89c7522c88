// `seedband verify --distributions`: measures the loaded data and compares it with the spec that
// should have produced it. Power-law fan-outs: discrete MLE of alpha on the body (the heavy
// parents excluded and counted separately); log-normal text lengths: mean and deviation of the
// log; timestamps with a profile: hour-of-day and weekday histograms against the profile (L1).
// Every check states its tolerance; one that fails makes verify exit 1.
import { discreteAlphaMle } from "../calibrate/index.js";
import { quoteIdent, type Session } from "../db/index.js";
import { TimeProfile } from "../random/time-profile.js";
import type { ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";

export interface DistributionCheck {
  check: string; // e.g. "Message.conversation fan-out alpha"
  expected: number;
  measured: number;
  tolerance: number; // |measured − expected| ≤ tolerance passes
  pass: boolean;
  detail?: string;
}

const TOLERANCE = { alpha: 0.1, mu: 0.05, sigma: 0.05, l1: 0.05, heavyShare: 0.005 } as const;

export async function checkDistributions(
  session: Session,
  graph: ModelGraph,
  spec: Spec,
  vars: Record<string, number>,
): Promise<DistributionCheck[]> {
  const num = (v: number | string) => (typeof v === "number" ? v : (vars[v.slice(1)] ?? Number.NaN));
  const out: DistributionCheck[] = [];
  const check = (name: string, expected: number, measured: number, tolerance: number, detail?: string) =>
    out.push({
      check: name,
      expected: round(expected),
      measured: round(measured),
      tolerance,
      pass: Math.abs(measured - expected) <= tolerance,
      ...(detail ? { detail } : {}),
    });

  for (const [modelName, modelSpec] of Object.entries(spec.models)) {
    const model = graph.models.find((m) => m.modelName === modelName);
    if (!model) continue;
    const table = `${quoteIdent(model.schemaName)}.${quoteIdent(model.tableName)}`;
    const fanOut = modelSpec.fanOut;
    if (modelSpec.parent && fanOut && "powerLaw" in fanOut) {
      const fk = model.foreignKeys.find((f) => f.relationField === modelSpec.parent)!;
      const parent = graph.models.find((m) => m.modelName === fk.targetModel)!;
      const join = fk.columns
        .map((c, i) => `c.${quoteIdent(c)} = p.${quoteIdent(fk.targetColumns[i]!)}`)
        .join(" AND ");
      const { rows } = await session.query<{ n: string }>(
        `SELECT count(c.*) AS n FROM ${quoteIdent(parent.schemaName)}.${quoteIdent(parent.tableName)} p
           LEFT JOIN ${table} c ON ${join} GROUP BY p.* ORDER BY n DESC`,
      );
      const counts = rows.map((r) => Number(r.n));
      const heavy = "heavy" in fanOut && fanOut.heavy ? fanOut.heavy : undefined;
      const heavyCount = heavy ? Math.round(num(heavy.share) * counts.length) : 0;
      const min = num(fanOut.powerLaw.min);
      const max = num(fanOut.powerLaw.max);
      const body = counts.slice(heavyCount).filter((n) => n >= min);
      const name = `${modelName}.${modelSpec.parent} fan-out`;
      const sorted = [...body].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
      check(
        `${name}: power-law alpha (body, MLE)`,
        fanOut.powerLaw.alpha,
        discreteAlphaMle(body, min, Math.max(max, sorted.at(-1) ?? max)),
        TOLERANCE.alpha,
        `p50 ${q(0.5)}, p95 ${q(0.95)}, max ${counts[0] ?? 0}`,
      );
      if (heavy) {
        // Heavy parents: at least 3/4 of the heavy minimum (scaling to the band's total may lower
        // them a little); a spec keeps its body's max below that, as the chat preset does.
        const threshold = Math.floor(num(heavy.min) * 0.75);
        const measured = counts.filter((n) => n >= threshold).length / Math.max(1, counts.length);
        check(
          `${name}: heavy-parent share (≥ ${threshold} children)`,
          num(heavy.share),
          measured,
          TOLERANCE.heavyShare,
        );
      }
    }
    for (const [fieldName, field] of Object.entries(modelSpec.fields ?? {})) {
      const column = model.columns.find((c) => c.fieldName === fieldName);
      if (!column) continue;
      const col = quoteIdent(column.columnName);
      if ("text" in field && "logNormal" in field.text.length) {
        const { mu, sigma } = field.text.length.logNormal;
        const { rows } = await session.query<{ mu: string; sigma: string }>(
          `SELECT avg(ln(length(${col}))) AS mu, stddev_pop(ln(length(${col}))) AS sigma FROM ${table} WHERE length(${col}) > 0`,
        );
        check(`${modelName}.${fieldName} length: log-normal mu`, mu, Number(rows[0]?.mu), TOLERANCE.mu);
        check(
          `${modelName}.${fieldName} length: log-normal sigma`,
          sigma,
          Number(rows[0]?.sigma),
          TOLERANCE.sigma,
        );
      }
      if ("timestamp" in field && field.timestamp.profile) {
        const profileSpec = spec.profiles?.[field.timestamp.profile];
        if (!profileSpec) continue;
        const profile = new TimeProfile(
          Date.parse(spec.window.start),
          Date.parse(spec.window.end),
          profileSpec,
        );
        const expected = profile.histograms();
        const { rows } = await session.query<{ h: number; d: number; n: string }>(
          `SELECT extract(hour FROM ${col} AT TIME ZONE 'UTC')::int AS h, extract(dow FROM ${col} AT TIME ZONE 'UTC')::int AS d, count(*) AS n
             FROM ${table} WHERE ${col} IS NOT NULL GROUP BY 1, 2`,
        );
        const hours = new Array(24).fill(0);
        const days = new Array(7).fill(0);
        let total = 0;
        for (const r of rows) {
          hours[r.h] += Number(r.n);
          days[r.d] += Number(r.n);
          total += Number(r.n);
        }
        const l1 = (a: number[], b: number[]) =>
          a.reduce((s, x, i) => s + Math.abs(x / total - (b[i] ?? 0)), 0);
        // A small table's histogram is noisy: the tolerance is 0.05 or three times the L1 that
        // sampling alone gives (Σ √(2p(1−p)/πn)), whichever is larger; the dev band's messages
        // (millions of rows) are held to 0.05.
        const noise = (p: number[]) =>
          3 * p.reduce((s, x) => s + Math.sqrt((2 * x * (1 - x)) / (Math.PI * total)), 0);
        const hourTolerance = round(Math.max(TOLERANCE.l1, noise(expected.hours)));
        check(
          `${modelName}.${fieldName}: hour-of-day histogram L1 vs profile`,
          0,
          l1(hours, expected.hours),
          hourTolerance,
        );
        // `after` draws from the rest of the window: hours keep the profile, weekdays skew toward
        // the window's end, so only unconstrained timestamps are held to the weekday profile.
        if (!field.timestamp.after) {
          const dayTolerance = round(Math.max(TOLERANCE.l1, noise(expected.weekdays)));
          check(
            `${modelName}.${fieldName}: weekday histogram L1 vs profile`,
            0,
            l1(days, expected.weekdays),
            dayTolerance,
          );
        }
      }
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
