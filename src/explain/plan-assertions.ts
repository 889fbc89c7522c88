// The catalog's property assertions on a plan shape: "uses index X", "uses an index on table T",
// "no sequential scan of a table over N rows", "no sort node"; each result says why. Pure.
import { type PlanShape, shapeNodes } from "./plan-shape.js";
import type { Assertion } from "./query-catalog.js";

/** What an assertion found: pass, and a sentence saying why. */
export interface AssertionResult {
  assert: string;
  pass: boolean;
  detail: string;
}

export function describeAssertion(a: Assertion): string {
  switch (a.kind) {
    case "uses-index":
      return `uses-index ${a.index}`;
    case "uses-index-on":
      return `uses-index-on ${a.table}`;
    case "no-seq-scan-over":
      return `no-seq-scan-over ${a.rows}`;
    case "no-sort":
      return "no-sort";
  }
}

/** Evaluates the catalog's property assertions on a plan shape. */
export function checkAssertions(
  shape: PlanShape,
  relationRows: Record<string, number>,
  assertions: Assertion[],
): AssertionResult[] {
  const nodes = shapeNodes(shape);
  return assertions.map((a) => checkAssertion(a, nodes, relationRows));
}

function checkAssertion(
  a: Assertion,
  nodes: PlanShape[],
  relationRows: Record<string, number>,
): AssertionResult {
  const assert = describeAssertion(a);
  switch (a.kind) {
    case "uses-index": {
      const hit = nodes.some((n) => n.index === a.index);
      return {
        assert,
        pass: hit,
        detail: hit ? `the plan uses ${a.index}` : `the plan does not use ${a.index}`,
      };
    }
    case "uses-index-on": {
      const used = nodes.filter((n) => n.index && n.relation === a.table).map((n) => n.index!);
      // Bitmap Index Scan nodes name the index but not the table: their parent Bitmap Heap Scan does.
      const bitmap = nodes
        .filter((n) => n.node === "Bitmap Heap Scan" && n.relation === a.table)
        .flatMap((n) => shapeNodes(n).flatMap((x) => (x.index ? [x.index] : [])));
      const all = [...new Set([...used, ...bitmap])];
      return {
        assert,
        pass: all.length > 0,
        detail:
          all.length > 0 ? `${a.table} is read through ${all.join(", ")}` : `no index of ${a.table} is used`,
      };
    }
    case "no-seq-scan-over": {
      const big = nodes.filter(
        (n) => n.node === "Seq Scan" && n.relation && (relationRows[n.relation] ?? 0) > a.rows,
      );
      return {
        assert,
        pass: big.length === 0,
        detail:
          big.length === 0
            ? `no sequential scan of a table over ${a.rows} rows`
            : `sequential scan of ${big.map((n) => `${n.relation} (~${relationRows[n.relation!]} rows)`).join(", ")}`,
      };
    }
    case "no-sort": {
      const sorts = nodes.filter((n) => n.node === "Sort" || n.node === "Incremental Sort");
      return {
        assert,
        pass: sorts.length === 0,
        detail:
          sorts.length === 0
            ? "no sort node"
            : `${sorts.length} sort node(s): ${sorts.map((s) => s.sortKey?.join(", ") ?? s.node).join("; ")}`,
      };
    }
  }
}
