// The planner statistics a band would have after ANALYZE, without loading it: per table the row
// count (exact, from the plan) and pages (from the sampled rows' on-disk widths), per column what
// compute_scalar_stats would store (explain's analyzeColumn), over a deterministic sample of
// 300 × the statistics target rows generated at chosen blocks. Needs no server.

import {
  analyzeColumn,
  type BandStatsFile,
  type ColumnKind,
  type ColumnStats,
  STATS_FORMAT,
  STATS_METHOD,
  type TableStats,
  varlenaSize,
} from "../explain/index.js";
import type { BandGenerator, PlannedModel } from "../generate/index.js";
import { sampleDistinct, streamFor } from "../random/index.js";
import type { Column, EnumType } from "../schema/index.js";
import type { PreparedBand } from "./prepared-band.js";

export interface BandStatsOptions {
  /** default_statistics_target (100): ANALYZE samples 300 × it rows per table. */
  target?: number;
  /** At most this many rows generated per table to draw the sample from (whole blocks, spread evenly). */
  generateBudget?: number;
}

export const DEFAULT_GENERATE_BUDGET = 6_000_000;

/** The statistics of `prepared`'s band, as ANALYZE of the loaded band would compute them. */
export function bandStats(prepared: PreparedBand, options: BandStatsOptions = {}): BandStatsFile {
  const target = options.target ?? 100;
  const sampleSize = 300 * target;
  const budget = Math.max(sampleSize, options.generateBudget ?? DEFAULT_GENERATE_BUDGET);
  const { generator } = prepared;
  const enums = prepared.inputs.graph.enums;
  const tables: Record<string, TableStats> = {};
  for (const table of generator.tables()) {
    const { planned } = table;
    if (planned.rows === 0) continue;
    const { rows, generated, counts } = sampleRows(generator, planned, prepared.seed, sampleSize, budget);
    const columns = planned.model.columns;
    const byName = new Map(
      columns.flatMap((c) => [[c.columnName, c] as const, [quoteIdent(c.columnName), c] as const]),
    );
    const written = table.columnNames.map((n) => byName.get(n)!);
    const columnStats: Record<string, ColumnStats> = {};
    written.forEach((column, i) => {
      const kind = columnKind(column, enums);
      if (!kind) return;
      const values =
        parentColumnSample(generator, planned, column, sampleSize) ?? rows.map((r) => r[i] ?? null);
      const exactDistinct = exactDistinctOf(planned, column, values);
      const counted = parentFrequencies(generator, planned, column) ?? countedOf(counts[i], generated);
      const random = streamFor(
        prepared.seed,
        "planner-stats",
        planned.model.tableName,
        column.columnName,
        "mcv",
      );
      columnStats[column.columnName] = analyzeColumn(values, kind, {
        totalRows: planned.rows,
        target,
        ...(exactDistinct !== undefined ? { exactDistinct } : {}),
        ...(counted ? { frequencies: { ...counted, random } } : {}),
      });
    });
    const tupleBytes = averageTupleBytes(rows, written, enums);
    const relpages = heapPages(planned.rows, tupleBytes);
    tables[table.tableName] = {
      schema: table.schemaName,
      reltuples: planned.rows,
      relpages,
      relallvisible: relpages,
      sampleRows: rows.length,
      generatedRows: generated,
      columns: columnStats,
    };
  }
  return {
    format: STATS_FORMAT,
    kind: "planner-statistics",
    band: prepared.band,
    seed: prepared.seed,
    bandFingerprint: prepared.fingerprint,
    statisticsTarget: target,
    method: STATS_METHOD,
    tables,
  };
}

