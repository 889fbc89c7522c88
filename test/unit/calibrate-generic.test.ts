// Calibration of models the template does not name: the family fits (each family recovered from
// its own draws, through k-suppression, and chosen over the others), the spec measuredModel makes
// from metrics (generation parent, what is written and what is left to the generator), profile
// pooling, and verify's family checks on generated histograms.
import { describe, expect, it } from "vitest";
import {
  type Bin,
  bestFit,
  calibrateSpec,
  consistent,
  FAMILIES,
  fitDiscrete,
  poolProfiles,
} from "../../src/calibrate/index.js";
import { Disclosure, type FieldMetrics, type Metrics, type ModelMetrics } from "../../src/privacy/index.js";
import { type Distribution, integerSampler } from "../../src/random/distribution.js";
import { streamFor } from "../../src/random/stream.js";
import { TimeProfile } from "../../src/random/time-profile.js";
import { parseSpec, type Spec } from "../../src/spec/index.js";
import { familyChecks } from "../../src/verify/family-check.js";

function draws(dist: Distribution, n: number, key: string): number[] {
  const rng = streamFor(7, key);
  const draw = integerSampler(dist);
  return Array.from({ length: n }, () => draw(rng));
}

function histogram(xs: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

const binsOf = (xs: readonly number[], k = 10): Bin[] => new Disclosure(k, null).bins(histogram(xs));

describe("family fits (the generator's rounding and clamps, k-suppressed bins)", () => {
  const cases: [string, Distribution, number, Record<string, number>][] = [
    ["powerLaw", { powerLaw: { alpha: 2.1, min: 1, max: 500 } }, 6000, { alpha: 2.1 }],
    ["logNormal", { logNormal: { mu: 1.1, sigma: 0.7, min: 1, max: 200 } }, 6000, { mu: 1.1, sigma: 0.7 }],
    ["logNormal", { logNormal: { mu: 0.2, sigma: 1.0, max: 300 } }, 20_000, { mu: 0.2, sigma: 1.0 }],
    ["logNormal", { logNormal: { mu: 4.5, sigma: 1.2, min: 1, max: 4000 } }, 20_000, { mu: 4.5, sigma: 1.2 }],
    ["exponential", { exponential: { mean: 2.5, max: 60 } }, 10_000, { mean: 2.5 }],
    ["uniform", { uniform: { min: 3, max: 12 } }, 5000, {}],
    ["bernoulli", { bernoulli: 0.3 }, 5000, { p: 0.3 }],
    ["fixed", { fixed: 2 }, 1000, {}],
  ];

  it.each(cases)(
    "%s: chosen by AIC over the other families, parameters within 4 standard errors",
    (family, dist, n, truth) => {
      const xs = draws(dist, n, `${family}-${JSON.stringify(dist)}`);
      const best = bestFit(binsOf(xs), FAMILIES, { total: n })!;
      expect(best.chosen.family).toBe(family);
      for (const a of best.alternatives) expect(a.deltaAic, a.family).toBeGreaterThanOrEqual(0);
      const fitted = Object.values(best.chosen.distribution)[0] as Record<string, number> | number;
      for (const [param, value] of Object.entries(truth)) {
        const got = typeof fitted === "number" ? fitted : fitted[param]!;
        const se = best.chosen.standardErrors[param]!;
        expect(se, param).toBeGreaterThan(0);
        expect(Math.abs(got - value), `${param}: ${got} ± ${se}`).toBeLessThan(4 * se);
      }
      expect(best.chosen.ks).toBeLessThan(best.chosen.ksCritical);
    },
  );

  it("a family that cannot produce the data is not offered: a power law with zeros, a bernoulli above 1", () => {
    const zeros = binsOf(draws({ logNormal: { mu: 0.3, sigma: 0.9 } }, 5000, "zeros"));
    expect(fitDiscrete("powerLaw", zeros)).toBeUndefined();
    expect(fitDiscrete("bernoulli", zeros)).toBeUndefined();
    expect(fitDiscrete("fixed", zeros)).toBeUndefined();
  });

  it("recovers alpha whether suppressed bins form one cell (total known) or are conditioned away", () => {
    const xs = draws({ powerLaw: { alpha: 1.8, min: 1, max: 5000 } }, 20_000, "suppressed");
    const bins = binsOf(xs, 50);
    expect(bins.filter((b) => b[2] === null).length).toBeGreaterThan(3);
    for (const options of [{ total: xs.length }, {}]) {
      const fit = fitDiscrete("powerLaw", bins, options)!;
      expect(
        Math.abs((fit.distribution as { powerLaw: { alpha: number } }).powerLaw.alpha - 1.8),
      ).toBeLessThan(0.05);
    }
  });

  it("tells a heavier tail apart: log-normal data is not taken for a power law, nor the reverse", () => {
    const ln = bestFit(binsOf(draws({ logNormal: { mu: 1.5, sigma: 1 } }, 8000, "ln")), FAMILIES)!;
    const pl = bestFit(binsOf(draws({ powerLaw: { alpha: 1.9, min: 1, max: 2000 } }, 8000, "pl")), FAMILIES)!;
    expect(ln.chosen.family).toBe("logNormal");
    expect(pl.chosen.family).toBe("powerLaw");
    expect(ln.alternatives.find((a) => a.family === "powerLaw")?.deltaAic ?? Infinity).toBeGreaterThan(10);
  });
});

/** Metrics of one model, as the sampler writes them, from value lists. */
function text(lengths: number[], spaced: number, extra: Partial<FieldMetrics> = {}): FieldMetrics {
  return {
    kind: "text",
    rows: lengths.length,
    nulls: 0,
    lengthBins: binsOf(lengths),
    withSpace: spaced,
    ...extra,
  } as FieldMetrics;
}

function fanOut(parentModel: string, counts: number[], facts: { required: boolean; oneToOne?: boolean }) {
  return {
    parentModel,
    required: facts.required,
    inPrimaryKey: false,
    oneToOne: facts.oneToOne ?? false,
    parents: counts.length,
    children: counts.reduce((s, x) => s + x, 0),
    bins: binsOf(counts),
    top: [],
  };
}

function timestamp(profile: TimeProfile, n: number, key: string, creation = true): FieldMetrics {
  const rng = streamFor(3, key);
  const hours = new Array<number>(24).fill(0);
  const weekdays = new Array<number>(7).fill(0);
  for (let i = 0; i < n; i++) {
    const t = new Date(profile.sample(rng));
    hours[t.getUTCHours()]!++;
    weekdays[t.getUTCDay()]!++;
  }
  return {
    kind: "timestamp",
    rows: n,
    nulls: 0,
    ...(creation ? { creation } : {}),
    firstDay: "2025-01-01",
    lastDay: "2025-06-30",
    windowRows: n,
    hours,
    weekdays,
  };
}

const WINDOW = { start: "2025-01-01T00:00:00Z", end: "2025-07-01T00:00:00Z" };
const office = new TimeProfile(Date.parse(WINDOW.start), Date.parse(WINDOW.end), {
  hours: Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 18 ? 3 : 0.5)),
  weekdayBoost: 2,
});
const night = new TimeProfile(Date.parse(WINDOW.start), Date.parse(WINDOW.end), {
  hours: Array.from({ length: 24 }, (_, h) => (h >= 20 || h < 4 ? 3 : 0.5)),
  weekdayBoost: 1,
});

