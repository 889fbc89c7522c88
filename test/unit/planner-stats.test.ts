// The ANALYZE mirror (analyzeColumn, analyzeMcvList) on hand-made samples whose statistics follow
// from analyze.c by hand; the statistics file of a generated band passes `pii check --profile
// data` (its values are generated), and a planted real-looking email in it does not.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT, projectPaths } from "../../src/config/index.js";
import { analyzeColumn, analyzeMcvList, arrayLiteral, type BandStatsFile } from "../../src/explain/index.js";
import { bandStats, parseCopyLine, prepareBand, readProjectInputs } from "../../src/pipeline/index.js";
import { scanFiles } from "../../src/privacy/index.js";
import { streamFor } from "../../src/random/index.js";

const int = { compare: "number", typlen: 4 } as const;
const text = { compare: "text", typlen: -1 } as const;

describe("analyzeColumn mirrors compute_scalar_stats", () => {
  it("a unique column: n_distinct -1 less the nulls, no MCV, a histogram of every value, correlation 1 in order", () => {
    const values = [...Array.from({ length: 200 }, (_, i) => String(i + 1)), null, null];
    const s = analyzeColumn(values, int, { totalRows: 202 });
    expect(s.null_frac).toBeCloseTo(2 / 202, 12);
    expect(s.n_distinct).toBeCloseTo(-(1 - 2 / 202), 12);
    expect(s.most_common_vals).toBeUndefined();
    expect(s.histogram_bounds).toHaveLength(101);
    expect(s.histogram_bounds![0]).toBe("1");
    expect(s.histogram_bounds![100]).toBe("200");
    expect(s.correlation).toBe(1);
    expect(s.avg_width).toBe(4);
  });

  it("every value repeated: n_distinct is the count seen, all kept as MCVs when the whole table was sampled", () => {
    const values = Array.from({ length: 300 }, (_, i) => ["a", "b", "b", "c", "c", "c"][i % 6]!);
    const s = analyzeColumn(values, text, { totalRows: 300 });
    expect(s.n_distinct).toBe(3);
    expect(s.most_common_vals).toEqual(["c", "b", "a"]);
    expect(s.most_common_freqs).toEqual([0.5, 1 / 3, 1 / 6]);
    expect(s.histogram_bounds).toBeUndefined();
    // 1-byte varlena header + 1 byte of data
    expect(s.avg_width).toBe(2);
  });

  it("Haas–Stokes for a sample of a bigger table, scaled to -d/N above 10% of the rows", () => {
    // 1000 sampled rows: 400 values twice (800 rows) and 200 once (f1 = 200, d = 600).
    const values = [
      ...Array.from({ length: 400 }, (_, i) => [String(i), String(i)]).flat(),
      ...Array.from({ length: 200 }, (_, i) => String(1000 + i)),
    ];
    const N = 100_000;
    const s = analyzeColumn(values, int, { totalRows: N });
    const expected = Math.floor((1000 * 600) / (1000 - 200 + (200 * 1000) / N) + 0.5);
    expect(s.n_distinct).toBe(expected); // 748: under 10% of N, so a count
    const exact = analyzeColumn(values, int, { totalRows: N, exactDistinct: 50_000 });
    expect(exact.n_distinct).toBe(-0.5);
  });

  it("analyzeMcvList keeps only values significantly above the rest's average", () => {
    // A heavy value (300 of 1000) and flat ones (2 each) in a table of a million rows.
    expect(analyzeMcvList([300, 2, 2, 2], 5000, 0, 1000, 1_000_000)).toBe(1);
    // The whole table sampled: the list is kept whole.
    expect(analyzeMcvList([300, 2, 2, 2], 5000, 0, 1000, 1000)).toBe(4);
  });

  it("with the table's frequencies, most-common values are the ones most simulated ANALYZE samples keep", () => {
    // 9,999 values with 10 rows each and "h" with 20, in 100,010 rows. This sample drew "h" 11
    // times (expected 20 × 30,000 / 100,010 = 6) and every other value 3 times (v0 4 times).
    const values = [
      ...Array.from({ length: 9996 }, (_, i) => Array(i === 0 ? 4 : 3).fill(`v${i}`)).flat(),
      ...Array(11).fill("h"),
    ];
    expect(values).toHaveLength(30_000);
    const totalRows = 100_010;
    const drawn = analyzeColumn(values, text, { totalRows });
    expect(drawn.most_common_vals).toEqual(["h"]); // 11 clears the cut-off (about 9)
    const counts = new Map([["h", 20], ...Array.from({ length: 9999 }, (_, i) => [`v${i}`, 10] as const)]);
    const random = () => streamFor(7, "test", "mcv");
    const likely = analyzeColumn(values, text, {
      totalRows,
      frequencies: { counts, rows: totalRows, random: random() },
    });
    expect(likely.most_common_vals).toBeUndefined(); // at 6 expected, most samples drop it
    expect(likely.n_distinct).toBe(drawn.n_distinct); // the estimate stays the sample's
    // A clear most-common value: kept, with the table's frequency, not the sample's 1,400 / 30,000.
    const heavy = [...Array(1400).fill("a"), ...values.slice(0, 28_600)];
    counts.set("a", 5000);
    const withHeavy = analyzeColumn(heavy, text, {
      totalRows: totalRows + 5000,
      frequencies: { counts, rows: totalRows + 5000, random: random() },
    });
    expect(withHeavy.most_common_vals).toEqual(["a"]);
    expect(withHeavy.most_common_freqs![0]).toBeCloseTo(5000 / 105_010, 10);
  });

  it("enum values sort in declaration order, not byte order", () => {
    const kind = { compare: "enum", typlen: 4, enumValues: ["zeta", "alpha", "mid"] } as const;
    const values = Array.from({ length: 60 }, (_, i) => ["alpha", "zeta", "mid"][i % 3]!);
    const s = analyzeColumn(values, kind, { totalRows: 60 });
    expect(s.most_common_vals!.slice().sort()).toEqual(["alpha", "mid", "zeta"]);
    // Equal counts: MCVs come out in sort order, which is the enum's.
    expect(s.most_common_vals).toEqual(["zeta", "alpha", "mid"]);
  });

  it("COPY text lines and array literals round-trip the values", () => {
    expect(parseCopyLine("1\t\\N\ta\\tb\\\\c")).toEqual(["1", null, "a\tb\\c"]);
    expect(arrayLiteral(['say "hi"', "back\\slash", "x,y"])).toBe('{"say \\"hi\\"","back\\\\slash","x,y"}');
  });
});

