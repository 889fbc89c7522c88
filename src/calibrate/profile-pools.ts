// Which creation times share a time profile. Each timestamp's hour-of-day histogram is compared
// with the profiles already formed (largest first); it joins the first one it is consistent with —
// an L1 distance between the two sets of hour shares within twice what sampling noise alone gives
// — else it starts its own. Pooling consistent histograms fits one profile from more rows, so a
// small table does not get a noisy profile of its own when it follows the same rhythm as the rest.
import type { TimestampMetrics } from "./measured-model.js";

export interface ProfileSource {
  model: string;
  field: string;
  metrics: TimestampMetrics;
}

export interface ProfilePool {
  /** "Model.field" of the pool's largest member. */
  name: string;
  members: ProfileSource[];
  hours: number[];
  weekdays: number[];
  /** Rows per whole day, summed; absent when a member lacks them or suppressed a day. */
  days?: { start: string; counts: number[] };
}

/**
 * @example poolProfiles([{ model: "Task", field: "createdAt", metrics }, …]).map((p) => p.name)
 */
export function poolProfiles(sources: readonly ProfileSource[]): ProfilePool[] {
  const pools: ProfilePool[] = [];
  const sorted = [...sources].sort((a, b) => b.metrics.windowRows - a.metrics.windowRows);
  for (const source of sorted) {
    const hours = source.metrics.hours.map((x) => x ?? 0);
    if (hours.every((x) => x === 0)) continue; // nothing in the window (or all suppressed)
    const pool = pools.find((p) => consistent(p.hours, hours));
    if (!pool) {
      pools.push({
        name: `${source.model}.${source.field}`,
        members: [source],
        hours,
        weekdays: source.metrics.weekdays.map((x) => x ?? 0),
        ...(daysOf(source.metrics) ? { days: daysOf(source.metrics) } : {}),
      });
      continue;
    }
    pool.members.push(source);
    pool.hours = pool.hours.map((x, i) => x + hours[i]!);
    pool.weekdays = pool.weekdays.map((x, i) => x + (source.metrics.weekdays[i] ?? 0));
    const days = daysOf(source.metrics);
    if (pool.days && days && days.start === pool.days.start && days.counts.length === pool.days.counts.length)
      pool.days = { start: days.start, counts: pool.days.counts.map((x, i) => x + days.counts[i]!) };
    else delete pool.days;
  }
  return pools;
}

/**
 * Two hour histograms are consistent when the L1 distance of their shares is at most twice its
 * expectation under one common profile: Σ_h √(2/π) · √(p_h (1 − p_h) (1/n₁ + 1/n₂)).
 */
export function consistent(a: readonly number[], b: readonly number[]): boolean {
  const na = a.reduce((s, x) => s + x, 0);
  const nb = b.reduce((s, x) => s + x, 0);
  if (na === 0 || nb === 0) return false;
  let l1 = 0;
  let expected = 0;
  for (let h = 0; h < a.length; h++) {
    const p = (a[h]! + b[h]!) / (na + nb);
    l1 += Math.abs(a[h]! / na - b[h]! / nb);
    expected += Math.sqrt((2 / Math.PI) * p * (1 - p) * (1 / na + 1 / nb));
  }
  return l1 <= 2 * expected;
}

function daysOf(m: TimestampMetrics): { start: string; counts: number[] } | undefined {
  if (!m.days || m.days.counts.some((x) => x === null)) return undefined;
  return { start: m.days.start, counts: m.days.counts as number[] };
}
