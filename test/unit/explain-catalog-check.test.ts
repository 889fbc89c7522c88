// The query catalog's SQL header, and the judgement of a capture against its baseline: what fails
// (shape, buffers, a slow median confirmed twice, assertions) and what only notes (one noisy
// measurement, a plan the stability runs recorded, another major version).
import { describe, expect, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import { type BaselineCase, type BaselineDocument, toBaselineCase } from "../../src/explain/baseline-file.js";
import type { CaseCapture, Measurement } from "../../src/explain/capture.js";
import { compareBaselines, comparisonTable } from "../../src/explain/compare-baselines.js";
import { judgeCase, needsConfirmation, versionMismatch } from "../../src/explain/plan-check.js";
import { type PlanShape, renderShape, shapeFingerprint } from "../../src/explain/plan-shape.js";
import { parseSqlQuery } from "../../src/explain/query-catalog.js";

describe("SQL query files", () => {
  it("reads the header and numbers named parameters, leaving casts, strings and comments alone", () => {
    const q = parseSqlQuery(
      [
        "-- name: latest",
        "-- description: the chat screen",
        "-- param c: messages.conversationId typical heavy",
        "-- param n: 50",
        "-- assert: uses-index m_idx",
        "-- assert: no-seq-scan-over 1000",
        "-- assert: no-sort",
        "SELECT ':x', id::text -- :y",
        'FROM messages WHERE "conversationId" = :c AND id > :n AND "conversationId" <> :c LIMIT :n;',
      ].join("\n"),
      "queries/latest.sql",
    );
    expect(q.name).toBe("latest");
    expect(q.description).toBe("the chat screen");
    expect(q.variants).toEqual(["typical", "heavy"]);
    expect(q.params.c).toEqual({
      kind: "entity",
      table: "messages",
      column: "conversationId",
      representatives: ["typical", "heavy"],
    });
    expect(q.params.n).toEqual({ kind: "literal", value: 50 });
    expect(q.assertions).toEqual([
      { kind: "uses-index", index: "m_idx" },
      { kind: "no-seq-scan-over", rows: 1000 },
      { kind: "no-sort" },
    ]);
    expect(q.source.kind === "sql" && q.source.sql).toBe(
      'SELECT \':x\', id::text -- :y\nFROM messages WHERE "conversationId" = $1 AND id > $2 AND "conversationId" <> $1 LIMIT $2',
    );
  });

  it.each([
    ["-- param c: messages.conversationId median\nSELECT :c", "queries/q.sql:1", "unknown representative"],
    ["-- assert: uses-index\nSELECT 1", "queries/q.sql:1", "cannot read the assertion"],
    ["-- colour: red\nSELECT 1", "queries/q.sql:1", 'unknown header "colour"'],
    ["SELECT :c", "queries/q.sql", "declares no `-- param c"],
    ["-- param c: 1\nSELECT 1", "queries/q.sql", "never uses :c"],
    ["-- name: a b\nSELECT 1", "queries/q.sql:1", "must be letters"],
  ])("refuses %j naming where and what", (text, where, what) => {
    try {
      parseSqlQuery(text, "queries/q.sql");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SeedbandError);
      expect((error as SeedbandError).exitCode).toBe(2);
      expect((error as Error).message).toContain(`${where}:`);
      expect((error as Error).message).toContain(what);
    }
  });
});

const INDEX: PlanShape = {
  node: "Limit",
  children: [{ node: "Index Scan", index: "m_idx", relation: "messages" }],
};
const SEQ: PlanShape = {
  node: "Limit",
  children: [
    { node: "Sort", sortKey: ['"createdAt" DESC'], children: [{ node: "Seq Scan", relation: "messages" }] },
  ],
};

function measurement(
  shape: PlanShape,
  timesMs: number[],
  buffers = 10,
  estimate = { rows: 50, cost: 10 },
): Measurement {
  return {
    shape,
    fingerprint: shapeFingerprint(shape),
    plan: renderShape(shape),
    buffers: timesMs.map(() => buffers),
    timesMs,
    relationRows: { messages: 50_000 },
    estimate,
  };
}

function capture(m: Measurement, assertions: CaseCapture["assertions"] = []): CaseCapture {
  return {
    query: "latest",
    key: "typical",
    sql: "SELECT 1",
    args: [],
    params: {},
    assertions,
    measurement: m,
  };
}

const baseline: BaselineCase = toBaselineCase(capture(measurement(INDEX, [1, 1.1, 0.9, 1, 1.05, 0.95, 1])));

