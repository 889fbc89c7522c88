// BandGenerator: a band planned, then any table's rows for any set of blocks as COPY text, CSV
// or binary chunks. Pure of I/O; the loader decides where the bytes go.
import type { Overrides } from "../factories/index.js";
import type { ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";
import { BINARY_HEADER, BINARY_TRAILER, binaryRowWriter } from "./copy-binary.js";
import { byteLineWriter, CopyBytes, csvLineEncoder, isCanonicalColumn } from "./copy-encoder.js";
import { type BandPlan, bandVariables, makeNum, type PlannedModel, planBand } from "./plan.js";
import { RowSource } from "./row-source.js";
import { type TenantPromise, tenantPromises } from "./tenants.js";
import { type TimeOrderPromise, timeOrderPromises } from "./time-order-promises.js";

export interface TableOutput {
  planned: PlannedModel;
  modelName: string;
  tableName: string;
  schemaName: string;
  /** Quoted SQL column names in COPY order. */
  columnNames: string[];
  rows: number;
}

/** COPY's text format (UTF-8), CSV, or binary. */
export type CopyFormat = "text" | "csv" | "binary";

export interface CopyChunk {
  /** In the format asked for; COPY text unless said otherwise. */
  bytes: Buffer;
  rows: number;
}

export interface BandGeneratorOptions {
  graph: ModelGraph;
  /** The spec as generated: the preset with seedband.config.ts's serialisable parts merged in. */
  spec: Spec;
  band: string;
  seed: number;
  /** The spec's file, for error messages. */
  specFile?: string;
  /** seedband.config.ts's generator functions and traits. */
  overrides?: Overrides;
}

/** A table with columns left to a database default that is random or the clock. */
export interface NondeterministicTable {
  table: string;
  columns: string[];
  reason: string;
}

/** Chunks of about this many bytes: large writes keep COPY fast (DESIGN.md: 64 KB measured). */
const CHUNK_BYTES = 256 * 1024;

export class BandGenerator {
  readonly plan: BandPlan;
  private readonly source: RowSource;

  constructor(private readonly options: BandGeneratorOptions) {
    const { graph, spec, band, seed, specFile: file, overrides } = options;
    const num = makeNum(bandVariables(spec, band, file), band, file);
    this.source = new RowSource({ graph, spec, seed, num, file, overrides });
    this.plan = planBand(
      graph,
      spec,
      band,
      seed,
      {
        readParentField: (pm, block, field) => this.source.column(pm, block, field),
        register: (pm) => this.source.register(pm),
      },
      file,
    );
    this.source.finishPlanning(this.plan.positions);
    // Compile every table now: what cannot be generated (a required Unsupported column, a unique
    // value space smaller than the rows) is refused before any database is touched.
    this.tables();
  }

  /**
   * Generates (and drops) the first `limit` rows of every table a seedband.config.ts function
   * fills: a function that throws, or returns what its column cannot take, fails here with the
   * config's line, before any server is touched. Run it on a generator of its own (prepareBand
   * does): the sample uses up a unique function's memory of values already given.
   */
  sampleUserRows(limit = 64): void {
    const overrides = this.options.overrides;
    if (!overrides) return;
    const models = new Set([
      ...Object.keys(overrides.functions),
      ...Object.entries(overrides.traits)
        .filter(([, traits]) => traits.some((t) => Object.keys(t.functions).length > 0))
        .map(([model]) => model),
    ]);
    for (const planned of this.plan.models) {
      if (!models.has(planned.model.modelName)) continue;
      let left = limit;
      for (let block = 0; block < planned.blockRows.length && left > 0; block++)
        for (const _row of this.source.rows(planned, block, "all")) if (--left <= 0) break;
    }
  }

  /** Whether a table's checksum can be taken from its generated COPY stream (see RowSource). */
  streamIsCanonical(planned: PlannedModel): boolean {
    return this.source.streamIsCanonical(planned, isCanonicalColumn);
  }

  /** The values of one field of every row of a table, in table order (cheap for a key: only it is computed). */
  columnValues(planned: PlannedModel, field: string): unknown[] {
    const out: unknown[] = [];
    for (let b = 0; b < planned.blockRows.length; b++)
      for (const v of this.source.column(planned, b, field)) out.push(v);
    return out;
  }

  /** What the band's timestamps promise about time order (`verify --realism` counts what breaks it). */
  timeOrderPromises(graph: ModelGraph): TimeOrderPromise[] {
    return timeOrderPromises(
      graph,
      this.plan.models,
      (pm) => this.source.timeOrder(pm),
      (pm) => this.source.creationField(pm),
    );
  }

  /** The relations kept inside a tenant, as SQL can check them (`verify --realism` counts what breaks them). */
  tenantPromises(): TenantPromise[] {
    return tenantPromises(this.plan.models.map((pm) => pm.structure));
  }

  /** What the plan wants the user to know (tables with 0 rows and why). */
  warnings(): string[] {
    return [...this.plan.warnings];
  }

  /** Tables with columns left to a random or clock database default (their checksums can differ). */
  nondeterministic(): NondeterministicTable[] {
    return this.plan.models.flatMap((pm) => {
      const columns = this.source.nondeterministicColumns(pm);
      return columns.length === 0
        ? []
        : [
            {
              table: pm.model.tableName,
              columns,
              reason: "left to a database default that is random or the clock",
            },
          ];
    });
  }

  /** Tables in plan order (parents first) with their COPY column lists and row counts. */
  tables(): TableOutput[] {
    return this.plan.models.map((planned) => {
      const { columns, written } = this.source.columnsOf(planned);
      return {
        planned,
        modelName: planned.model.modelName,
        tableName: planned.model.tableName,
        schemaName: planned.model.schemaName,
        columnNames: written.map((i) => columns[i]!.columnName),
        rows: planned.rows,
      };
    });
  }

  /**
   * COPY text of a table's rows in the given blocks (default: all), as buffers of about
   * CHUNK_CHARS: rows stream from the row source chunk by chunk, so memory stays flat however
   * large a block is.
   */
  *copyChunks(
    planned: PlannedModel,
    blocks?: Iterable<number>,
    format: CopyFormat = "text",
  ): Generator<CopyChunk> {
    const { columns, written } = this.source.columnsOf(planned);
    const all = blocks ?? Array.from({ length: planned.blockRows.length }, (_, b) => b);
    if (format === "csv") {
      yield* this.csvChunks(planned, all, csvLineEncoder(columns, written));
      return;
    }
    // COPY text (or binary) is written into one byte buffer per chunk, field by field (CopyBytes).
    const write =
      format === "binary"
        ? binaryRowWriter(columns, written, planned.model.modelName)
        : byteLineWriter(columns, written, this.source.copySafeColumns(planned));
    const out = new CopyBytes(CHUNK_BYTES + (CHUNK_BYTES >> 2));
    if (format === "binary") out.bytes(BINARY_HEADER);
    let rows = 0;
    for (const block of all) {
      for (const row of this.source.rows(planned, block, "all")) {
        write(row.values, out);
        rows++;
        if (out.length >= CHUNK_BYTES) {
          yield { bytes: out.take(), rows };
          rows = 0;
        }
      }
    }
    if (format === "binary") out.bytes(BINARY_TRAILER);
    if (out.length > 0) yield { bytes: out.take(), rows };
  }

  /** Refuses a format some column cannot be written in (binary), before anything is written. */
  checkFormat(format: CopyFormat): void {
    if (format !== "binary") return;
    for (const { planned } of this.tables()) {
      const { columns, written } = this.source.columnsOf(planned);
      binaryRowWriter(columns, written, planned.model.modelName);
    }
  }

  private *csvChunks(
    planned: PlannedModel,
    blocks: Iterable<number>,
    encode: (values: unknown[]) => string,
  ): Generator<CopyChunk> {
    // Lines are gathered in an array and joined once per chunk: a flat string, one UTF-8 encode.
    let lines: string[] = [];
    let chars = 0;
    for (const block of blocks) {
      for (const row of this.source.rows(planned, block, "all")) {
        const line = encode(row.values);
        lines.push(line);
        chars += line.length;
        if (chars >= CHUNK_BYTES) {
          yield { bytes: Buffer.from(lines.join(""), "utf8"), rows: lines.length };
          lines = [];
          chars = 0;
        }
      }
    }
    if (lines.length > 0) yield { bytes: Buffer.from(lines.join(""), "utf8"), rows: lines.length };
  }
}
