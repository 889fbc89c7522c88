// The report's pure parts: the spec's CDFs against the generator's own draws (by KS distance), the
// data-shape checks on aggregates drawn from a known spec (and failing on a wrong one), the
// calibration, plans and privacy sections on the project's own fixtures, deterministic SVG, and
// a self-contained page. No database: the aggregates are what shape-queries.ts would return.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calibrateSpec } from "../../src/calibrate/index.js";
import { loadSpec } from "../../src/config/load-preset.js";
import { type BaselineDocument, readBaselines } from "../../src/explain/index.js";
import { loadSchemaFile } from "../../src/migrate/index.js";
import {
  approvalRecord,
  approvalState,
  fileSha256,
  type Metrics,
  scanJson,
} from "../../src/privacy/index.js";
import { type Distribution, integerSampler, realSampler } from "../../src/random/distribution.js";
import { streamFor } from "../../src/random/stream.js";
import { TimeProfile } from "../../src/random/time-profile.js";
import { calibrationSection } from "../../src/report/calibration-section.js";
import {
  buildReport,
  type Chart,
  chartOption,
  PALETTE,
  type ReportData,
  type ShapeResults,
  shapeQueries,
  shapeSection,
} from "../../src/report/index.js";
import { type Cdf, integerCdf } from "../../src/report/integer-cdf.js";
import { logBins } from "../../src/report/log-bins.js";
import { plansSection } from "../../src/report/plans-section.js";
import { privacySection } from "../../src/report/privacy-section.js";
import { renderHtml } from "../../src/report/render-html.js";
import { renderSvg } from "../../src/report/render-svg.js";
import { splitResults } from "../../src/report/shape-queries.js";
import type { ModelGraph } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const fixtureMetrics = (): Metrics =>
  JSON.parse(readFileSync(join(ROOT, "test/fixtures/pii/negatives/sampler-output-ci.json"), "utf8"));

