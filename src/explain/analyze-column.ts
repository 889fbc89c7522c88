// What ANALYZE would store for one column, computed from a sample of its values the way
// PostgreSQL 18's compute_scalar_stats (src/backend/commands/analyze.c) does: null fraction,
// average width, n_distinct (Haas–Stokes Duj1 estimator, or "all seen"), the most-common values
// kept by analyze_mcv_list's significance test against the *table's* row count, a histogram over
// the values left after the MCVs, and the correlation of value order with physical order. Pure:
// values come in as the text COPY writes, in physical (generated) order.

/** How a column's values compare and how wide they are on disk. */
export interface ColumnKind {
  /** "number": compared as numbers; "text": byte order (the C collation); "enum": declaration order. */
  compare: "number" | "text" | "enum";
  /** Fixed width in bytes (typlen), or -1 for a variable-width (varlena) type. */
  typlen: number;
  /** Enum values in declaration order (compare "enum"). */
  enumValues?: readonly string[];
}

export interface ColumnStats {
  null_frac: number;
  avg_width: number;
  n_distinct: number;
  most_common_vals?: string[];
  most_common_freqs?: number[];
  histogram_bounds?: string[];
  correlation?: number;
}

export interface AnalyzeOptions {
  /** Rows of the whole table (ANALYZE's totalrows). */
  totalRows: number;
  /** The statistics target (default_statistics_target, 100): MCV list length and histogram bins. */
  target?: number;
  /** n_distinct known exactly (a unique key, a foreign key's parents): replaces the estimate. */
  exactDistinct?: number;
  /**
   * How often each value occurs in `rows` rows of the table (all of it, or generated blocks spread
   * over it), and a uniform random source: the most-common values are then the values ANALYZE
   * keeps in most of MCV_DRAWS simulated samples of the table (each decided as one ANALYZE does),
   * with the table's frequencies — the most likely outcome of ANALYZE's random sample rather than
   * one more random outcome beside it. A value at the cut-off (kept by some samples, dropped by
   * others) is decided the way ANALYZE decides it more often.
   */
  frequencies?: { counts: ReadonlyMap<string, number>; rows: number; random: { next(): number } };
}

/** Simulated ANALYZE samples a value must be a most-common value in most of (odd: no ties). */
export const MCV_DRAWS = 15;

/** Values wider than this are not compared (analyze.c's WIDTH_THRESHOLD). */
const WIDTH_THRESHOLD = 1024;

/** Bytes a varlena value takes on disk: a 1-byte header up to 126 bytes of data, else 4. */
export function varlenaSize(bytes: number): number {
  return bytes + (bytes <= 126 ? 1 : 4);
}

