// Timestamps inside a fixed window, shaped by a 24-hour profile and a weekday boost. The window
// comes from the spec, never from the clock, so a run is reproducible.
import type { Rng } from "./stream.js";

export interface TimeProfileSpec {
  /** 24 relative weights, hour 0..23 UTC. */
  hours: readonly number[];
  /** Weight of Monday–Friday relative to Saturday/Sunday (1 = flat). */
  weekdayBoost: number;
}

const HOUR_MS = 3_600_000;

/** A sampler of epoch milliseconds in [start, end) following the profile. */
export class TimeProfile {
  readonly start: number;
  readonly end: number;
  private readonly cumulative: Float64Array; // per hour of the window, normalised to [0, 1]

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

  private hourAt(u: number, from: number): number {
    let lo = from;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 1) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