describe("the statistics file and the PII gate", () => {
  let dir: string;
  let file: BandStatsFile;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sb-stats-pii-"));
    const inputs = await readProjectInputs(projectPaths(PACKAGE_ROOT), {});
    file = bandStats(prepareBand(inputs, "ci", 1, "test"));
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("is deterministic and has the band's exact row counts", () => {
    const inputs = file.tables.messages!;
    expect(inputs.reltuples).toBe(50_000);
    expect(inputs.sampleRows).toBe(30_000);
    expect(file.tables.conversations!.columns.id!.n_distinct).toBe(-1);
  });

  it("passes pii check --profile data; a planted real-looking email does not", async () => {
    const clean = join(dir, "ci.json");
    await writeFile(clean, JSON.stringify(file, null, 2));
    const ok = await scanFiles([clean], "data");
    expect(ok.findings).toEqual([]);
    const planted = structuredClone(file);
    planted.tables.users!.columns.email!.histogram_bounds![3] = "maria.lopez1987@gmail.com";
    const bad = join(dir, "planted.json");
    await writeFile(bad, JSON.stringify(planted, null, 2));
    const found = await scanFiles([bad], "data");
    expect(found.findings.map((f) => f.path)).toContain("$.tables.users.columns.email.histogram_bounds[3]");
  });
});
