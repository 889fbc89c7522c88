// What compiling a column's generator works from (FieldContext) and gives (CompiledField): the
// types field-factory.ts and value-formats.ts share, in a file of their own so neither imports
// the other for them.
import type { Rng, TimeProfile } from "../random/index.js";
import type { Column, EnumType, Model } from "../schema/index.js";

/** What a generator may read of the row being built: its position and fields already set. */
export interface RowView {
  /** 0-based position of the row in its table (unique across blocks and shards). */
  index: number;
  get(field: string): unknown;
  parent?: RowView;
  /**
   * The latest creation time (epoch ms) of the rows this row references — its parent, its other
   * foreign keys' targets, its self-relation parent — or undefined when none has one. The row
   * source provides it; it reads the relations, so a field using it must be compiled with
   * `afterReferences`.
   */
  referencesCreated?(): number | undefined;
}

export type FieldGenerator = (rng: Rng, row: RowView) => unknown;

export interface FieldContext {
  seed: number;
  /** The model the column belongs to (its name and sibling fields inform the inference). */
  model: Model;
  column: Column;
  enums: EnumType[];
  /** Resolves a band variable or number in the spec. */
  num: (value: number | string) => number;
  timeProfile: (name: string | undefined) => TimeProfile;
  /** True when this column alone is unique: values must be distinct by construction. */
  unique: boolean;
  /** Rows the table will get (a unique column's value space must be at least this). */
  rows: number;
  /** "Model.field", for messages. */
  where: string;
  /** The JSON path of the field's spec ("$.models.M.fields.f"), in the preset or seedband.config.ts. */
  specPath?: string;
}

/** A compiled field: its generator and the own fields it reads (they are generated first). */
export interface CompiledField {
  generate: FieldGenerator;
  reads: string[];
  /**
   * Timestamps sorted within a parent: the engine asks for a parent's n values at once, in
   * ascending order (NULLs, as NaN, last).
   */
  sortedBatch?: (rng: Rng, row: RowView, n: number) => Float64Array;
  /** Values are ASCII text without backslash, tab or newline: COPY needs no escaping. */
  copySafe?: boolean;
  /** The generator reads `row.referencesCreated()`: the row source computes the relations first. */
  afterReferences?: boolean;
  /** A timestamp never earlier than this field ("field" of the row, or "relation.field" of its parent). */
  after?: string;
}
