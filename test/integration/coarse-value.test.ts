// The sampler's coarse value (numeric arithmetic) and its float8 form (what `seedband report`
// groups numbers by, for speed) give the same value on the server, ties included.
import { describe, expect, it } from "vitest";
import { connect } from "../../src/db/index.js";
import { coarseFloat8, coarseValue } from "../../src/privacy/index.js";

const SYSTEM_URL = process.env.SEEDBAND_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

describe("coarseFloat8", () => {
  it("equals coarseValue on every integer to 100,000, on ties (and just below) at every scale, and on fractions", async () => {
    const session = await connect(SYSTEM_URL);
    try {
      const { rows } = await session.query<{ values: string; differ: string; sample: string | null }>(
        `WITH x AS (
           SELECT v::float8 AS v FROM generate_series(-3, 100000) v
           UNION ALL SELECT (k * 10 ^ j + 5 * 10 ^ (j - 1))::float8 FROM generate_series(100, 999) k, generate_series(1, 12) j
           UNION ALL SELECT (k * 10 ^ j + 5 * 10 ^ (j - 1) - 1)::float8 FROM generate_series(100, 999) k, generate_series(1, 12) j
           UNION ALL SELECT v / 7.0 FROM generate_series(7000, 2000000, 997) v
         ), c AS (
           SELECT v, ${coarseValue("v")}::float8 AS a, ${coarseFloat8("v")} AS b FROM x
         )
         SELECT count(*) AS values, count(*) FILTER (WHERE a <> b) AS differ,
                min(v::text || ': ' || a || ' vs ' || b) FILTER (WHERE a <> b) AS sample FROM c`,
      );
      expect(Number(rows[0]!.values)).toBeGreaterThan(100_000);
      expect(Number(rows[0]!.differ), rows[0]!.sample ?? "").toBe(0);
    } finally {
      await session.end();
    }
  });
});