describe("judging a capture against its baseline", () => {
  it("passes the same plan with the same buffers and noisy times", () => {
    const v = judgeCase(baseline, capture(measurement(INDEX, [1.3, 0.8, 2.9, 1.2, 1.1, 0.9, 1.4])));
    expect(v.status).toBe("ok");
    expect(v.reasons).toEqual([]);
  });

  it("fails a changed shape with the tree diff, old vs new", () => {
    const v = judgeCase(baseline, capture(measurement(SEQ, [50, 50, 50])));
    expect(v.status).toBe("plan-changed");
    expect(v.diff).toEqual([
      "  Limit",
      "-   -> Index Scan using m_idx on messages",
      '+   -> Sort by "createdAt" DESC',
      "+     -> Seq Scan on messages",
    ]);
  });

  it("fails more shared buffers for the same plan", () => {
    const v = judgeCase(baseline, capture(measurement(INDEX, [1, 1, 1], 40)));
    expect(v.status).toBe("regressed");
    expect(v.reasons[0]).toContain("shared buffers grew from 10 to 40");
    expect(judgeCase(baseline, capture(measurement(INDEX, [1, 1, 1], 12))).status).toBe("ok");
  });

  it("fails a slower median only when a second measurement confirms it", () => {
    const slow = measurement(INDEX, [9, 9.5, 10, 9, 9.2, 9.1, 9.3]);
    expect(needsConfirmation(baseline, slow)).toBe(true);
    expect(needsConfirmation(baseline, measurement(INDEX, [1, 1, 1]))).toBe(false);
    const burst = judgeCase(baseline, capture(slow), measurement(INDEX, [1, 1.1, 1, 0.9, 1, 1, 1]));
    expect(burst.status).toBe("ok");
    expect(burst.notes.join()).toContain("noise");
    const real = judgeCase(baseline, capture(slow), slow);
    expect(real.status).toBe("regressed");
    expect(real.reasons[0]).toContain("median time 9.2 ms, then 9.2 ms");
  });

  it("accepts a plan the stability runs recorded, with a note", () => {
    const unstable: BaselineCase = {
      ...baseline,
      stability: {
        runs: 3,
        stable: false,
        fingerprints: [baseline.fingerprint, shapeFingerprint(SEQ)],
        plans: {},
      },
    };
    const v = judgeCase(unstable, capture(measurement(SEQ, [50])));
    expect(v.status).toBe("ok");
    expect(v.notes[0]).toContain("alternative plan");
  });

  it("fails property assertions with what the plan does instead", () => {
    const v = judgeCase(
      { ...baseline, fingerprint: shapeFingerprint(SEQ), plan: renderShape(SEQ) },
      capture(measurement(SEQ, [1]), [
        { kind: "no-sort" },
        { kind: "no-seq-scan-over", rows: 1000 },
        { kind: "uses-index-on", table: "messages" },
        { kind: "no-seq-scan-over", rows: 100_000 },
      ]),
    );
    expect(v.status).toBe("assertion-failed");
    expect(v.reasons).toEqual([
      'assertion no-sort failed: 1 sort node(s): "createdAt" DESC',
      "assertion no-seq-scan-over 1000 failed: sequential scan of messages (~50000 rows)",
      "assertion uses-index-on messages failed: no index of messages is used",
    ]);
  });
});

function doc(major: number, cases: Record<string, BaselineCase>): BaselineDocument {
  return {
    format: 1,
    query: "latest",
    band: "dev",
    bandFingerprint: null,
    server: { major },
    settings: {},
    cases,
  };
}

describe("estimates under injected statistics (--stats-as)", () => {
  // Captured without executing: no times, no buffers, the top node's estimates kept.
  const estimated = toBaselineCase(capture(measurement(INDEX, [], 0, { rows: 50, cost: 10.26 })), true);

  it("records the estimates, rounded, and no runs", () => {
    expect(estimated.estimate).toEqual({ rows: 50, cost: 10.26 });
    expect(estimated.timeMs.runs).toBe(0);
    expect(toBaselineCase(capture(measurement(INDEX, [1]))).estimate).toBeUndefined();
  });

  it("fails when the estimated rows move beyond 2x or the cost grows beyond 20%, never on time or buffers", () => {
    expect(judgeCase(estimated, capture(measurement(INDEX, [], 0, { rows: 90, cost: 12 }))).status).toBe(
      "ok",
    );
    const rows = judgeCase(estimated, capture(measurement(INDEX, [], 0, { rows: 101, cost: 10 })));
    expect(rows.status).toBe("regressed");
    expect(rows.reasons.join()).toMatch(/estimated rows moved from 50 to 101/);
    const fewer = judgeCase(estimated, capture(measurement(INDEX, [], 0, { rows: 24, cost: 10 })));
    expect(fewer.status).toBe("regressed");
    const cost = judgeCase(estimated, capture(measurement(INDEX, [], 0, { rows: 50, cost: 14 })));
    expect(cost.status).toBe("regressed");
    expect(cost.reasons.join()).toMatch(/estimated cost grew from 10.26 to 14/);
    // Slow, buffer-hungry executions would fail a measured baseline; an estimated one ignores them.
    expect(judgeCase(estimated, capture(measurement(INDEX, [900, 900, 900], 99_999))).status).toBe("ok");
    expect(needsConfirmation(estimated, measurement(INDEX, [900]))).toBe(false);
    const changed = judgeCase(estimated, capture(measurement(SEQ, [], 0)));
    expect(changed.status).toBe("plan-changed");
  });
});

describe("baseline compare and versions", () => {
  it("shows median time, buffers, plan change and reduction per case", () => {
    const before = toBaselineCase(capture(measurement(SEQ, [100, 100, 100], 1000)));
    const c = compareBaselines([doc(15, { typical: before })], [doc(15, { typical: baseline })]);
    expect(c.rows).toEqual([
      expect.objectContaining({
        query: "latest",
        key: "typical",
        planChanged: true,
        timeReductionPct: 99,
        bufferReductionPct: 99,
      }),
    ]);
    const table = comparisonTable(c);
    expect(table[0]).toMatch(/^query\s+case\s+median A\s+median B\s+time -%/);
    expect(table[2]).toMatch(/^latest\s+typical\s+100 ms\s+1 ms\s+99%\s+1000\s+10\s+99%\s+changed$/);
    expect(c.notes).toEqual([]);
    expect(compareBaselines([doc(15, {})], [doc(18, {})]).notes[0]).toContain(
      "different PostgreSQL major versions (15 vs 18)",
    );
  });

  it("says a baseline of another major version is not compared", () => {
    expect(versionMismatch(doc(15, {}), 15)).toBeUndefined();
    expect(versionMismatch(doc(15, {}), 18)).toContain(
      "captured on PostgreSQL 15; this server is PostgreSQL 18",
    );
  });
});
