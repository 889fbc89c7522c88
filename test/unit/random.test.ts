import { describe, expect, it } from "vitest";
import { categoricalSampler, discretePowerLaw, integerSampler } from "../../src/random/distribution.js";
import { sampleDistinct } from "../../src/random/sample-distinct.js";
import { streamFor } from "../../src/random/stream.js";
import { TimeProfile } from "../../src/random/time-profile.js";

const take = (n: number, f: () => number) => Array.from({ length: n }, f);
const min = (xs: number[]) => xs.reduce((a, b) => Math.min(a, b), Infinity);
const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

describe("streamFor", () => {
  it("gives the same sequence for the same path and another for any other path", () => {
    const a = streamFor(1, "Message", 0, "content");
    const b = streamFor(1, "Message", 0, "content");
    const first = take(5, () => a.next());
    expect(take(5, () => b.next())).toEqual(first);
    for (const other of [
      streamFor(2, "Message", 0, "content"),
      streamFor(1, "Message", 1, "content"),
      streamFor(1, "Message", 0, "device"),
    ]) {
      expect(take(5, () => other.next())).not.toEqual(first);
    }
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it("does not confuse paths that join to the same text", () => {
    const a = take(3, () => streamFor(1, "ab", "c").next());
    const b = take(3, () => streamFor(1, "a", "bc").next());
    expect(a).not.toEqual(b);
  });
});

describe("discrete power law", () => {
  it("stays in [min, max] and its MLE recovers alpha", () => {
    const rng = streamFor(7, "power");
    const draw = discretePowerLaw(1.8, 1, 1_000_000);
    const xs = take(200_000, () => draw(rng));
    expect(min(xs)).toBe(1);
    expect(max(xs)).toBeLessThanOrEqual(1_000_000);
    const alpha = discreteAlphaMle(xs, 1, 1_000_000);
    expect(alpha).toBeGreaterThan(1.78);
    expect(alpha).toBeLessThan(1.82);
    // P(1) = 1 / Σ k^-1.8 ≈ 0.531: the head is exact, not the continuous approximation (0.585).
    expect(xs.filter((x) => x === 1).length / xs.length).toBeCloseTo(0.531, 2);
  });

  it("truncates at max", () => {
    const rng = streamFor(7, "power-max");
    const draw = discretePowerLaw(1.5, 3, 40);
    const xs = take(20_000, () => draw(rng));
    expect(min(xs)).toBe(3);
    expect(max(xs)).toBe(40);
  });
});

describe("integerSampler", () => {
  it("log-normal draws have the log-mean and log-sd of the spec", () => {
    const rng = streamFor(3, "ln");
    const draw = integerSampler({ logNormal: { mu: 4.5, sigma: 1.2, min: 1, max: 1e9 } });
    const logs = take(100_000, () => Math.log(draw(rng)));
    const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / logs.length);
    expect(mean).toBeCloseTo(4.5, 1);
    expect(sd).toBeGreaterThan(1.1);
    expect(sd).toBeLessThan(1.3);
  });

  it("uniform covers both ends and fixed is fixed", () => {
    const rng = streamFor(3, "u");
    const draw = integerSampler({ uniform: { min: 3, max: 12 } });
    const xs = new Set(take(5_000, () => draw(rng)));
    expect([...xs].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(integerSampler({ fixed: 2 })(rng)).toBe(2);
  });
});

describe("categoricalSampler", () => {
  it("picks each index in proportion to its weight", () => {
    const rng = streamFor(5, "cat");
    const pick = categoricalSampler([0.55, 0.35, 0.1]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[pick(rng)]!++;
    expect(counts[0]! / 100_000).toBeCloseTo(0.55, 1);
    expect(counts[1]! / 100_000).toBeCloseTo(0.35, 1);
    expect(counts[2]! / 100_000).toBeCloseTo(0.1, 1);
  });
});

describe("sampleDistinct", () => {
  it("returns k distinct values in range, all of them when k = n", () => {
    const rng = streamFor(9, "distinct");
    const xs = sampleDistinct(rng, 50, 20);
    expect(new Set(xs).size).toBe(20);
    for (const x of xs) expect(x >= 0 && x < 50).toBe(true);
    expect(sampleDistinct(rng, 10, 10).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => sampleDistinct(rng, 3, 4)).toThrow(RangeError);
  });
});

describe("TimeProfile", () => {
  const start = Date.parse("2025-01-06T00:00:00Z"); // a Monday
  const end = Date.parse("2025-02-03T00:00:00Z"); // four whole weeks
  const hours = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 12 ? 4 : 1));

  it("stays in the window, honours `after`, and follows the hour profile and weekday boost", () => {
    const profile = new TimeProfile(start, end, { hours, weekdayBoost: 2 });
    const rng = streamFor(1, "time");
    const byHour = new Array(24).fill(0);
    let weekday = 0;
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const t = profile.sample(rng);
      expect(t >= start && t < end).toBe(true);
      const d = new Date(t);
      byHour[d.getUTCHours()]++;
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) weekday++;
    }
    // Hours 9–11 weigh 4, the 21 others 1: share 12/33.
    expect((byHour[9] + byHour[10] + byHour[11]) / n).toBeCloseTo(12 / 33, 1);
    // Weekdays weigh 2, weekend days 1: share 10/12.
    expect(weekday / n).toBeCloseTo(10 / 12, 1);
    const after = Date.parse("2025-01-31T10:30:00Z");
    for (let i = 0; i < 1000; i++) {
      const t = profile.sample(rng, after);
      expect(t >= after && t < end).toBe(true);
    }
  });

  it("finds each draw's hour as a binary search over the cumulative profile would", () => {
    const spec = { hours: [0, 0, 3, 0, 1, ...new Array(19).fill(0.5)], weekdayBoost: 1.7 };
    const profile = new TimeProfile(start, end, spec);
    // The reference: the cumulative weights of the window's hours, searched for the first > u.
    const weights = Array.from({ length: (end - start) / 3_600_000 }, (_, i) => {
      const t = new Date(start + i * 3_600_000);
      const weekend = t.getUTCDay() === 0 || t.getUTCDay() === 6;
      return (spec.hours[t.getUTCHours()] ?? 0) * (weekend ? 1 : spec.weekdayBoost);
    });
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    const cumulative = weights.map((w) => (acc += w) / total);
    const hourOf = (u: number) => {
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const a = streamFor(3, "hours");
    const b = streamFor(3, "hours");
    for (let i = 0; i < 20_000; i++) {
      const t = profile.sample(a);
      const u = b.next();
      b.next(); // the draw within the hour
      expect(Math.floor((t - start) / 3_600_000)).toBe(hourOf(u));
    }
  });

  /** Gaps between consecutive values in profile time, each series divided by its mean gap. */
  const normalisedGaps = (profile: TimeProfile, series: Float64Array[]) =>
    series.flatMap((values) => {
      const u = Array.from(values, (t) => profile.shareAt(t));
      const gaps = u.slice(1).map((x, j) => x - u[j]!);
      const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
      return gaps.map((g) => g / mean);
    });
  const cv = (xs: number[]) => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length) / m;
  };

  it("draws a sorted series after a time, in the window, with Poisson arrivals that follow the profile", () => {
    const profile = new TimeProfile(start, end, { hours, weekdayBoost: 2 });
    const rng = streamFor(5, "series");
    const after = Date.parse("2025-01-10T15:20:00Z");
    const series = Array.from({ length: 40 }, () => profile.sortedSample(rng, 5000, after));
    let outOfOrder = 0;
    for (const values of series) {
      expect(values.length).toBe(5000);
      values.forEach((t, j) => {
        const ok = t >= after && t < end && Number.isInteger(t) && (j === 0 || t >= values[j - 1]!);
        if (!ok) outOfOrder++;
      });
    }
    expect(outOfOrder).toBe(0);
    // Exponential gaps in profile time: coefficient of variation 1.
    expect(cv(normalisedGaps(profile, series))).toBeCloseTo(1, 1);
    const byHour = new Array(24).fill(0);
    for (const values of series) for (const t of values) byHour[new Date(t).getUTCHours()]++;
    expect((byHour[9] + byHour[10] + byHour[11]) / (40 * 5000)).toBeCloseTo(12 / 33, 1);
  });

  it("gives a bursty series the coefficient of variation asked for, and keeps the profile", () => {
    const profile = new TimeProfile(start, end, { hours, weekdayBoost: 2, burst: 2.5 });
    const rng = streamFor(6, "series");
    const series = Array.from({ length: 40 }, () => profile.sortedSample(rng, 5000));
    const measured = cv(normalisedGaps(profile, series));
    expect(Math.abs(measured - 2.5)).toBeLessThan(0.15);
    const byHour = new Array(24).fill(0);
    for (const values of series) for (const t of values) byHour[new Date(t).getUTCHours()]++;
    expect((byHour[9] + byHour[10] + byHour[11]) / (40 * 5000)).toBeCloseTo(12 / 33, 1);
  });
});

/** Exact discrete power-law MLE on [min, max]: maximises −α Σ ln x − n ln Σ_k k^−α (golden section). */
function discreteAlphaMle(xs: number[], min: number, max: number): number {
  const sumLog = xs.reduce((s, x) => s + Math.log(x), 0);
  const logZ = (alpha: number) => {
    let z = 0;
    for (let k = min; k <= Math.min(max, 100_000); k++) z += k ** -alpha;
    if (max > 100_000) z += ((max + 0.5) ** (1 - alpha) - 100_000.5 ** (1 - alpha)) / (1 - alpha);
    return Math.log(z);
  };
  const ll = (alpha: number) => -alpha * sumLog - xs.length * logZ(alpha);
  let lo = 1.01;
  let hi = 4;
  for (let i = 0; i < 40; i++) {
    const m1 = hi - (hi - lo) / 1.618;
    const m2 = lo + (hi - lo) / 1.618;
    if (ll(m1) < ll(m2)) lo = m1;
    else hi = m2;
  }
  return (lo + hi) / 2;
}
