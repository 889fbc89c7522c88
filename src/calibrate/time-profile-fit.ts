// Diurnal and weekday profiles from hour-of-day and weekday histograms: the hour weights are the
// observed shares (scaled to average 1, as presets write them); the weekday boost is the rate per
// Monday–Friday hour over the rate per weekend hour, each weighed by the hour profile over the
// hours the sampling window actually held (a 30-day window has 4 or 5 of each weekday).
import { TimeProfile } from "../random/index.js";

export interface TimeProfileFit {
  hours: number[];
  weekdayBoost: number;
  /** L1 distance between the observed hour shares and those the fitted profile gives. */
  hourL1: number;
  /** The same for weekday shares, over the sampling window. */
  weekdayL1: number;
  n: number;
}

const HOUR_MS = 3_600_000;

/**
 * @param hours   rows per UTC hour 0–23 (null: suppressed, counted as 0)
 * @param weekdays rows per UTC weekday, 0 = Sunday
 * @param window  the sampling window the histograms cover
 * @param days    rows per whole day: when given (two weeks or more), the weekday boost is
 *                measured against a centred 7-day moving average, so a trend in the data (more
 *                activity toward the window's end) does not leak into it
 */
export function fitTimeProfile(
  hours: readonly (number | null)[],
  weekdays: readonly (number | null)[],
  window: { start: string; end: string },
  days?: { start: string; counts: readonly (number | null)[] },
): TimeProfileFit {
  const h = hours.map((x) => x ?? 0);
  const d = weekdays.map((x) => x ?? 0);
  const n = h.reduce((s, x) => s + x, 0);
  const shares = h.map((x) => x / n);
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  // Expected weight per weekday of a flat week: Σ over the window's hours of that hour's share.
  const exposure = new Array<number>(7).fill(0);
  for (let t = start; t < end; t += HOUR_MS) {
    const at = new Date(t);
    exposure[at.getUTCDay()]! += shares[at.getUTCHours()] ?? 0;
  }
  const weekend = [0, 6];
  const sum = (xs: number[], pick: (i: number) => boolean) =>
    xs.reduce((s, x, i) => s + (pick(i) ? x : 0), 0);
  const rate = (pick: (i: number) => boolean) => sum(d, pick) / Math.max(1e-12, sum(exposure, pick));
  let boost = rate((i) => !weekend.includes(i)) / rate((i) => weekend.includes(i));
  const detrended = days ? detrendedBoost(days) : undefined;
  if (detrended !== undefined) boost = detrended;
  const weekdayBoost = Number.isFinite(boost) && boost > 0 ? round(boost, 3) : 1;
  const weights = shares.map((s) => round(s * 24, 4));

  const fitted = new TimeProfile(start, end, { hours: weights, weekdayBoost }).histograms();
  const dn = d.reduce((s, x) => s + x, 0);
  const hourL1 = shares.reduce((s, x, i) => s + Math.abs(x - (fitted.hours[i] ?? 0)), 0);
  const weekdayL1 = d.reduce((s, x, i) => s + Math.abs(x / dn - (fitted.weekdays[i] ?? 0)), 0);
  return { hours: weights, weekdayBoost, hourL1, weekdayL1, n };
}

/** L1 distance between two hour (or weekday) share vectors, each normalised to sum 1. */
export function shareL1(a: readonly number[], b: readonly number[]): number {
  const sa = a.reduce((s, x) => s + x, 0);
  const sb = b.reduce((s, x) => s + x, 0);
  return a.reduce((s, x, i) => s + Math.abs(x / sa - (b[i] ?? 0) / sb), 0);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Weekday rate over weekend rate, each day divided by the centred 7-day mean around it (which
 * holds every weekday once, so it follows the trend but not the weekly cycle). Undefined with
 * fewer than 14 whole days or a suppressed day.
 */
export function detrendedBoost(days: {
  start: string;
  counts: readonly (number | null)[];
}): number | undefined {
  const c = days.counts;
  if (c.length < 14 || c.some((x) => x === null)) return undefined;
  const n = c as number[];
  const first = Date.parse(`${days.start}T00:00:00Z`);
  let weekday = 0;
  let weekdays = 0;
  let weekend = 0;
  let weekends = 0;
  for (let i = 3; i < n.length - 3; i++) {
    let sum = 0;
    for (let j = i - 3; j <= i + 3; j++) sum += n[j]!;
    if (sum === 0) continue;
    const ratio = n[i]! / (sum / 7);
    const dow = new Date(first + i * 86_400_000).getUTCDay();
    if (dow === 0 || dow === 6) {
      weekend += ratio;
      weekends++;
    } else {
      weekday += ratio;
      weekdays++;
    }
  }
  if (weekends === 0 || weekdays === 0 || weekend === 0) return undefined;
  return weekday / weekdays / (weekend / weekends);
}
