// Timestamps inside a fixed window, shaped by a 24-hour profile and a weekday boost. The window
// comes from the spec, never from the clock, so a run is reproducible. A parent's sorted series
// (a conversation's messages) arrives with exponential inter-arrival times in profile time —
// an inhomogeneous Poisson process following the profile — or, with a burst coefficient above
// 1, with hyper-exponential gaps of that coefficient of variation: bursts and lulls.
import type { Rng } from "./stream.js";

export interface TimeProfileSpec {
  /** 24 relative weights, hour 0..23 UTC. */
  hours: readonly number[];
  /** Weight of Monday–Friday relative to Saturday/Sunday (1 = flat). */
  weekdayBoost: number;
  /**
   * Coefficient of variation of the inter-arrival times of a sorted series, measured in profile
   * time (real time wherever the profile is flat, as across its peak hours). 1 (the default):
   * Poisson arrivals; above 1: bursty.
   */
  burst?: number;
}

const HOUR_MS = 3_600_000;

/** The name under which the built-in profile is found, unless a spec's `profiles` redefines it. */
export const DEFAULT_PROFILE_NAME = "default";

/**
 * The built-in profile of inferred timestamps: a working day (UTC), quiet nights, a lunch dip and
 * an evening tail, weekdays 2.5× a weekend day — the shape of a work product's activity.
 */
export const DEFAULT_TIME_PROFILE: TimeProfileSpec = {
  hours: [
    0.15, 0.1, 0.08, 0.08, 0.1, 0.15, 0.3, 0.6, 1.0, 1.3, 1.4, 1.35, 1.0, 1.2, 1.35, 1.3, 1.2, 1.0, 0.7, 0.55,
    0.45, 0.4, 0.3, 0.2,
  ],
  weekdayBoost: 2.5,
};

/**
 * Parents with at least this many timestamps have their burst coefficient measured (verify and
 * the sampler alike): dividing a short series by its own mean shrinks a bursty coefficient
 * (100 rows: 2.5 reads as 2.27; 1,000: 2.47).
 */
export const BURST_MIN_SERIES = 1000;

/** A sampler of epoch milliseconds in [start, end) following the profile. */
export class TimeProfile {
  readonly start: number;
  readonly end: number;
  private readonly cumulative: Float64Array; // per hour of the window, normalised to [0, 1]
  private readonly guide: Uint32Array;
  /** Hyper-exponential gaps (balanced means): short with probability p, mean 1 overall. */
  private readonly gap: { p: number; short: number; long: number } | undefined;

  constructor(startMs: number, endMs: number, profile: TimeProfileSpec) {
    this.start = startMs;
    this.end = endMs;
    const hours = Math.ceil((endMs - startMs) / HOUR_MS);
    this.cumulative = new Float64Array(hours);
    let acc = 0;
    for (let i = 0; i < hours; i++) {
      const t = new Date(startMs + i * HOUR_MS);
      const day = t.getUTCDay();
      const dayWeight = day === 0 || day === 6 ? 1 : profile.weekdayBoost;
      acc += (profile.hours[t.getUTCHours()] ?? 0) * dayWeight;
      this.cumulative[i] = acc;
    }
    for (let i = 0; i < hours; i++) this.cumulative[i] = (this.cumulative[i] ?? 0) / acc;
    const c = profile.burst ?? 1;
    if (c > 1) {
      const p = (1 + Math.sqrt((c * c - 1) / (c * c + 1))) / 2;
      this.gap = { p, short: 1 / (2 * p), long: 1 / (2 * (1 - p)) };
    }
    // guide[j]: the first hour whose cumulative share exceeds j / hours (none is below it).
    this.guide = new Uint32Array(hours);
    let h = 0;
    for (let j = 0; j < hours; j++) {
      while (h < hours - 1 && this.cumulative[h]! <= j / hours) h++;
      this.guide[j] = h;
    }
  }