export function analyzeColumn(
  values: ReadonlyArray<string | null>,
  kind: ColumnKind,
  options: AnalyzeOptions,
): ColumnStats {
  const samplerows = values.length;
  const totalrows = Math.max(options.totalRows, samplerows);
  const target = options.target ?? 100;
  let nullCount = 0;
  let nonnull = 0;
  let toowide = 0;
  let totalWidth = 0;
  const items: Array<{ value: string; key: number | Buffer; tupno: number }> = [];
  const enumIndex = new Map((kind.enumValues ?? []).map((v, i) => [v, i]));
  for (const value of values) {
    if (value === null) {
      nullCount++;
      continue;
    }
    nonnull++;
    if (kind.typlen < 0) {
      const bytes = Buffer.byteLength(value, "utf8");
      totalWidth += varlenaSize(bytes);
      if (bytes > WIDTH_THRESHOLD) {
        toowide++;
        continue;
      }
    }
    const key =
      kind.compare === "number"
        ? Number(value)
        : kind.compare === "enum"
          ? (enumIndex.get(value) ?? -1)
          : Buffer.from(value, "utf8");
    items.push({ value, key, tupno: items.length });
  }
  const nullFrac = samplerows === 0 ? 0 : nullCount / samplerows;
  const avgWidth = kind.typlen > 0 ? kind.typlen : nonnull === 0 ? 0 : Math.floor(totalWidth / nonnull);
  if (items.length === 0) {
    // All too wide: assumed unique; all null: "unknown" (0).
    return {
      null_frac: nonnull > 0 ? nullFrac : samplerows > 0 ? 1 : 0,
      avg_width: avgWidth,
      n_distinct: nonnull > 0 ? -1 : 0,
    };
  }
  const cmp = (a: number | Buffer, b: number | Buffer): number =>
    typeof a === "number" ? a - (b as number) : Buffer.compare(a, b as Buffer);
  items.sort((a, b) => cmp(a.key, b.key) || a.tupno - b.tupno);

  // Runs of equal values: the MCV candidates (kept sorted by count, ties in value order, as the
  // insertion in analyze.c does), the number of distinct values and of repeated ones.
  const numMcvMax = target;
  const track: Array<{ count: number; first: number }> = [];
  let ndistinct = 0;
  let nmultiple = 0;
  let corrXY = 0;
  let dups = 0;
  for (let i = 0; i < items.length; i++) {
    corrXY += i * items[i]!.tupno;
    dups++;
    const last = i === items.length - 1 || cmp(items[i]!.key, items[i + 1]!.key) !== 0;
    if (!last) continue;
    ndistinct++;
    if (dups > 1) {
      nmultiple++;
      if (track.length < numMcvMax || dups > track[track.length - 1]!.count) {
        if (track.length >= numMcvMax) track.pop();
        let j = track.length;
        while (j > 0 && dups > track[j - 1]!.count) j--;
        track.splice(j, 0, { count: dups, first: i + 1 - dups });
      }
    }
    dups = 0;
  }

  let stadistinct: number;
  if (nmultiple === 0) {
    stadistinct = -1 * (1 - nullFrac);
  } else if (toowide === 0 && nmultiple === ndistinct) {
    stadistinct = ndistinct;
  } else {
    const f1 = ndistinct - nmultiple + toowide;
    const d = f1 + nmultiple;
    const n = samplerows - nullCount;
    const N = totalrows * (1 - nullFrac);
    let estimate = N > 0 ? (n * d) / (n - f1 + (f1 * n) / N) : 0;
    if (estimate < d) estimate = d;
    if (estimate > N) estimate = N;
    stadistinct = Math.floor(estimate + 0.5);
  }
  if (stadistinct > 0.1 * totalrows) stadistinct = -(stadistinct / totalrows);
  if (options.exactDistinct !== undefined) {
    const exact = options.exactDistinct;
    stadistinct = exact > 0.1 * totalrows ? -Math.min(1, exact / totalrows) : exact;
  }

  // The candidates, most common first (this sample's repeated values), and how many are kept.
  const keepCount = (counts: number[], distinct: number) =>
    counts.length === distinct && toowide === 0 && stadistinct > 0 && counts.length <= numMcvMax
      ? counts.length
      : analyzeMcvList(counts, stadistinct, nullFrac, samplerows, totalrows);
  let mcv: Array<{ value: string; count: number }>;
  const frequencies = options.frequencies;
  if (frequencies && frequencies.rows > 0 && frequencies.counts.size > 0) {
    const keyOf = (value: string) =>
      kind.compare === "number"
        ? Number(value)
        : kind.compare === "enum"
          ? (enumIndex.get(value) ?? -1)
          : Buffer.from(value, "utf8");
    mcv = likelyMostCommon(frequencies, (a, b) => cmp(keyOf(a), keyOf(b)), {
      samplerows,
      totalrows,
      numMcvMax,
      keepCount,
    });
  } else {
    const counts = track.map((t) => t.count);
    mcv = track
      .slice(0, keepCount(counts, ndistinct))
      .map((t) => ({ value: items[t.first]!.value, count: t.count }));
  }
  const numMcv = mcv.length;
  const stats: ColumnStats = { null_frac: nullFrac, avg_width: avgWidth, n_distinct: stadistinct };
  if (numMcv > 0) {
    stats.most_common_vals = mcv.map((t) => t.value);
    stats.most_common_freqs = mcv.map((t) => t.count / samplerows);
  }

  // The histogram covers the sampled values that are not most-common values.
  const common = new Set(mcv.map((t) => t.value));
  const rest: string[] = [];
  let restDistinct = 0;
  for (let i = 0; i < items.length; i++) {
    const value = items[i]!.value;
    if (common.has(value)) continue;
    if (i === 0 || cmp(items[i - 1]!.key, items[i]!.key) !== 0) restDistinct++;
    rest.push(value);
  }
  let numHist = restDistinct;
  if (numHist > target) numHist = target + 1;
  if (numHist >= 2) {
    const nvals = rest.length;
    const delta = Math.floor((nvals - 1) / (numHist - 1));
    const deltafrac = (nvals - 1) % (numHist - 1);
    let pos = 0;
    let posfrac = 0;
    const bounds: string[] = [];
    for (let i = 0; i < numHist; i++) {
      bounds.push(rest[pos]!);
      pos += delta;
      posfrac += deltafrac;
      if (posfrac >= numHist - 1) {
        pos++;
        posfrac -= numHist - 1;
      }
    }
    stats.histogram_bounds = bounds;
  }

  const cnt = items.length;
  if (cnt > 1) {
    const xsum = ((cnt - 1) * cnt) / 2;
    const x2sum = ((cnt - 1) * cnt * (2 * cnt - 1)) / 6;
    // float4 in pg_statistic: rounded the same way so the file equals what pg_stats shows.
    stats.correlation = Math.fround((cnt * corrXY - xsum * xsum) / (cnt * x2sum - xsum * xsum));
  }
  return stats;
}