function metricsOf(models: Record<string, ModelMetrics>): Metrics {
  return {
    format: "seedband-metrics",
    version: 1,
    seedbandVersion: "test",
    schemaFingerprint: "0".repeat(64),
    window: { days: 181, start: "2025-01-01T00:00:00.000Z", end: "2025-07-01T00:00:00.000Z" },
    privacy: {
      k: 10,
      epsilon: null,
      noise: "none",
      laplaceScale: null,
      tokens: "hmac-sha256-16",
      suppressedBuckets: 0,
    },
    models,
  };
}

const generic: Spec = parseSpec(
  JSON.stringify({
    version: 1,
    window: { start: "2025-01-01T00:00:00Z", end: "2025-07-01T00:00:00Z" },
    models: {},
    bands: { ci: { rows: 200 }, dev: { rows: 20_000 } },
  }),
  "generic.json",
);

describe("calibrateSpec with a template that names no model", () => {
  const teams = 4000;
  const taskCounts = draws({ powerLaw: { alpha: 2.2, min: 1, max: 800 } }, teams, "tasks");
  const tasks = taskCounts.reduce((s, x) => s + x, 0);
  const assigned = Math.round(tasks * 0.7);
  const metrics = metricsOf({
    Org: {
      table: "Org",
      rows: 500,
      fanOuts: {},
      fields: {
        name: text(draws({ uniform: { min: 5, max: 20 } }, 500, "org-name"), 80),
        slug: {
          ...text(draws({ uniform: { min: 5, max: 20 } }, 500, "org-slug"), 0),
          unique: true,
        } as FieldMetrics,
        createdAt: timestamp(office, 500, "org-created"),
      },
    },
    Team: {
      table: "Team",
      rows: teams,
      fanOuts: {
        org: fanOut("Org", draws({ uniform: { min: 4, max: 12 } }, 500, "teams"), { required: true }),
      },
      fields: {
        tier: { kind: "category", rows: teams, nulls: 0, values: { gold: 600, silver: 3395, bronze: null } },
        active: { kind: "boolean", rows: teams, nulls: 0, true: 3000, false: 1000 },
        createdAt: timestamp(office, teams, "team-created"),
      },
    },
    Task: {
      table: "Task",
      rows: tasks,
      fanOuts: {
        owner: fanOut("Member", [assigned], { required: false }),
        team: fanOut("Team", taskCounts, { required: true }),
      },
      fields: {
        body: text(draws({ logNormal: { mu: 4, sigma: 0.8, min: 1, max: 3000 } }, tasks, "body"), tasks, {
          nulls: 0,
        }),
        points: {
          kind: "number",
          rows: tasks,
          nulls: 0,
          bins: binsOf(draws({ uniform: { min: 1, max: 3 } }, tasks, "points")),
          fractional: 0,
        },
        price: {
          kind: "number",
          rows: tasks,
          nulls: 0,
          bins: binsOf(draws({ logNormal: { mu: 3, sigma: 1 } }, tasks, "price")),
          fractional: 120,
        },
        dueAt: {
          ...timestamp(office, tasks, "due", false),
          nulls: Math.round(tasks * 0.6),
          optional: true,
        } as FieldMetrics,
        createdAt: timestamp(night, tasks, "task-created"),
      },
    },
  });
  const { spec, fits, kept } = calibrateSpec(metrics, generic);

  it("writes a spec for every measured model, which parses unchanged", () => {
    expect(parseSpec(JSON.stringify(spec), "calibrated.json")).toEqual(spec);
    expect(Object.keys(spec.models)).toEqual(["Org", "Team", "Task"]);
  });

  it("roots get a count variable in every band (the largest root gets the band's rows), children their parent and best family", () => {
    expect(spec.models.Org).toMatchObject({ count: "$Org" });
    expect(spec.bands.sampled).toMatchObject({ Org: 500 });
    expect(spec.bands.ci).toMatchObject({ Org: 200, rows: 200 });
    expect(spec.models.Team).toMatchObject({ parent: "org", fanOut: { uniform: { min: 4, max: 12 } } });
    // The required relation is the generation parent, not the optional one listed first.
    expect(spec.models.Task!.parent).toBe("team");
    const alpha = (spec.models.Task!.fanOut as { powerLaw: { alpha: number } }).powerLaw.alpha;
    expect(Math.abs(alpha - 2.2)).toBeLessThan(0.1);
    expect(spec.models.Task!.fields!.owner).toEqual({ auto: {}, nullRate: expect.closeTo(0.3, 3) });
  });

  it("writes mixes, shares and the best numeric family; leaves keys, names and fractional numbers to the factory", () => {
    const team = spec.models.Team!.fields!;
    // bronze was suppressed (< k): kept, weighted as (k − 1)/2 rows.
    expect(team.tier).toEqual({ categorical: { gold: 0.15, silver: 0.8489, bronze: 0.0011 } });
    expect(team.active).toEqual({ bernoulli: 0.75 });
    const task = spec.models.Task!.fields!;
    expect(task.points).toEqual({ number: { uniform: { min: 1, max: 3 } } });
    expect(task.price).toBeUndefined();
    expect(kept.some((k) => k.includes("Task.fields.price") && k.includes("fractional"))).toBe(true);
    expect(spec.models.Org!.fields?.slug).toBeUndefined();
    expect(spec.models.Org!.fields?.name).toBeUndefined();
    const length = (task.body as { text: { length: { logNormal: { mu: number; sigma: number } } } }).text
      .length;
    expect(Math.abs(length.logNormal.mu - 4)).toBeLessThan(0.03);
    // A later moment: its null rate is measured, its value and order are the factory's.
    expect(task.dueAt).toEqual({ auto: {}, nullRate: 0.6 });
    expect(
      fits.find((f) => f.path === "$.models.Task.fanOut.powerLaw")?.alternatives?.length,
    ).toBeGreaterThan(1);
  });

  it("pools creation times whose hours agree into one profile, and gives a different rhythm its own", () => {
    expect(Object.keys(spec.profiles!).sort()).toEqual(["Task.createdAt", "Team.createdAt"]);
    expect(spec.models.Org!.fields!.createdAt).toEqual({
      timestamp: { profile: "Team.createdAt" },
    });
    expect(spec.models.Task!.fields!.createdAt).toEqual({
      timestamp: { profile: "Task.createdAt" },
    });
    const office9 = spec.profiles!["Team.createdAt"]!.hours[9]!;
    expect(office9).toBeGreaterThan(spec.profiles!["Task.createdAt"]!.hours[9]! * 3);
  });

  it("metrics written before the schema facts: a never-null created… timestamp is the creation time, a relation with a key on every row the parent", () => {
    const legacy = structuredClone(metrics);
    for (const mm of Object.values(legacy.models)) {
      for (const f of Object.values(mm.fields)) if (f.kind === "timestamp") delete f.creation;
      for (const fo of Object.values(mm.fanOuts)) delete fo.required;
    }
    const old = calibrateSpec(legacy, generic).spec;
    expect(old.models.Task!.parent).toBe("team");
    expect(old.models.Task!.fields!.createdAt).toEqual({
      timestamp: { profile: "Task.createdAt" },
    });
    expect(old.models.Task!.fields!.dueAt).toEqual({ auto: {}, nullRate: 0.6 });
  });

  it("a template's models keep the template's path: the chat preset's calibration does not change", () => {
    const named: Spec = { ...generic, models: { Org: { count: "$orgs" } }, bands: { ci: { orgs: 10 } } };
    const calibrated = calibrateSpec(metrics, named).spec;
    expect(calibrated.models.Org).toEqual({ count: "$orgs" });
    expect(calibrated.bands.sampled).toMatchObject({ orgs: 500 });
  });
});