let graph: ModelGraph;
let chat: Spec;
let tmp: string;
beforeAll(async () => {
  graph = await loadSchemaFile(join(ROOT, "prisma/schema.prisma"));
  chat = loadSpec("chat", [join(ROOT, "presets")]).spec;
  tmp = await mkdtemp(join(tmpdir(), "sb-report-unit-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/**
 * The Kolmogorov–Smirnov distance between an integer histogram (value → count) and a CDF: exact for
 * integer distributions, since between two values the empirical CDF is flat.
 */
function ksDistance(counts: ReadonlyArray<[value: number, count: number]>, cdf: Cdf): number {
  const sorted = [...counts].filter((c) => c[1] > 0).sort((p, q) => p[0] - q[0]);
  const n = sorted.reduce((s, c) => s + c[1], 0);
  let below = 0;
  let d = 0;
  for (const [value, count] of sorted) {
    d = Math.max(d, Math.abs(cdf(value - 1) - below / n));
    below += count;
    d = Math.max(d, Math.abs(cdf(value) - below / n));
  }
  return d;
}

/** The KS distance under which a sample of n is not rejected at 1%. */
const ksCritical = (n: number) => 1.63 / Math.sqrt(n);

function histogramOf(xs: number[]): Array<[number, number]> {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()];
}

describe("the spec's integer CDFs", () => {
  const families: Array<[string, Distribution]> = [
    ["power law", { powerLaw: { alpha: 1.8, min: 1, max: 50_000 } }],
    ["log-normal, clamped", { logNormal: { mu: 2, sigma: 1.5, min: 3, max: 200 } }],
    ["uniform", { uniform: { min: 3, max: 12 } }],
    ["exponential", { exponential: { mean: 7, max: 40 } }],
    ["bernoulli", { bernoulli: 0.087 }],
    ["fixed", { fixed: 2 }],
  ];
  it.each(families)(
    "%s: the generator's own draws are within its KS bound (1 percent level)",
    (_name, dist) => {
      const draw = integerSampler(dist);
      const rng = streamFor(18, "report-cdf", _name);
      const xs = Array.from({ length: 40_000 }, () => draw(rng));
      expect(ksDistance(histogramOf(xs), integerCdf(dist))).toBeLessThan(ksCritical(xs.length));
    },
  );

  it("tells a different distribution apart", () => {
    const draw = integerSampler({ powerLaw: { alpha: 2.2, min: 1, max: 50_000 } });
    const rng = streamFor(18, "report-cdf-other");
    const xs = Array.from({ length: 40_000 }, () => draw(rng));
    const d = ksDistance(histogramOf(xs), integerCdf({ powerLaw: { alpha: 1.8, min: 1, max: 50_000 } }));
    expect(d).toBeGreaterThan(5 * ksCritical(xs.length));
  });

  it("ksDistance is the largest gap over every integer (brute force)", () => {
    const rng = streamFor(18, "report-ks");
    for (let trial = 0; trial < 20; trial++) {
      const xs = Array.from({ length: 30 }, () => Math.floor(rng.next() * 15));
      const cdf = integerCdf({ uniform: { min: 0, max: 14 } });
      let brute = 0;
      for (let x = -2; x <= 16; x++) {
        const empirical = xs.filter((v) => v <= x).length / xs.length;
        brute = Math.max(brute, Math.abs(empirical - cdf(x)));
      }
      expect(ksDistance(histogramOf(xs), cdf)).toBeCloseTo(brute, 12);
    }
  });
});

describe("log bins", () => {
  it.each([
    [1, 4000],
    [0, 37],
    [64, 100_000_000],
  ])("cover %i..%i without gaps or overlaps, in about 36 bins", (min, max) => {
    const bins = logBins(min, max);
    expect(bins[0]![0]).toBe(Math.max(0, min));
    expect(bins.at(-1)![1]).toBe(max);
    for (let i = 1; i < bins.length; i++) expect(bins[i]![0]).toBe(bins[i - 1]![1] + 1);
    expect(bins.length).toBeLessThanOrEqual(50);
  });
});

/** Aggregates as the database would return them for data drawn from `spec`'s dev band. */
function drawnResults(
  spec: Spec,
  tweak: { alpha?: number; mu?: number; flatHours?: boolean; device?: Record<string, number> } = {},
): ShapeResults {
  const vars = spec.bands.dev!;
  const rng = streamFor(18, "report-shape");
  const conversations = 8000;
  const results: ShapeResults = {};
  const rows = (m: Map<string | null, number>, extra?: (k: string | null) => Record<string, string>) =>
    [...m.entries()].map(([k, n]) => ({ k, n: String(n), ...(extra ? extra(k) : {}) }));
  const count = (m: Map<string | null, number>, k: string | null) => m.set(k, (m.get(k) ?? 0) + 1);
  // Conversations: kind, createdAt.
  const kinds = new Map<string | null, number>([
    ["direct", 4400],
    ["group", 2800],
    ["room", 800],
  ]);
  results["category:Conversation.kind"] = rows(kinds);
  // Messages per conversation: power law body plus 2% heavy rooms.
  const body = integerSampler({ powerLaw: { alpha: tweak.alpha ?? 1.8, min: 1, max: vars.bodyMax! } });
  const heavy = integerSampler({ uniform: { min: vars.heavyMin!, max: vars.heavyMax! } });
  const fan = new Map<string | null, number>();
  for (let i = 0; i < conversations; i++) {
    const n = i < conversations * 0.02 ? heavy(rng) : body(rng);
    if (n > 0) count(fan, String(n));
  }
  results["fanOut:Message.conversation"] = rows(fan);
  // Message.content lengths, device, createdAt hours.
  const length = integerSampler({ logNormal: { mu: tweak.mu ?? 4.5, sigma: 1.2, min: 1, max: 4000 } });
  const lengths = new Map<string | null, number>();
  const devices = new Map<string | null, number>();
  const hours = new Map<string | null, number>();
  const profile = new TimeProfile(
    Date.parse(spec.window.start),
    Date.parse(spec.window.end),
    spec.profiles!.chat!,
  );
  const weights = tweak.device ?? { ios: 0.38, android: 0.34, web: 0.2, desktop: 0.08 };
  for (let i = 0; i < 100_000; i++) {
    count(lengths, String(length(rng)));
    const u = rng.next();
    let acc = 0;
    const device = Object.entries(weights).find(([, w]) => (acc += w) > u)?.[0] ?? "desktop";
    count(devices, device);
    const t = tweak.flatHours
      ? Date.parse(spec.window.start) +
        rng.next() * (Date.parse(spec.window.end) - Date.parse(spec.window.start))
      : profile.sample(rng);
    count(hours, String(Math.floor(t / 3_600_000)));
  }
  results["length:Message.content"] = rows(lengths);
  results["category:Message.device"] = rows(devices);
  results["time:Message.createdAt"] = rows(hours);
  results["table:User"] = [{ rows: "5000", phone: "3000" }];
  return results;
}

describe("the data-shape section", () => {
  const info = {
    band: "dev",
    seed: 1,
    database: "seedband_dev_x",
    fingerprint: "f".repeat(64),
    spec: "chat",
  };
  const only = (spec: Spec): Spec => ({
    ...spec,
    models: {
      User: { count: "$users", fields: { phone: { nullRate: 0.4, phone: {} } } },
      Conversation: { count: "$conversations", fields: { kind: spec.models.Conversation!.fields!.kind! } },
      Message: {
        ...spec.models.Message!,
        fields: {
          content: spec.models.Message!.fields!.content!,
          device: spec.models.Message!.fields!.device!,
          createdAt: { timestamp: { profile: "chat" } },
        },
      },
    },
  });

  it("asks the database one aggregate per fan-out, field and null-count table, categories riding in a scan", () => {
    const spec = only(chat);
    const queries = shapeQueries(graph, spec);
    expect(queries.map((q) => [q.id, q.folded ?? []]).sort()).toEqual(
      [
        ["category:Conversation.kind", []],
        ["fanOut:Message.conversation", []],
        // The device mix is counted in the scan that measures the content's lengths.
        ["length:Message.content", ["category:Message.device"]],
        ["table:User", []],
        ["time:Message.createdAt", []],
      ].sort(),
    );
    for (const q of queries) expect(q.sql).toMatch(/count\(\*\)/);
  });

  it("splits a joint count into each field's marginal, rows in a fixed order", () => {
    const query = { id: "length:M.a", table: "t", sql: "", folded: ["category:M.b"] };
    const rows = [
      { k: "10", c0: "x", n: "3" },
      { k: "2", c0: "y", n: "1" },
      { k: "10", c0: null, n: "2" },
      { k: null, c0: "x", n: "4" },
    ];
    const split = splitResults([query], { "length:M.a": rows });
    expect(split["length:M.a"]).toEqual([
      { k: "2", n: "1" },
      { k: "10", n: "5" },
      { k: null, n: "4" },
    ]);
    expect(split["category:M.b"]).toEqual([
      { k: "x", n: "7" },
      { k: "y", n: "1" },
      { k: null, n: "2" },
    ]);
  });

  it("passes data drawn from the spec, with verify's tolerances", () => {
    const spec = only(chat);
    const section = shapeSection(graph, spec, spec.bands.dev!, drawnResults(spec), info);
    const failed = section.checks.filter((c) => !c.pass);
    expect(failed, JSON.stringify(failed)).toEqual([]);
    const names = section.checks.map((c) => c.check);
    expect(names).toEqual(
      expect.arrayContaining([
        "Message.conversation fan-out: power-law alpha (body, MLE)",
        "Message.content length: log-normal mu",
        "Message.content length: log-normal sigma",
        "Message.createdAt: hour-of-day histogram L1 vs profile",
        "Message.createdAt: weekday histogram L1 vs profile",
        "Message.device: categorical shares L1 vs weights",
        "User.phone: null rate",
      ]),
    );
    expect(section.checks.find((c) => c.check === "User.phone: null rate")!.measured).toBe(0.4);
    expect(section.rows.conversations).toBe(8000);
    // Every chart draws something, and each check sits beside its chart.
    for (const chart of section.charts)
      expect(chart.series.some((s) => s.data.some(([, y]) => (y ?? 0) > 0))).toBe(true);
    expect(section.charts[0]!.id).toBe("shape-fanout-Message-conversation");
  });

  /** Members per conversation by kind, attachments per message, sizes and isActive, drawn from the chat spec. */
  function drawnFamilies(groupMax = 12): ShapeResults {
    const rng = streamFor(18, "report-families");
    const members = new Map<string, number>();
    const add = (kind: string, k: number) =>
      members.set(`${kind}|${k}`, (members.get(`${kind}|${k}`) ?? 0) + 1);
    const group = integerSampler({ uniform: { min: 3, max: groupMax } });
    const room = integerSampler({ logNormal: { mu: 3.3, sigma: 0.7, min: 10, max: 400 } });
    for (let i = 0; i < 4400; i++) add("direct", 2);
    for (let i = 0; i < 2800; i++) add("group", group(rng));
    for (let i = 0; i < 800; i++) add("room", room(rng));
    const messages = 100_000;
    let attachments = 0;
    for (let i = 0; i < messages; i++) if (rng.next() < 0.087) attachments++;
    const size = realSampler({ logNormal: { mu: 11.5, sigma: 1.6, min: 64, max: 100_000_000 } });
    const sizes = new Map<string, number>();
    for (let i = 0; i < attachments; i++) {
      const v = size(rng);
      // The sampler's coarse value: exact below 1024, three significant digits above.
      const coarse = v < 1024 ? Math.floor(v) : Number(v.toPrecision(3));
      sizes.set(String(coarse), (sizes.get(String(coarse)) ?? 0) + 1);
    }
    let active = 0;
    for (let i = 0; i < 40_000; i++) if (rng.next() < 0.92) active++;
    return {
      "fanOut:ConversationUser.conversation": [...members].map(([key, n]) => {
        const [v, k] = key.split("|");
        return { v: v!, k: k!, n: String(n) };
      }),
      "fanOut:Attachment.message": [{ k: "1", n: String(attachments) }],
      "table:Message": [{ rows: String(messages) }],
      "number:Attachment.sizeBytes": [...sizes].map(([k, n]) => ({ k, n: String(n) })),
      "category:ConversationUser.isActive": [
        { k: "true", n: String(active) },
        { k: "false", n: String(40_000 - active) },
      ],
    };
  }
  const families = (spec: Spec): Spec => ({
    ...spec,
    models: {
      Message: { count: "$messages" },
      ConversationUser: {
        ...spec.models.ConversationUser!,
        fields: { isActive: spec.models.ConversationUser!.fields!.isActive! },
      },
      Attachment: {
        ...spec.models.Attachment!,
        fields: { sizeBytes: spec.models.Attachment!.fields!.sizeBytes! },
      },
    },
  });

  it("holds every other family to verify's own checks: fan-outs per parent field, bernoulli fan-outs and fields, numbers", () => {
    const spec = families(chat);
    expect(shapeQueries(graph, spec).map((q) => q.id)).toEqual(
      expect.arrayContaining(["number:Attachment.sizeBytes", "fanOut:Attachment.message"]),
    );
    const section = shapeSection(graph, spec, spec.bands.dev!, drawnFamilies(), info);
    const failed = section.checks.filter((c) => !c.pass);
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(section.checks.map((c) => c.check)).toEqual(
      expect.arrayContaining([
        "ConversationUser.conversation fan-out (kind = direct): share of 2",
        "ConversationUser.conversation fan-out (kind = group): uniform mean",
        "ConversationUser.conversation fan-out (kind = room): log-normal mu (MLE)",
        "Attachment.message fan-out: bernoulli p (share with one)",
        "Attachment.sizeBytes number: log-normal mu (MLE)",
        "Attachment.sizeBytes number: log-normal sigma (MLE)",
        "ConversationUser.isActive: bernoulli p (share true)",
      ]),
    );
    expect(section.charts.map((c) => c.id)).toContain("shape-number-Attachment-sizeBytes");
    // Groups of 3 to 20 members where the spec says 3 to 12: the group case fails, no other.
    const wide = shapeSection(graph, spec, spec.bands.dev!, drawnFamilies(20), info);
    expect(wide.checks.filter((c) => !c.pass).map((c) => c.check)).toEqual([
      "ConversationUser.conversation fan-out (kind = group): share outside [3, 12]",
      "ConversationUser.conversation fan-out (kind = group): uniform mean",
    ]);
  });

  it("an empty database draws no chart and fails no check (nothing to measure)", () => {
    const spec = only(chat);
    const empty: ShapeResults = Object.fromEntries(shapeQueries(graph, spec).map((q) => [q.id, []]));
    empty["table:User"] = [{ rows: "0", phone: "0" }];
    const section = shapeSection(graph, spec, spec.bands.dev!, empty, info);
    expect(section.charts).toEqual([]);
    expect(section.checks).toEqual([]);
  });

  it.each([
    ["a steeper fan-out", { alpha: 2.3 }, ["Message.conversation fan-out: power-law alpha (body, MLE)"]],
    ["longer texts", { mu: 4.8 }, ["Message.content length: log-normal mu"]],
    [
      "flat time (no diurnal or weekday shape)",
      { flatHours: true },
      [
        "Message.createdAt: hour-of-day histogram L1 vs profile",
        "Message.createdAt: weekday histogram L1 vs profile",
      ],
    ],
    [
      "another device mix",
      { device: { ios: 0.6, android: 0.2, web: 0.1, desktop: 0.1 } },
      ["Message.device: categorical shares L1 vs weights"],
    ],
  ])("fails %s on the checks that measure it", (_what, tweak, checks) => {
    const spec = only(chat);
    const section = shapeSection(graph, spec, spec.bands.dev!, drawnResults(spec, tweak), info);
    expect(section.checks.filter((c) => !c.pass).map((c) => c.check)).toEqual(checks);
  });
});

describe("the calibration, plans and privacy sections", () => {
  it("calibration: the fits calibrate makes, drawn against the metrics they came from", () => {
    const metrics = fixtureMetrics();
    const section = calibrationSection(metrics, chat, { metrics: "metrics.json", template: "chat" });
    expect(section.fits).toEqual(calibrateSpec(metrics, chat).fits);
    const ids = section.charts.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "calibration-fanout-models-Message-fanOut-powerLaw",
        "calibration-bins-models-Message-fields-content-text-length-logNormal",
        "calibration-hours-profiles-chat",
      ]),
    );
    for (const chart of section.charts)
      for (const s of chart.series) expect(s.data.filter(([, y]) => y !== null).length).toBeGreaterThan(0);
    // The fitted CCDF sits near the metrics' one where both are drawn (a good fit looks like one).
    const fan = section.charts.find((c) => c.id === "calibration-fanout-models-Message-fanOut-powerLaw")!;
    const fitted = new Map(fan.series[1]!.data.map(([x, y]) => [x, y]));
    const close = fan.series[0]!.data.filter(
      ([x, y]) => fitted.has(x) && Math.abs(Math.log10(y! / fitted.get(x)!)) < 0.3,
    );
    expect(close.length).toBeGreaterThan(3);
  });

  it("calibration with the generic template: every family calibrate chooses, and pooled profiles, are drawn", () => {
    const metrics = fixtureMetrics();
    const generic = loadSpec("generic", [join(ROOT, "presets")]).spec;
    const section = calibrationSection(metrics, generic, { metrics: "metrics.json", template: "generic" });
    const drawnFits = section.fits.filter(
      (f) => !/\.(categorical|bernoulli|nullRate)$/.test(f.path) || /fanOut/.test(f.path),
    );
    expect(drawnFits.length).toBeGreaterThan(3);
    const ids = section.charts.map((c) => c.id);
    for (const fit of drawnFits)
      expect(
        ids.some((id) => id.endsWith(fit.path.slice(2).replace(/[^A-Za-z0-9]+/g, "-"))),
        fit.path,
      ).toBe(true);
    for (const chart of section.charts)
      for (const s of chart.series) expect(s.data.filter(([, y]) => y !== null).length).toBeGreaterThan(0);
  });

  it("privacy: buckets and suppressions per model add up to the sampler's own count", () => {
    const metrics = fixtureMetrics();
    const section = privacySection(
      metrics,
      [],
      { status: "none" },
      { label: "m.json", sha256: "0".repeat(64) },
    );
    expect(section.models.reduce((s, m) => s + m.suppressed, 0)).toBe(metrics.privacy.suppressedBuckets);
    expect(section.models.find((m) => m.model === "Message")!.tokens).toBe(
      Object.values(metrics.models.Message!.fanOuts).reduce((s, f) => s + f.top.length, 0),
    );
    // Counts only: no token, no category value of the metrics is on the section.
    const text = JSON.stringify(section);
    for (const fo of Object.values(metrics.models.Message!.fanOuts))
      for (const t of fo.top) expect(text).not.toContain(t.parentToken);
    // The counts newer files publish too: texts with a space (here one suppressed), numbers with a fraction.
    const newer = structuredClone(metrics);
    const content = newer.models.Message!.fields.content!;
    const size = newer.models.Attachment!.fields.sizeBytes!;
    if (content.kind !== "text" || size.kind !== "number") throw new Error("fixture changed");
    content.withSpace = null;
    size.fractional = 0;
    newer.privacy.suppressedBuckets++;
    const counted = privacySection(
      newer,
      [],
      { status: "none" },
      { label: "m.json", sha256: "0".repeat(64) },
    );
    expect(counted.models.reduce((s, m) => s + m.suppressed, 0)).toBe(newer.privacy.suppressedBuckets);
    const buckets = (x: typeof section, model: string) => x.models.find((m) => m.model === model)!.buckets;
    expect(buckets(counted, "Attachment")).toBe(buckets(section, "Attachment") + 1);
  });

  it("plans: before/after bars and the tree diff of a changed plan", () => {
    const after = readBaselines(join(ROOT, "baselines/dev"));
    const before: BaselineDocument[] = structuredClone(after);
    const doc = before.find((d) => d.query === "latest-messages")!;
    doc.cases.typical!.plan = ["Limit", "  -> Sort", "        -> Seq Scan on messages"];
    doc.cases.typical!.fingerprint = "0000";
    doc.cases.typical!.timeMs.median = 480;
    const section = plansSection(after, before, { after: "baselines/dev", before: "before" });
    const row = section.rows.find((r) => r.query === "latest-messages" && r.key === "typical")!;
    expect(row.planChanged).toBe(true);
    expect(row.timeReductionPct).toBeGreaterThan(99);
    const diff = section.diffs.find((d) => d.query === "latest-messages" && d.key === "typical")!;
    expect(diff.lines).toContain("- " + "        -> Seq Scan on messages");
    expect(diff.lines.some((l) => l.startsWith("+ ") && l.includes("Index Scan"))).toBe(true);
    expect(section.diffs.filter((d) => d.changed)).toHaveLength(1);
    expect(section.charts.map((c) => c.series.map((s) => s.name))).toEqual([
      ["before", "after"],
      ["before", "after"],
    ]);
  });
});

