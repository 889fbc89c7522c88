// The calibrate stage's fits on data drawn with known parameters: the binned power-law MLE (with
// k-suppression and x_min), the log-normal from moments and from bins, the time profile, and the
// spec calibrateSpec makes from metrics (which must parse as a spec unchanged).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  binnedPowerLaw,
  calibrateSpec,
  detrendedBoost,
  fitTimeProfile,
  logNormalFit,
  SAMPLED_BAND,
} from "../../src/calibrate/index.js";
import { Disclosure, type Metrics } from "../../src/privacy/index.js";
import { discretePowerLaw, integerSampler } from "../../src/random/distribution.js";
import { streamFor } from "../../src/random/stream.js";
import { TimeProfile } from "../../src/random/time-profile.js";
import { parseSpec } from "../../src/spec/index.js";

function histogram(xs: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

describe("binned power-law MLE", () => {
  const rng = streamFor(11, "calibrate-power");
  const draw = discretePowerLaw(1.8, 1, 5000);
  const xs = Array.from({ length: 20_000 }, () => draw(rng));

  it("recovers alpha from the binned histogram, and from what k-suppression leaves", () => {
    for (const k of [1, 10, 100]) {
      const bins = new Disclosure(k, null).bins(histogram(xs));
      if (k > 1) expect(bins.some((b) => b[2] === null)).toBe(true);
      const fit = binnedPowerLaw(bins, [1, 2, 3]);
      expect(fit.xMin, `k=${k}`).toBe(1);
      expect(Math.abs(fit.alpha - 1.8), `k=${k}: ${fit.alpha}`).toBeLessThan(0.05);
      expect(fit.ks).toBeLessThan(fit.ksCritical);
    }
  });

  it("tells alpha apart: data of alpha 2.4 does not fit as 1.8", () => {
    const steep = discretePowerLaw(2.4, 1, 5000);
    const ys = Array.from({ length: 20_000 }, () => steep(rng));
    const fit = binnedPowerLaw(new Disclosure(10, null).bins(histogram(ys)));
    expect(Math.abs(fit.alpha - 2.4)).toBeLessThan(0.05);
  });

  it("chooses x_min above a head that is not a power law", () => {
    const tail = discretePowerLaw(1.8, 4, 5000);
    const ys = [
      ...Array.from({ length: 20_000 }, () => tail(rng)),
      ...Array.from({ length: 6000 }, (_, i) => 1 + (i % 3)),
    ];
    const fit = binnedPowerLaw(new Disclosure(10, null).bins(histogram(ys)), [1, 2, 3, 4, 5]);
    expect(fit.xMin).toBe(4);
    expect(Math.abs(fit.alpha - 1.8)).toBeLessThan(0.06);
  });
});

describe("log-normal and time-profile fits", () => {
  it("recovers mu and sigma from moments and, roughly, from bins alone", () => {
    const rng = streamFor(11, "calibrate-lognormal");
    const draw = integerSampler({ logNormal: { mu: 4.5, sigma: 1.2, min: 1, max: 100_000 } });
    const xs = Array.from({ length: 50_000 }, () => draw(rng));
    const logs = xs.map(Math.log);
    const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / logs.length);
    const bins = new Disclosure(10, null).bins(histogram(xs));
    const exact = logNormalFit(bins, { mean, sd, n: xs.length });
    expect(Math.abs(exact.mu - 4.5)).toBeLessThan(0.02);
    expect(Math.abs(exact.sigma - 1.2)).toBeLessThan(0.02);
    expect(exact.ks).toBeLessThan(0.01);
    const binned = logNormalFit(bins);
    expect(Math.abs(binned.mu - 4.5)).toBeLessThan(0.05);
    expect(Math.abs(binned.sigma - 1.2)).toBeLessThan(0.08);
    // A wrong model fits worse: the KS distance grows.
    expect(logNormalFit(bins, { mean: 4.0, sd: 1.2, n: xs.length }).ks).toBeGreaterThan(0.1);
  });

  it("fits a clamped log-normal from a suppressed histogram (room sizes: clamp 10..400, k = 10)", () => {
    const rng = streamFor(11, "calibrate-rooms");
    const draw = integerSampler({ logNormal: { mu: 3.3, sigma: 0.7, min: 10, max: 400 } });
    const xs = Array.from({ length: 2000 }, () => draw(rng));
    const bins = new Disclosure(10, null).bins(histogram(xs));
    expect(bins.some((b) => b[2] === null)).toBe(true);
    const fit = logNormalFit(bins, undefined, { min: 10, max: 400 });
    expect(Math.abs(fit.mu - 3.3), `mu ${fit.mu}`).toBeLessThan(0.06);
    expect(Math.abs(fit.sigma - 0.7), `sigma ${fit.sigma}`).toBeLessThan(0.06);
  });

  it("recovers the hours and the weekday boost of a profile", () => {
    const hours = [
      0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.4, 1.5, 1.5, 1.2, 1, 1, 1, 1, 1.1, 1.4, 1.5, 1.5, 1.3,
      0.9, 0.5,
    ];
    const window = { start: "2025-06-01T00:00:00.000Z", end: "2025-07-01T00:00:00.000Z" };
    const profile = new TimeProfile(Date.parse(window.start), Date.parse(window.end), {
      hours,
      weekdayBoost: 1.4,
    });
    const rng = streamFor(11, "calibrate-profile");
    const h = new Array<number>(24).fill(0);
    const d = new Array<number>(7).fill(0);
    for (let i = 0; i < 200_000; i++) {
      const t = new Date(profile.sample(rng));
      h[t.getUTCHours()]!++;
      d[t.getUTCDay()]!++;
    }
    const fit = fitTimeProfile(h, d, window);
    expect(Math.abs(fit.weekdayBoost - 1.4)).toBeLessThan(0.03);
    const truth = profile.histograms().hours;
    const got = new TimeProfile(Date.parse(window.start), Date.parse(window.end), fit).histograms().hours;
    expect(got.reduce((s, x, i) => s + Math.abs(x - truth[i]!), 0)).toBeLessThan(0.02);
  });
});

