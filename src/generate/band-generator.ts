// The generation stage's face: plan a band, then stream any table's rows for any set of blocks
// as COPY text chunks. Pure of I/O; the loader decides where the bytes go.
import type { Overrides } from "../factories/user-generator.js";
import type { ModelGraph } from "../schema/model-graph.js";
import type { Spec } from "../spec/index.js";
import { lineEncoder } from "./copy-encoder.js";
import { type BandPlan, bandVariables, makeNum, type PlannedModel, planBand } from "./plan.js";
import { RowSource } from "./row-source.js";

export interface TableOutput {
  planned: PlannedModel;
  modelName: string;
  tableName: string;
  schemaName: string;
  /** Quoted SQL column names in COPY order. */
  columnNames: string[];
  rows: number;
}

export interface CopyChunk {
  text: string;
  rows: number;
}

/** Chunks of about this many characters: large writes keep COPY fast (DESIGN.md: 64 KB). */
const CHUNK_CHARS = 256 * 1024;

export class BandGenerator {
  readonly plan: BandPlan;
  private readonly source: RowSource;

  constructor(
    graph: ModelGraph,
    spec: Spec,
    band: string,
    seed: number,
    file?: string,
    overrides?: Overrides,
  ) {
    const num = makeNum(bandVariables(spec, band, file), band);
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
    this.source.finishPlanning();
    // Compile every table now: what cannot be generated (a required Unsupported column, a unique
    // value space smaller than the rows) is refused before any database is touched.
    this.tables();
  }

  /** Tables in foreign-key order (parents first) with their COPY column lists and row counts. */
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

  /** COPY text of a table's rows in the given blocks (default: all), in chunks. */
  *copyChunks(planned: PlannedModel, blocks?: Iterable<number>): Generator<CopyChunk> {
    const { columns, written } = this.source.columnsOf(planned);
    const encode = lineEncoder(columns, written);
    let text = "";
    let rows = 0;
    const all = blocks ?? Array.from({ length: planned.blockRows.length }, (_, b) => b);
    for (const block of all) {
      const pending: CopyChunk[] = [];
      this.source.forEachRow(planned, block, "all", (row) => {
        text += encode(row.values);
        rows++;
        if (text.length >= CHUNK_CHARS) {
          pending.push({ text, rows });
          text = "";
          rows = 0;
        }
      });
      yield* pending;
    }
    if (rows > 0) yield { text, rows };
  }
}