describe("rendering", () => {
  const chart: Chart = {
    id: "t-1",
    title: "t",
    x: { label: "x", categories: ["a", "b", "c"] },
    y: { label: "y" },
    series: [
      {
        name: "m",
        style: "bars",
        tone: 0,
        data: [
          ["a", 1],
          ["b", 2],
          ["c", 3],
        ],
      },
      {
        name: "s",
        style: "line",
        tone: 1,
        data: [
          ["a", 1.5],
          ["b", 2.5],
          ["c", 2],
        ],
      },
    ],
    checks: [],
  };
  const other: Chart = {
    ...chart,
    id: "t-2",
    x: { label: "x", log: true },
    y: { label: "y", log: true },
    series: [
      {
        name: "p",
        style: "points",
        tone: 0,
        data: [
          [1, 1],
          [10, 0.1],
        ],
      },
    ],
  };

  it("the same chart gives the same SVG whatever was drawn before it, and two charts' names stay apart", () => {
    const first = renderSvg(chartOption(chart), "c-t-1");
    const between = renderSvg(chartOption(other), "c-t-2");
    expect(renderSvg(chartOption(chart), "c-t-1")).toBe(first);
    expect(first).not.toMatch(/zr\d+-/);
    const names = (svg: string) => new Set([...svg.matchAll(/(?:id|class)="([^"]+)"/g)].map((m) => m[1]));
    for (const name of names(first)) expect(names(between).has(name)).toBe(false);
    // Three bars, drawn as the series' marks.
    expect(first.match(/ecmeta_series_index="0"/g)).toHaveLength(3);
  });

  it("a chart without data has nothing the browser test would count as a mark", () => {
    const empty: Chart = { ...chart, series: chart.series.map((s) => ({ ...s, data: [] })) };
    const svg = renderSvg(chartOption(empty), "c-empty");
    expect(svg).not.toContain("ecmeta_series_index");
    // A line series without points is still a path, an empty one: only a drawn segment counts.
    const drawnLines = (text: string) =>
      [...text.matchAll(/<path d="([^"]*)"[^>]*stroke="(#[0-9a-f]{6})"/g)].filter(
        ([, d, color]) => /L/.test(d!) && PALETTE.includes(color!),
      ).length;
    expect(drawnLines(svg)).toBe(0);
    expect(drawnLines(renderSvg(chartOption(chart), "c-full"))).toBe(1);
  });

  it("the page is self-contained: no script, no address to fetch, a CSP that forbids fetching; same data, same bytes", async () => {
    const metrics = fixtureMetrics();
    const data: ReportData = await buildReport({
      metrics: {
        metrics,
        label: "metrics.json",
        sha256: "a".repeat(64),
        findings: [],
        findingCount: 0,
        approval: { status: "none", path: "metrics.json.approval.json" },
        template: chat,
        templateLabel: "chat",
      },
      plans: { after: readBaselines(join(ROOT, "baselines/dev")), labels: { after: "baselines/dev" } },
      omitted: [],
    });
    const html = renderHtml(data);
    expect(renderHtml(structuredClone(data))).toBe(html);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.every((r) => r.startsWith("#"))).toBe(true);
    // The only absolute URLs are the SVG namespaces, which are names, not fetches.
    const urls = new Set([...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]));
    expect([...urls].sort()).toEqual(["http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg"]);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'`);
    for (const c of [
      ...data.sections.calibration!.charts,
      ...data.sections.privacy!.charts,
      ...data.sections.plans!.charts,
    ])
      expect(html).toContain(`data-chart="${c.id}"`);
    expect(data.omitted).toEqual([]);
  });
});