describe("the weekday boost under a trend", () => {
  it("a centred 7-day mean removes a growing trend that the plain weekday ratio absorbs", () => {
    // 30 days from Sunday 2025-06-01, activity growing 5% a day, weekdays 1.4 times weekends.
    const start = Date.parse("2025-06-01T00:00:00Z");
    const counts = Array.from({ length: 30 }, (_, i) => {
      const dow = new Date(start + i * 86_400_000).getUTCDay();
      return Math.round(10_000 * 1.05 ** i * (dow === 0 || dow === 6 ? 1 : 1.4));
    });
    const boost = detrendedBoost({ start: "2025-06-01", counts });
    expect(Math.abs(boost! - 1.4)).toBeLessThan(0.02);
    expect(detrendedBoost({ start: "2025-06-01", counts: counts.slice(0, 10) })).toBeUndefined();
    expect(detrendedBoost({ start: "2025-06-01", counts: [...counts.slice(0, 29), null] })).toBeUndefined();
    const flat = Array.from({ length: 30 }, (_, i) => 10_000 * 1.05 ** i);
    expect(Math.abs(detrendedBoost({ start: "2025-06-01", counts: flat })! - 1)).toBeLessThan(0.02);
  });
});

describe("calibrateSpec", () => {
  const template = parseSpec(
    readFileSync(new URL("../../presets/chat.json", import.meta.url), "utf8"),
    "chat.json",
  );
  const metrics = JSON.parse(
    readFileSync(new URL("../fixtures/pii/negatives/sampler-output-ci.json", import.meta.url), "utf8"),
  ) as Metrics;

  it("writes a spec that parses unchanged, with the fitted parameters and a sampled band", () => {
    const { spec, fits } = calibrateSpec(metrics, template);
    const reparsed = parseSpec(JSON.stringify(spec), "calibrated.json");
    expect(reparsed).toEqual(spec);
    const fanOut = spec.models.Message!.fanOut as { powerLaw: { alpha: number }; heavy: { share: number } };
    expect(Math.abs(fanOut.powerLaw.alpha - 1.8)).toBeLessThan(0.1);
    expect(fanOut.heavy.share).toBeCloseTo(0.02, 3);
    expect(spec.bands[SAMPLED_BAND]).toMatchObject({ users: 500, conversations: 800, messages: 50_000 });
    expect(fits.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "$.models.Message.fanOut.powerLaw",
        "$.models.Message.fields.content.text.length.logNormal",
        "$.profiles.chat",
      ]),
    );
    for (const f of fits) if (f.statistic) expect(Number.isFinite(f.statistic.value), f.path).toBe(true);
  });

  it("changes with the metrics: a steeper fan-out gives a larger alpha", () => {
    const steeper = structuredClone(metrics);
    const bins = steeper.models.Message!.fanOuts.conversation!.bins;
    for (const b of bins)
      if (b[2] !== null && b[0] >= 3 && b[0] < 1000) b[2] = Math.max(10, Math.round(b[2] / (b[0] / 2)));
    const a = (
      calibrateSpec(metrics, template).spec.models.Message!.fanOut as { powerLaw: { alpha: number } }
    ).powerLaw.alpha;
    const b = (
      calibrateSpec(steeper, template).spec.models.Message!.fanOut as { powerLaw: { alpha: number } }
    ).powerLaw.alpha;
    expect(b).toBeGreaterThan(a + 0.15);
  });
});