/** A deterministic sample of `size` rows drawn from whole blocks spread over the table (within `budget` generated rows). */
function sampleRows(
  generator: BandGenerator,
  planned: PlannedModel,
  seed: number,
  size: number,
  budget: number,
): { rows: Array<Array<string | null>>; generated: number; counts: Array<Map<string, number> | undefined> } {
  const tableName = planned.model.tableName;
  const blocks = chooseBlocks(planned.blockRows, budget);
  const generated = blocks.reduce((s, b) => s + planned.blockRows[b]!, 0);
  const take = Math.min(size, generated);
  const picked = new Set(
    take === generated
      ? Array.from({ length: generated }, (_, i) => i)
      : sampleDistinct(streamFor(seed, "planner-stats", tableName), generated, take),
  );
  const rows: Array<Array<string | null>> = [];
  // Every generated row's values are counted too (the frequencies the most-common values are
  // decided on), per column until it holds more than COUNTED_DISTINCT different values: a column
  // that varied has no most-common value worth the memory.
  const counts: Array<Map<string, number> | undefined> = [];
  let index = 0;
  for (const chunk of generator.copyChunks(planned, blocks, "text")) {
    // Only the picked lines are decoded whole; of the others, the counted fields.
    const bytes = chunk.bytes;
    for (let start = 0; start < bytes.length; ) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      if (picked.has(index)) rows.push(parseCopyLine(bytes.toString("utf8", start, end)));
      let field = 0;
      for (let from = start; from <= end; field++) {
        let to = bytes.indexOf(9, from);
        if (to < 0 || to > end) to = end;
        if (index === 0) counts[field] = new Map();
        const counting = counts[field];
        if (counting) {
          const value = parseCopyField(bytes.toString("utf8", from, to));
          if (value !== null) counting.set(value, (counting.get(value) ?? 0) + 1);
          if (counting.size > COUNTED_DISTINCT) counts[field] = undefined;
        }
        from = to + 1;
      }
      index++;
      start = end + 1;
    }
  }
  return { rows, generated, counts };
}

/** Different values a column's frequencies are counted up to (beyond: its sample decides alone). */
const COUNTED_DISTINCT = 300_000;

function countedOf(
  counts: Map<string, number> | undefined,
  rows: number,
): { counts: ReadonlyMap<string, number>; rows: number } | undefined {
  return counts && rows > 0 ? { counts, rows } : undefined;
}

/** The frequencies of the foreign key a table is generated under: each parent's row count, exact. */
function parentFrequencies(
  generator: BandGenerator,
  planned: PlannedModel,
  column: Column,
): { counts: ReadonlyMap<string, number>; rows: number } | undefined {
  const fk = planned.parent?.fk;
  const perParent = planned.perParent;
  if (!fk || !perParent || fk.fields.length !== 1 || fk.fields[0] !== column.fieldName) return undefined;
  const keys = generator.columnValues(planned.parent!.planned, fk.targetFields[0]!);
  if (keys.length !== perParent.length) return undefined;
  const counts = new Map<string, number>();
  perParent.forEach((n, i) => {
    if (n > 0) counts.set(String(keys[i]), n);
  });
  return { counts, rows: planned.rows };
}

/** Blocks spread evenly over the table, as many as fit in the budget (at least one). */
function chooseBlocks(blockRows: Float64Array, budget: number): number[] {
  const total = blockRows.reduce((s, r) => s + r, 0);
  const count = blockRows.length;
  if (total <= budget) return Array.from({ length: count }, (_, b) => b);
  const nonEmpty = Array.from({ length: count }, (_, b) => b).filter((b) => blockRows[b]! > 0);
  const average = total / Math.max(1, nonEmpty.length);
  let k = Math.max(1, Math.min(nonEmpty.length, Math.floor(budget / average)));
  for (;;) {
    const chosen = Array.from(
      { length: k },
      (_, i) => nonEmpty[Math.floor(((i + 0.5) * nonEmpty.length) / k)]!,
    );
    const rows = chosen.reduce((s, b) => s + blockRows[b]!, 0);
    if (rows <= budget || k === 1) return chosen;
    k--;
  }
}

/**
 * The foreign key a root's children are generated under is known exactly from the plan: how many
 * rows each parent has (perParent), in table order. A systematic sample of `size` rows over the
 * whole table (not only the generated blocks) is what a uniform ANALYZE sample sees, so the
 * heaviest parents — the most common values that steer plans — are the table's, not a block's.
 */
function parentColumnSample(
  generator: BandGenerator,
  planned: PlannedModel,
  column: Column,
  size: number,
): string[] | undefined {
  const fk = planned.parent?.fk;
  const perParent = planned.perParent;
  if (!fk || !perParent || fk.fields.length !== 1 || fk.fields[0] !== column.fieldName) return undefined;
  const keys = generator.columnValues(planned.parent!.planned, fk.targetFields[0]!);
  if (keys.length !== perParent.length) return undefined;
  const take = Math.min(size, planned.rows);
  const out: string[] = [];
  let parent = 0;
  let upTo = perParent[0] ?? 0;
  for (let k = 0; k < take; k++) {
    const position = Math.floor(((k + 0.5) * planned.rows) / take);
    while (position >= upTo && parent < perParent.length - 1) upTo += perParent[++parent]!;
    out.push(String(keys[parent]));
  }
  return out;
}