  /** One timestamp at or after `after` (default: the window's start), in whole milliseconds. */
  sample(rng: Rng, after = this.start): number {
    const from = Math.max(after, this.start);
    if (from >= this.end) return this.end - 1;
    const firstHour = Math.floor((from - this.start) / HOUR_MS);
    const base = firstHour === 0 ? 0 : (this.cumulative[firstHour - 1] ?? 0);
    const u = base + rng.next() * (1 - base);
    const hour = this.hourAt(u, firstHour);
    const hourStart = this.start + hour * HOUR_MS;
    const lo = Math.max(hourStart, from);
    const hi = Math.min(hourStart + HOUR_MS, this.end);
    return Math.floor(lo + rng.next() * (hi - lo));
  }

  /**
   * n ascending timestamps at or after `after`: the arrival times of a renewal process in profile
   * time (exponential gaps, or hyper-exponential with a burst coefficient), the n + 1 gaps
   * scaled to span the rest of the window. With exponential gaps these are distributed exactly
   * as n sorted independent draws (order statistics of uniforms), without a sort.
   */
  sortedSample(rng: Rng, n: number, after = this.start): Float64Array {
    const out = new Float64Array(n);
    if (n === 0) return out;
    const from = Math.min(Math.max(after, this.start), this.end - 1);
    const base = this.shareAt(from);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      sum += this.drawGap(rng);
      out[j] = sum;
    }
    sum += this.drawGap(rng); // the gap after the last: the series ends before the window does
    const scale = (1 - base) / sum;
    for (let j = 0; j < n; j++) {
      const t = Math.floor(this.timeAt(base + out[j]! * scale));
      out[j] = t < from ? from : t >= this.end ? this.end - 1 : t;
    }
    return out;
  }

  /** The profile's cumulative share at time t (inverse of timeAt). */
  shareAt(t: number): number {
    const offset = (t - this.start) / HOUR_MS;
    const hour = Math.min(this.cumulative.length - 1, Math.max(0, Math.floor(offset)));
    const lo = hour === 0 ? 0 : this.cumulative[hour - 1]!;
    const within = Math.min(1, Math.max(0, offset - hour));
    return lo + within * (this.cumulative[hour]! - lo);
  }

  /** The time at which the profile's cumulative share reaches u (linear within an hour). */
  private timeAt(u: number): number {
    const hour = this.hourAt(u, 0);
    const lo = hour === 0 ? 0 : this.cumulative[hour - 1]!;
    const width = this.cumulative[hour]! - lo;
    const within = width > 0 ? Math.min(1, Math.max(0, (u - lo) / width)) : 0;
    return this.start + (hour + within) * HOUR_MS;
  }

  private drawGap(rng: Rng): number {
    const gap = this.gap;
    if (gap === undefined) return -Math.log(1 - rng.next());
    const mean = rng.next() < gap.p ? gap.short : gap.long;
    return -mean * Math.log(1 - rng.next());
  }

  /** The shares of hour-of-day (0–23) and weekday (0 = Sunday) this profile gives over its window. */
  histograms(): { hours: number[]; weekdays: number[] } {
    const hours = new Array<number>(24).fill(0);
    const weekdays = new Array<number>(7).fill(0);
    let previous = 0;
    for (let i = 0; i < this.cumulative.length; i++) {
      const share = (this.cumulative[i] ?? 0) - previous;
      previous = this.cumulative[i] ?? 0;
      const t = new Date(this.start + i * HOUR_MS);
      hours[t.getUTCHours()]! += share;
      weekdays[t.getUTCDay()]! += share;
    }
    return { hours, weekdays };
  }

  /**
   * The first hour at or after `from` whose cumulative share exceeds u. A guide table (per
   * 1/hours of probability, the first hour reaching it) starts the scan next to the answer, so a
   * draw costs a step or two instead of a binary search (the hot path of every timestamp).
   */
  private hourAt(u: number, from: number): number {
    const cumulative = this.cumulative;
    const last = cumulative.length - 1;
    const g = this.guide[Math.min(this.guide.length - 1, Math.floor(u * this.guide.length))]!;
    let i = Math.max(g, from);
    while (i < last && cumulative[i]! <= u) i++;
    while (i > from && cumulative[i - 1]! > u) i--; // only if u * hours rounded up a bucket
    return i;
  }
}
