// Plan fingerprints from real EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output of the dev band
// (PostgreSQL 18): what must not move the fingerprint (timings, costs, rows, buffers, worker
// counts, temp schema numbers) and what must (another index, no index, parallelism).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planShape, type RawPlanNode, renderShape, shapeFingerprint } from "../../src/explain/plan-shape.js";
import { treeDiff } from "../../src/explain/tree-diff.js";

function load(name: string): RawPlanNode {
  const text = readFileSync(new URL(`../fixtures/plans/${name}.json`, import.meta.url), "utf8");
  return (JSON.parse(text) as Array<{ Plan: RawPlanNode }>)[0]!.Plan;
}

function mapNodes(node: RawPlanNode, f: (n: RawPlanNode) => RawPlanNode): RawPlanNode {
  const out = f({ ...node });
  if (node.Plans) out.Plans = node.Plans.map((c) => mapNodes(c, f));
  return out;
}

const fp = (n: RawPlanNode) => shapeFingerprint(planShape(n));

describe("plan shape fingerprint", () => {
  it("is the same for two runs of one plan whose timings and buffers differ", () => {
    for (const plan of ["latest-messages-seqscan", "latest-messages-index"]) {
      const a = load(`${plan}-1`);
      const b = load(`${plan}-2`);
      expect(JSON.stringify(a)).not.toBe(JSON.stringify(b)); // the raw runs do differ
      expect(fp(a)).toBe(fp(b));
    }
  });

  it("ignores costs, row estimates, actual rows, timings, buffers and worker counts", () => {
    const plan = load("latest-messages-seqscan-1");
    const noisy = mapNodes(plan, (n) => ({
      ...n,
      "Startup Cost": 1,
      "Total Cost": 2,
      "Plan Rows": 3,
      "Actual Rows": 4,
      "Actual Total Time": 5,
      "Shared Hit Blocks": 6,
      "Shared Read Blocks": 7,
      ...(n["Workers Planned"] !== undefined ? { "Workers Planned": 4, "Workers Launched": 0 } : {}),
      ...(n.Workers ? { Workers: [] } : {}),
    }));
    expect(fp(noisy)).toBe(fp(plan));
  });

  it("ignores the backend-specific schema of a temporary table (pg_temp_N, as VERBOSE prints it)", () => {
    const plan = load("temp-table-join");
    const inSchema = (k: number) =>
      mapNodes(plan, (n) => (n["Relation Name"] === "recent" ? { ...n, Schema: `pg_temp_${k}` } : n));
    expect(JSON.stringify(inSchema(3))).not.toBe(JSON.stringify(inSchema(7)));
    expect(fp(inSchema(3))).toBe(fp(inSchema(7)));
    expect(fp(inSchema(3))).toBe(fp(plan));
    expect(renderShape(planShape(plan))).toContain("      -> Seq Scan on recent");
  });

  it("changes when the index changes, when the index goes, and with parallelism", () => {
    const seq = fp(load("latest-messages-seqscan-1"));
    const index = fp(load("latest-messages-index-1"));
    const serial = fp(load("latest-messages-seqscan-noparallel"));
    expect(new Set([seq, index, serial]).size).toBe(3);
    const renamed = mapNodes(load("latest-messages-index-1"), (n) =>
      n["Index Name"] ? { ...n, "Index Name": "messages_other_idx" } : n,
    );
    expect(fp(renamed)).not.toBe(index);
    const joinChanged = mapNodes(load("active-conversations-index"), (n) =>
      n["Node Type"] === "Nested Loop" ? { ...n, "Node Type": "Hash Join" } : n,
    );
    expect(fp(joinChanged)).not.toBe(fp(load("active-conversations-index")));
  });

  it("keeps node types, relations, index names, sort keys and the tree structure", () => {
    expect(renderShape(planShape(load("latest-messages-seqscan-1")))).toEqual([
      "Limit",
      "  -> Gather Merge",
      '    -> Sort by "createdAt" DESC',
      "      -> Parallel Seq Scan on messages",
    ]);
    expect(renderShape(planShape(load("active-conversations-index")))).toEqual([
      "Limit",
      '  -> Sort by c."updatedAt" DESC',
      "    -> Nested Loop (Inner)",
      "      -> Index Only Scan using conversation_users_userId_isActive_idx on conversation_users",
      "      -> Index Scan using conversations_pkey on conversations <Inner>",
    ]);
  });

  it("diffs two shapes as an indented tree, old lines with -, new lines with +", () => {
    const before = renderShape(planShape(load("latest-messages-index-1")));
    const after = renderShape(planShape(load("latest-messages-seqscan-1")));
    const diff = treeDiff(before, after);
    expect(diff[0]).toBe("  Limit");
    expect(diff).toContain("-   -> Index Scan using messages_conversationId_createdAt_idx on messages");
    expect(diff).toContain("+       -> Parallel Seq Scan on messages");
    expect(treeDiff(before, before).every((l) => l.startsWith("  "))).toBe(true);
  });
});