describe("profile pooling", () => {
  const hist = (profile: TimeProfile, n: number, key: string) =>
    (timestamp(profile, n, key) as { hours: number[] }).hours;

  it("two samples of one profile are consistent; two profiles are not", () => {
    expect(consistent(hist(office, 20_000, "a"), hist(office, 5000, "b"))).toBe(true);
    expect(consistent(hist(office, 20_000, "a"), hist(night, 5000, "c"))).toBe(false);
  });

  it("joins the largest consistent pool and sums its histograms", () => {
    const source = (model: string, profile: TimeProfile, n: number) => ({
      model,
      field: "createdAt",
      metrics: timestamp(profile, n, model) as never,
    });
    const pools = poolProfiles([
      source("A", office, 3000),
      source("B", night, 9000),
      source("C", office, 12_000),
    ]);
    expect(pools.map((p) => [p.name, p.members.map((m) => m.model)])).toEqual([
      ["C.createdAt", ["C", "A"]],
      ["B.createdAt", ["B"]],
    ]);
    expect(pools[0]!.hours.reduce((s, x) => s + x, 0)).toBe(15_000);
  });
});

describe("verify's family checks", () => {
  const exact = (xs: number[]): Bin[] =>
    [...histogram(xs)].sort((a, b) => a[0] - b[0]).map(([v, n]) => [v, v, n]);
  const spec: Distribution = { logNormal: { mu: 0.6, sigma: 0.8, max: 400 } };
  const data = exact(draws(spec, 8000, "verify"));

  it("pass on data drawn from the spec, with the MLE's own tolerance", () => {
    const checks = familyChecks("Comment.task fan-out", spec, data);
    expect(checks.map((c) => c.check)).toEqual([
      "Comment.task fan-out: log-normal mu (MLE)",
      "Comment.task fan-out: log-normal sigma (MLE)",
    ]);
    expect(checks.every((c) => c.pass)).toBe(true);
  });

  it("fail on a spec the data does not follow", () => {
    const off = familyChecks("x", { logNormal: { mu: 0.8, sigma: 0.8, max: 400 } }, data);
    expect(off.map((c) => c.pass)).toEqual([false, true]);
    expect(familyChecks("x", { exponential: { mean: 3 } }, data)[0]!.pass).toBe(false);
    expect(familyChecks("x", { bernoulli: 0.5 }, exact(draws({ bernoulli: 0.3 }, 5000, "b")))[0]!.pass).toBe(
      false,
    );
    expect(familyChecks("x", { uniform: { min: 1, max: 4 } }, exact([0, 1, 2, 3, 4]))[0]!.pass).toBe(false);
  });
});