const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

/** One line of COPY text: fields by tab, `\N` is NULL, backslash escapes undone. */
export function parseCopyLine(line: string): Array<string | null> {
  return line.split("\t").map(parseCopyField);
}

function parseCopyField(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  return field.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** How a column compares and its width; undefined for what seedband leaves to ANALYZE (lists, JSON, bytes). */
function columnKind(column: Column, enums: EnumType[]): ColumnKind | undefined {
  if (column.isList) return undefined;
  const native = column.nativeType?.name;
  switch (column.type) {
    case "Int":
      return { compare: "number", typlen: native === "SmallInt" ? 2 : 4 };
    case "BigInt":
      return { compare: "number", typlen: 8 };
    case "Float":
      return { compare: "number", typlen: native === "Real" ? 4 : 8 };
    case "Decimal":
      return { compare: "number", typlen: -1 };
    case "Boolean":
      return { compare: "text", typlen: 1 };
    case "DateTime":
      // ISO text in UTC with a fixed-width date: byte order is time order.
      return { compare: "text", typlen: native === "Date" ? 4 : 8 };
    case "String":
      return native === "Uuid" ? { compare: "text", typlen: 16 } : { compare: "text", typlen: -1 };
    case "Enum": {
      const values = enums.find((e) => e.name === column.enumName)?.values ?? [];
      return { compare: "enum", typlen: 4, enumValues: values };
    }
    default:
      return undefined;
  }
}

/**
 * n_distinct known from the plan: a single-column unique key has one value per row; a foreign key
 * the rows are generated under takes exactly the parents that have children.
 */
function exactDistinctOf(
  planned: PlannedModel,
  column: Column,
  values: ReadonlyArray<string | null>,
): number | undefined {
  const model = planned.model;
  const singlePk = model.columns.filter((c) => c.isId).length === 1 && column.isId;
  if (column.isUnique || singlePk) {
    const nulls = values.filter((v) => v === null).length;
    return planned.rows * (1 - (values.length ? nulls / values.length : 0));
  }
  const fk = planned.parent?.fk;
  if (fk && fk.fields.length === 1 && fk.fields[0] === column.fieldName && planned.perParent) {
    let parents = 0;
    for (const n of planned.perParent) if (n > 0) parents++;
    return parents;
  }
  return undefined;
}

/** Alignment (bytes) of a fixed-width column. */
function alignOf(typlen: number): number {
  return typlen >= 8 ? 8 : typlen === 4 || typlen === 16 ? (typlen === 16 ? 1 : 4) : typlen === 2 ? 2 : 1;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** Average heap tuple size: 23-byte header + null bitmap, MAXALIGNed, then aligned columns. */
function averageTupleBytes(rows: Array<Array<string | null>>, columns: Column[], enums: EnumType[]): number {
  if (rows.length === 0) return 32;
  const kinds = columns.map((c) => columnKind(c, enums));
  let sum = 0;
  for (const row of rows) {
    const hasNull = row.some((v) => v === null);
    let size = align(23 + (hasNull ? Math.ceil(columns.length / 8) : 0), 8);
    row.forEach((value, i) => {
      if (value === null) return;
      const kind = kinds[i];
      const typlen = kind?.typlen ?? -1;
      if (typlen > 0) {
        size = align(size, alignOf(typlen)) + typlen;
        return;
      }
      const bytes = Buffer.byteLength(value, "utf8");
      // Short varlenas are packed unaligned; longer ones take a 4-byte aligned header.
      size = bytes <= 126 ? size + varlenaSize(bytes) : align(size, 4) + varlenaSize(bytes);
    });
    // A row over ~2 kB is TOASTed: its wide values move out of line (an 18-byte pointer each).
    sum += Math.min(align(size, 8), 2032);
  }
  return sum / rows.length;
}

/** Heap pages for `rows` tuples of `tupleBytes`: 8192-byte pages less the 24-byte header, a 4-byte line pointer per tuple. */
function heapPages(rows: number, tupleBytes: number): number {
  const perPage = Math.max(1, Math.min(291, Math.floor(8168 / (tupleBytes + 4))));
  return Math.ceil(rows / perPage);
}