describe("masked keys", () => {
  it("a model keyed by personal data shows as pii check names the key; findings come as the scanner masked them", () => {
    const metrics = fixtureMetrics();
    const [first, ...rest] = Object.entries(metrics.models);
    const leaky: Metrics = {
      ...metrics,
      models: Object.fromEntries([first!, ["maria.garcia@gmail.com", first![1]], ...rest]),
    };
    const findings = scanJson(leaky, "m.json", "metrics");
    expect(findings.map((f) => f.path)).toContain("$.models[<key 2: email>]");
    const section = privacySection(
      leaky,
      findings,
      { status: "none" },
      { label: "m.json", sha256: "0".repeat(64) },
    );
    expect(section.models.map((m) => m.model)).toContain("<key 2: email>");
    expect(section.findings.map((f) => f.path)).toContain("$.models[<key 2: email>]");
    const text = JSON.stringify(section);
    expect(text).not.toContain("maria");
    expect(text).not.toContain("gmail");
    // Structural keys stay as they are.
    expect(section.models.map((m) => m.model)).toContain(first![0]);
  });
});

describe("approval records", () => {
  it("none, approved, expired (by the clock given), changed bytes, unreadable record", async () => {
    const file = join(tmp, "metrics.json");
    await writeFile(file, '{"a":1}\n');
    expect(approvalState(file).status).toBe("none");
    const now = new Date("2026-01-01T00:00:00Z");
    const record = approvalRecord("metrics.json", fileSha256(file), "A. Reviewer", now, 90);
    expect(record.expiresAt).toBe("2026-04-01T00:00:00.000Z");
    await writeFile(`${file}.approval.json`, JSON.stringify(record));
    expect(approvalState(file, new Date("2026-03-31T23:59:59Z")).status).toBe("approved");
    expect(approvalState(file, new Date("2026-04-01T00:00:00Z")).status).toBe("expired");
    expect(approvalState(file).status).toBe("approved"); // without a clock, expiry is not judged
    await writeFile(file, '{"a":2}\n');
    expect(approvalState(file, now)).toMatchObject({ status: "changed", sha256: fileSha256(file) });
    await writeFile(`${file}.approval.json`, JSON.stringify({ ...record, sha256: "nope" }));
    expect(approvalState(file, now)).toMatchObject({
      status: "invalid",
      reason: expect.stringContaining("$.sha256"),
    });
  });
});
