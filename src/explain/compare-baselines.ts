// `baseline compare A B`: the same queries in two baseline folders (e.g. before and after an index
// migration) side by side: median time, buffers, whether the plan changed, and the reduction. Pure.
import type { BaselineDocument } from "./baseline-file.js";
import { significant } from "./stats.js";

export interface ComparisonRow {
  query: string;
  key: string;
  before?: { medianMs: number; buffers: number; fingerprint: string; plan: string[] };
  after?: { medianMs: number; buffers: number; fingerprint: string; plan: string[] };
  planChanged: boolean | null;
  /** (before − after) / before × 100 of the median time; null when one side is missing. */
  timeReductionPct: number | null;
  bufferReductionPct: number | null;
}

export interface Comparison {
  rows: ComparisonRow[];
  notes: string[];
}

export function compareBaselines(a: BaselineDocument[], b: BaselineDocument[]): Comparison {
  const notes: string[] = [];
  const majorsA = [...new Set(a.map((d) => d.server.major))];
  const majorsB = [...new Set(b.map((d) => d.server.major))];
  if (majorsA.join() !== majorsB.join()) {
    notes.push(
      `captured on different PostgreSQL major versions (${majorsA.join(", ")} vs ${majorsB.join(", ")}): plans differ by design`,
    );
  }
  const bandsA = [...new Set(a.map((d) => d.band))].join(", ");
  const bandsB = [...new Set(b.map((d) => d.band))].join(", ");
  if (bandsA !== bandsB) notes.push(`different bands (${bandsA} vs ${bandsB})`);
  const byName = (docs: BaselineDocument[]) => new Map(docs.map((d) => [d.query, d]));
  const mapA = byName(a);
  const mapB = byName(b);
  const names = [...new Set([...mapA.keys(), ...mapB.keys()])].sort();
  const rows: ComparisonRow[] = [];
  for (const name of names) {
    const ca = mapA.get(name)?.cases ?? {};
    const cb = mapB.get(name)?.cases ?? {};
    for (const key of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
      const x = ca[key];
      const y = cb[key];
      const side = (c: typeof x) =>
        c
          ? { medianMs: c.timeMs.median, buffers: c.buffers, fingerprint: c.fingerprint, plan: c.plan }
          : undefined;
      const before = side(x);
      const after = side(y);
      rows.push({
        query: name,
        key,
        ...(before ? { before } : {}),
        ...(after ? { after } : {}),
        planChanged: before && after ? before.fingerprint !== after.fingerprint : null,
        timeReductionPct: before && after ? reduction(before.medianMs, after.medianMs) : null,
        bufferReductionPct: before && after ? reduction(before.buffers, after.buffers) : null,
      });
    }
  }
  return { rows, notes };
}

function reduction(before: number, after: number): number | null {
  if (before <= 0) return null;
  return significant(((before - after) / before) * 100, 4);
}

/** The comparison as a text table. */
export function comparisonTable(c: Comparison, labels: [string, string] = ["A", "B"]): string[] {
  const header = [
    "query",
    "case",
    `median ${labels[0]}`,
    `median ${labels[1]}`,
    "time -%",
    `buffers ${labels[0]}`,
    `buffers ${labels[1]}`,
    "buffers -%",
    "plan",
  ];
  const body = c.rows.map((r) => [
    r.query,
    r.key,
    r.before ? `${r.before.medianMs} ms` : "-",
    r.after ? `${r.after.medianMs} ms` : "-",
    r.timeReductionPct === null ? "-" : `${r.timeReductionPct}%`,
    r.before ? String(r.before.buffers) : "-",
    r.after ? String(r.after.buffers) : "-",
    r.bufferReductionPct === null ? "-" : `${r.bufferReductionPct}%`,
    r.planChanged === null ? (r.before ? "only A" : "only B") : r.planChanged ? "changed" : "same",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
}