/**
 * The values ANALYZE keeps as most common in most of MCV_DRAWS simulated samples: each draws
 * `samplerows` of the table's `totalrows` rows without replacement (value proportions from the
 * counted rows), tracks the values seen more than once (at most `numMcvMax`, most common first,
 * ties in value order) and keeps as many as ANALYZE would. Returned most common first, each with
 * its expected sample count (its table frequency × samplerows).
 */
function likelyMostCommon(
  frequencies: { counts: ReadonlyMap<string, number>; rows: number; random: { next(): number } },
  compare: (a: string, b: string) => number,
  sample: {
    samplerows: number;
    totalrows: number;
    numMcvMax: number;
    keepCount: (counts: number[], distinct: number) => number;
  },
): Array<{ value: string; count: number }> {
  const values = [...frequencies.counts.keys()].sort(compare);
  const cumulative = new Float64Array(values.length);
  let sum = 0;
  values.forEach((v, i) => {
    sum += frequencies.counts.get(v)!;
    cumulative[i] = sum;
  });
  const { samplerows, totalrows, numMcvMax } = sample;
  const take = Math.min(samplerows, totalrows);
  // A position among the table's rows stands for a counted row (the counted rows may be fewer).
  const perPosition = frequencies.rows / totalrows;
  const votes = new Uint16Array(values.length);
  for (let d = 0; d < MCV_DRAWS; d++) {
    const drawn = new Map<number, number>();
    const chosen = new Set<number>();
    // Floyd's algorithm: `take` distinct positions out of `totalrows`.
    for (let j = totalrows - take; j < totalrows; j++) {
      const t = Math.floor(frequencies.random.next() * (j + 1));
      const position = chosen.has(t) ? j : t;
      chosen.add(position);
      const row = position * perPosition;
      if (row >= sum) continue; // a NULL
      let lo = 0;
      let hi = values.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > row) hi = mid;
        else lo = mid + 1;
      }
      drawn.set(lo, (drawn.get(lo) ?? 0) + 1);
    }
    const track = [...drawn]
      .filter(([, count]) => count > 1)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, numMcvMax);
    const kept = sample.keepCount(
      track.map(([, count]) => count),
      drawn.size,
    );
    for (let k = 0; k < kept; k++) votes[track[k]![0]]!++;
  }
  const likely: Array<{ value: string; count: number }> = [];
  votes.forEach((v, i) => {
    if (2 * v > MCV_DRAWS)
      likely.push({
        value: values[i]!,
        count: (frequencies.counts.get(values[i]!)! / frequencies.rows) * samplerows,
      });
  });
  return likely.sort((a, b) => b.count - a.count || compare(a.value, b.value));
}

/**
 * analyze.c's analyze_mcv_list: drop candidates from the end until the last one is more common
 * than the non-MCV values' average by more than two standard errors of its sample count (the
 * hypergeometric variance over a sample of samplerows out of totalrows). The whole table sampled
 * keeps the whole list.
 */
export function analyzeMcvList(
  counts: number[],
  stadistinct: number,
  nullFrac: number,
  samplerows: number,
  totalrows: number,
): number {
  let numMcv = counts.length;
  if (samplerows === totalrows || totalrows <= 1) return numMcv;
  const ndistinctTable = stadistinct < 0 ? -stadistinct * totalrows : stadistinct;
  let sumcount = 0;
  for (let i = 0; i < numMcv - 1; i++) sumcount += counts[i]!;
  while (numMcv > 0) {
    let selec = 1 - sumcount / samplerows - nullFrac;
    selec = Math.min(1, Math.max(0, selec));
    const otherDistinct = ndistinctTable - (numMcv - 1);
    if (otherDistinct > 1) selec /= otherDistinct;
    const N = totalrows;
    const n = samplerows;
    const K = (N * counts[numMcv - 1]!) / n;
    const variance = (n * K * (N - K) * (N - n)) / (N * N * (N - 1));
    const stddev = Math.sqrt(variance);
    if (counts[numMcv - 1]! > selec * samplerows + 2 * stddev + 0.5) break;
    numMcv--;
    if (numMcv === 0) break;
    sumcount -= counts[numMcv - 1]!;
  }
  return numMcv;
}
