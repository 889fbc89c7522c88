// Rows of a planned model, block by block. Each column draws from its own stream keyed by
// (seed, model, block, field), so any subset of columns can be computed alone with the same
// values — a child reads only the parent fields it needs, and a block's rows do not depend on
// which worker or shard produces them.
import { SeedbandError } from "../errors.js";
import {
  type CompiledField,
  compileField,
  compileUserGenerator,
  type FieldContext,
  type Overrides,
  type PositionKey,
  positionKey,
  type RowView,
} from "../factories/index.js";
import {
  DEFAULT_PROFILE_NAME,
  DEFAULT_TIME_PROFILE,
  type Rng,
  sampleDistinct,
  streamFor,
  TimeProfile,
} from "../random/index.js";
import type { Column, ForeignKey, Model, ModelGraph } from "../schema/index.js";
import type { FieldSpec, Spec } from "../spec/index.js";
import { isUniqueKey } from "./default-model-spec.js";
import type { PlannedModel } from "./plan.js";

/** Share of NULLs in an optional relation the spec says nothing about. */
const OPTIONAL_RELATION_NULL_RATE = 0.2;

/** A stride coprime with n: position → (position × stride + offset) mod n is a permutation. */
function coprimeStride(n: number): number {
  let stride = Math.max(1, Math.floor(n * 0.618));
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  while (gcd(stride, n) !== 1) stride++;
  return stride;
}

export interface Row extends RowView {
  values: unknown[];
  parent?: Row;
}

type Producer =
  | { kind: "field"; field: CompiledField }
  | { kind: "key"; key: PositionKey } // a key derived from the row's position
  | { kind: "bijection"; fk: ForeignKey; targetField: string; target: PlannedModel; stride: number }
  | { kind: "earlier"; fk: ForeignKey; targetField: string; target: PlannedModel; nullRate: number }
  | { kind: "parentKey"; targetField: string }
  | { kind: "pick"; fk: ForeignKey; targetField: string; target: PlannedModel; nullRate: number }
  | { kind: "distinct"; fk: ForeignKey; targetField: string; target: PlannedModel }
  | { kind: "among"; fk: ForeignKey; sibling: PlannedModel; siblingField: string }
  | { kind: "latestOf"; child: PlannedModel; childField: string; fallback: string }
  | { kind: "copy"; parentField: string }
  | { kind: "skip" }
  | { kind: "later" }; // refers to a model not planned yet (only while planning; never produced)

interface CompiledModel {
  pm: PlannedModel;
  columns: Column[];
  index: Map<string, number>; // fieldName → column position
  producers: Producer[];
  /** Column positions each column needs computed first (own fields). */
  reads: number[][];
  /** Traits: cumulative shares, and per trait the columns it overrides. */
  traits: Array<{ upTo: number; fields: Map<number, CompiledField> }>;
}

export interface RowSourceOptions {
  graph: ModelGraph;
  spec: Spec;
  seed: number;
  num: (v: number | string) => number;
  file?: string;
  /** Functions and traits from seedband.config.ts. */
  overrides?: Overrides;
}

export class RowSource {
  private readonly compiled = new Map<PlannedModel, CompiledModel>();
  private readonly profiles = new Map<string, TimeProfile>();
  private readonly windowStart: number;
  private readonly windowEnd: number;

  /** "Model.field" of every column a foreign key references: their values derive from positions. */
  private readonly referenced: Set<string>;

  constructor(private readonly options: RowSourceOptions) {
    this.referenced = new Set(
      options.graph.models.flatMap((m) =>
        m.foreignKeys.flatMap((fk) => fk.targetFields.map((f) => `${fk.targetModel}.${f}`)),
      ),
    );
    this.windowStart = Date.parse(options.spec.window.start);
    this.windowEnd = Date.parse(options.spec.window.end);
    if (!(this.windowEnd > this.windowStart)) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${this.file}: $.window.end must be later than $.window.start.`,
      );
    }
  }

  private get file(): string {
    return this.options.file ?? "the preset";
  }

  /** The table's columns in order, and which of them seedband writes (COPY column list). */
  columnsOf(pm: PlannedModel): { columns: Column[]; written: number[] } {
    const c = this.compile(pm);
    const written = c.producers.flatMap((p, i) => (p.kind === "skip" ? [] : [i]));
    return { columns: c.columns, written };
  }

  /**
   * True when the table's COPY stream, as generated, is byte for byte what PostgreSQL's COPY TO
   * of the checksum query writes: every column written, each in canonical form, values from
   * seedband's own generators, rows in primary-key order (integer keys from positions, or a
   * parent key followed by a sorted distinct pick). Then the checksum is taken while loading.
   */
  streamIsCanonical(pm: PlannedModel, canonical: (column: Column) => boolean): boolean {
    const c = this.compile(pm);
    if (c.traits.length > 0 || this.options.overrides?.functions[pm.model.modelName]) return false;
    if (!c.producers.every((p) => p.kind !== "skip") || !c.columns.every(canonical)) return false;
    const key = pm.model.primaryKey.map((f) => c.producers[c.index.get(f)!]);
    if (key.length === 1) return this.hasOrderedKey(pm);
    // A composite key: the parent's (already in order) followed by one distinct pick.
    const parentCount = pm.parent?.fk.fields.length ?? 0;
    return (
      key.length === parentCount + 1 &&
      pm.model.primaryKey.slice(0, parentCount).every((f) => pm.parent?.fk.fields.includes(f)) &&
      key[parentCount]?.kind === "distinct" &&
      this.hasOrderedKey(pm.parent?.planned) &&
      this.hasOrderedKey((key[parentCount] as Extract<Producer, { kind: "distinct" }>).target)
    );
  }

  /** A single integer key derived from positions: position order is key order. */
  private hasOrderedKey(pm: PlannedModel | undefined): boolean {
    if (pm?.model.primaryKey.length !== 1) return false;
    const c = this.compile(pm);
    const at = c.index.get(pm.model.primaryKey[0]!)!;
    return c.producers[at]?.kind === "key" && ["Int", "BigInt"].includes(c.columns[at]!.type);
  }

  /** Column positions whose generator promises text that needs no COPY escaping. */
  copySafeColumns(pm: PlannedModel): Set<number> {
    const c = this.compile(pm);
    const safe = new Set<number>();
    c.producers.forEach((p, i) => {
      if (p.kind === "field" && p.field.copySafe && c.traits.every((t) => !t.fields.has(i))) safe.add(i);
    });
    return safe;
  }

  /** One column of a model's rows in a block (used by the plan for fan-outs by a parent field). */
  column(pm: PlannedModel, block: number, field: string): unknown[] {
    const out: unknown[] = [];
    const c = this.compile(pm);
    const at = c.index.get(field);
    if (at === undefined)
      throw new SeedbandError("SPEC_INVALID", `${this.file}: ${pm.model.modelName} has no field "${field}".`);
    this.forEachRow(pm, block, new Set([field]), (row) => out.push(row.values[at]));
    return out;
  }

  /**
   * The rows of `pm` in `block`, in table order, with the fields in `need` (and what they depend
   * on) computed. The row object is reused: copy what you keep. A generator, so a consumer can
   * stream a block of any size in bounded memory.
   */
  *rows(pm: PlannedModel, block: number, need: Set<string> | "all"): Generator<Row> {
    const c = this.compile(pm);
    const order = this.computeOrder(c, need);
    if (block >= pm.blockRows.length) return;
    const { seed } = this.options;
    const name = pm.model.modelName;
    const streams = order.map((i) => streamFor(seed, name, block, c.columns[i]!.fieldName));
    const prepared = this.prepareBlock(c, order, block);
    const values: unknown[] = new Array(c.columns.length).fill(null);
    let position = pm.blockStart[block]!;
    const row: Row = { index: 0, values, get: (f) => values[c.index.get(f)!] };

    // A row's trait is one draw of its own stream per row, whatever fields are computed.
    const traitRng = c.traits.length > 0 ? streamFor(seed, name, block, "$trait") : undefined;
    const fill = (local: number, perParent?: PerParent) => {
      row.index = position++;
      let trait: Map<number, CompiledField> | undefined;
      if (traitRng) {
        const u = traitRng.next();
        trait = c.traits.find((t) => u < t.upTo)?.fields;
      }
      for (let k = 0; k < order.length; k++) {
        const i = order[k]!;
        const override = trait?.get(i);
        values[i] = override
          ? override.generate(streams[k]!, row)
          : this.produce(c.producers[i]!, streams[k]!, row, local, perParent, k, prepared[k]);
      }
    };

    if (!pm.parent) {
      const n = pm.blockRows[block]!;
      for (let i = 0; i < n; i++) {
        fill(i);
        yield row;
      }
      return;
    }
    const parent = pm.parent.planned;
    const parentNeed = this.parentNeeds(c);
    const fanOutRng = streamFor(seed, name, "fanOut", block);
    const sortedKs = order.flatMap((i, k) => {
      const p = c.producers[i]!;
      return p.kind === "field" && p.field.sortedBatch ? [k] : [];
    });
    const distinctKs = order.flatMap((i, k) => (c.producers[i]!.kind === "distinct" ? [k] : []));
    for (const parentRow of this.rows(parent, block, parentNeed)) {
      const n = pm.perParent
        ? pm.perParent[parentRow.index]!
        : pm.fanOut!(fanOutRng, (f) => parentRow.get(f));
      if (n === 0) continue;
      row.parent = parentRow;
      const perParent: PerParent = {
        parentLocal: parentRow.index - parent.blockStart[block]!,
        presets: new Array(order.length),
      };
      for (const k of sortedKs) {
        // Sorted timestamps: the parent's n values at once, ascending; NULLs (a nullRate) travel
        // as NaN, last, and produce() turns them back.
        const field = (c.producers[order[k]!] as { field: CompiledField }).field;
        perParent.presets[k] = field.sortedBatch!(streams[k]!, row, n);
      }
      for (const k of distinctKs) {
        const p = c.producers[order[k]!] as Extract<Producer, { kind: "distinct" }>;
        perParent.presets[k] =
          // Ascending, so rows come in primary-key order (parent key, then this one).
          sampleDistinct(streams[k]!, p.target.rows, n)
            .sort((a, b) => a - b)
            .map((t) => this.keyOf(p.target, t, p.targetField));
      }
      for (let j = 0; j < n; j++) {
        fill(j, perParent);
        yield row;
      }
    }
  }
  forEachRow(pm: PlannedModel, block: number, need: Set<string> | "all", visit: (row: Row) => void): void {
    for (const row of this.rows(pm, block, need)) visit(row);
  }

  private produce(
    p: Producer,
    rng: Rng,
    row: Row,
    local: number,
    perParent: PerParent | undefined,
    k: number,
    prepared: unknown,
  ): unknown {
    const preset = perParent?.presets[k];
    if (preset) {
      const value = preset[local];
      return typeof value === "number" && Number.isNaN(value) ? null : value;
    }
    switch (p.kind) {
      case "field":
        return p.field.generate(rng, row);
      case "key":
        return p.key(row.index);
      case "bijection": {
        // A unique foreign key that is not the parent: a permutation of the target's positions.
        const n = p.target.rows;
        if (row.index >= n) return null; // only optional keys get here (checked when compiling)
        return this.keyOf(p.target, (row.index * p.stride + 7) % n, p.targetField);
      }
      case "earlier": {
        // A relation to the same model: an earlier row, so chains end (trees, not cycles).
        if (p.nullRate > 0 && rng.next() < p.nullRate) return null;
        if (row.index === 0) return p.nullRate > 0 ? null : this.keyOf(p.target, 0, p.targetField);
        return this.keyOf(p.target, Math.floor(rng.next() * row.index), p.targetField);
      }
      case "parentKey":
        return row.parent!.get(p.targetField);
      case "pick":
        if (p.nullRate > 0 && rng.next() < p.nullRate) return null;
        return this.keyOf(p.target, Math.floor(rng.next() * p.target.rows), p.targetField);
      case "among": {
        const members = (prepared as Map<number, number[]>).get(perParent!.parentLocal);
        if (!members || members.length === 0) {
          throw new SeedbandError(
            "SPEC_INVALID",
            `${this.file}: "among" for ${p.fk.relationField} found no rows to choose from for a parent row (seed ${this.options.seed}). Make the sibling relation's fan-out at least 1.`,
          );
        }
        return members[Math.floor(rng.next() * members.length)];
      }
      case "latestOf": {
        const latest = (prepared as Float64Array)[local];
        return latest !== undefined && latest > 0 ? latest : row.get(p.fallback);
      }
      case "copy":
        return row.parent!.get(p.parentField);
      default:
        return null;
    }
  }

  /** Per-block data some producers need before the first row: member lists, children's latest values. */
  private prepareBlock(c: CompiledModel, order: number[], block: number): unknown[] {
    return order.map((i) => {
      const p = c.producers[i]!;
      if (p.kind === "among") {
        const lists = new Map<number, number[]>();
        const siblingParent = p.sibling.parent!.planned;
        const at = this.compile(p.sibling).index.get(p.siblingField)!;
        this.forEachRow(p.sibling, block, new Set([p.siblingField]), (row) => {
          const local = row.parent!.index - siblingParent.blockStart[block]!;
          let list = lists.get(local);
          if (!list) lists.set(local, (list = []));
          list.push(row.values[at] as number);
        });
        return lists;
      }
      if (p.kind === "latestOf") {
        const latest = new Float64Array(c.pm.blockRows[block]!);
        const at = this.compile(p.child).index.get(p.childField)!;
        this.forEachRow(p.child, block, new Set([p.childField]), (row) => {
          const local = row.parent!.index - c.pm.blockStart[block]!;
          const value = row.values[at] as number;
          if (value > latest[local]!) latest[local] = value;
        });
        return latest;
      }
      return undefined;
    });
  }

  /** The value of `targetField` of row `position` of a planned model, without generating the row. */
  private keyOf(target: PlannedModel, position: number, targetField: string): unknown {
    const c = this.compile(target);
    const producer = c.producers[c.index.get(targetField)!];
    if (producer?.kind === "key") return producer.key(position);
    throw new SeedbandError(
      "SCHEMA_UNSUPPORTED",
      `${target.model.modelName}.${targetField} is referenced by a foreign key, but seedband cannot derive its value from a row's position (it is ${producer?.kind === "parentKey" ? "itself a foreign key" : "a generated field"}). Reference the model's own primary key or a unique scalar column instead.`,
    );
  }

  private parentNeeds(c: CompiledModel): Set<string> {
    const need = new Set<string>();
    const pm = c.pm;
    if (pm.fanOutField) need.add(pm.fanOutField);
    for (const p of c.producers) {
      if (p.kind === "parentKey" || p.kind === "copy")
        need.add(p.kind === "copy" ? p.parentField : p.targetField);
    }
    for (const [, spec] of Object.entries(pm.spec.fields ?? {})) {
      if ("timestamp" in spec && spec.timestamp.after?.includes("."))
        need.add(spec.timestamp.after.split(".")[1]!);
    }
    return need;
  }

  private computeOrder(c: CompiledModel, need: Set<string> | "all"): number[] {
    const wanted = new Set<number>();
    const add = (i: number) => {
      if (wanted.has(i)) return;
      wanted.add(i);
      for (const r of c.reads[i]!) add(r);
    };
    if (need === "all") {
      c.producers.forEach((p, i) => {
        if (p.kind !== "skip") add(i);
      });
    } else for (const f of need) add(c.index.get(f)!);
    // Dependencies first; otherwise table order (stable, so stream use never depends on `need`).
    const order: number[] = [];
    const done = new Set<number>();
    const visit = (i: number) => {
      if (done.has(i)) return;
      done.add(i);
      for (const r of c.reads[i]!) visit(r);
      order.push(i);
    };
    for (const i of [...wanted].sort((a, b) => a - b)) visit(i);
    return order;
  }

  private compile(pm: PlannedModel): CompiledModel {
    let c = this.compiled.get(pm);
    if (c) return c;
    const { model } = pm;
    const columns = model.columns;
    const index = new Map(columns.map((col, i) => [col.fieldName, i]));
    const fieldSpecs = pm.spec.fields ?? {};
    for (const key of Object.keys(fieldSpecs)) {
      if (!index.has(key) && !model.foreignKeys.some((fk) => fk.relationField === key)) {
        throw new SeedbandError(
          "SPEC_INVALID",
          `${this.file}: $.models.${model.modelName}.fields.${key}: ${model.modelName} has no field "${key}". Its fields: ${columns.map((x) => x.fieldName).join(", ")}.`,
        );
      }
    }
    const producers: Producer[] = [];
    const reads: number[][] = [];
    for (const column of columns) {
      const { producer, reads: r } = this.producerFor(pm, column, fieldSpecs, index);
      producers.push(producer);
      reads.push(r.map((f) => index.get(f)!).filter((x) => x !== undefined));
    }
    if (!this.planning) this.checkForeignKeyComposites(pm, producers, index);
    c = { pm, columns, index, producers, reads, traits: this.compileTraits(pm, index) };
    this.compiled.set(pm, c);
    return c;
  }

  private producerFor(
    pm: PlannedModel,
    column: Column,
    fieldSpecs: Record<string, FieldSpec>,
    index: Map<string, number>,
  ): { producer: Producer; reads: string[] } {
    const { model } = pm;
    const at = `$.models.${model.modelName}.fields.${column.fieldName}`;
    const spec = fieldSpecs[column.fieldName];
    const userFn = this.options.overrides?.functions[model.modelName]?.[column.fieldName];
    if (userFn) {
      const unique = this.uniqueByPosition(model).has(column.fieldName);
      const where = `${model.modelName}.${column.fieldName}`;
      return {
        producer: {
          kind: "field",
          field: compileUserGenerator(userFn, { seed: this.options.seed, unique, where }),
        },
        reads: [],
      };
    }
    const fk = model.foreignKeys.find((f) => f.fields.includes(column.fieldName));
    const referenced = this.referenced.has(`${model.modelName}.${column.fieldName}`);
    if (column.type === "Unsupported") {
      if (!column.isRequired) return { producer: { kind: "skip" }, reads: [] };
      throw new SeedbandError(
        "SCHEMA_UNSUPPORTED",
        `${model.modelName}.${column.fieldName} is a required Unsupported("${column.nativeType?.args[0] ?? "?"}") column: seedband cannot generate its values. Make it optional (Unsupported columns left out are NULL), give it a database default, or give it a generator in seedband.config.ts.`,
      );
    }
    if (
      !spec &&
      !fk &&
      !referenced &&
      !(column.isId && model.primaryKey.length === 1) &&
      column.default?.kind === "dbgenerated"
    ) {
      return { producer: { kind: "skip" }, reads: [] }; // the database computes it
    }
    if (fk) {
      const targetField = fk.targetFields[fk.fields.indexOf(column.fieldName)]!;
      if (pm.parent && fk === pm.parent.fk)
        return { producer: { kind: "parentKey", targetField }, reads: [] };
      const relSpec = fieldSpecs[fk.relationField] ?? spec;
      if (relSpec && "among" in relSpec)
        return { producer: this.among(pm, fk, relSpec.among, at), reads: [] };
      if (this.planning && !this.all.some((p) => p.model.modelName === fk.targetModel)) {
        return { producer: { kind: "later" }, reads: [] };
      }
      const target = this.planned(fk.targetModel);
      if (pm.distinctKeys.includes(fk))
        return { producer: { kind: "distinct", fk, targetField, target }, reads: [] };
      const nullRate = fk.isRequired ? 0 : (relSpec?.nullRate ?? OPTIONAL_RELATION_NULL_RATE);
      if (fk.targetModel === model.modelName) {
        return { producer: { kind: "earlier", fk, targetField, target, nullRate }, reads: [] };
      }
      if (isUniqueKey(model, fk.fields)) {
        if (pm.rows > target.rows && fk.isRequired && !this.planning) {
          throw new SeedbandError(
            "UNIQUE_EXHAUSTED",
            `${model.modelName}.${fk.relationField} is a required one-to-one relation to ${fk.targetModel}, but the band plans ${pm.rows} ${model.modelName} rows for ${target.rows} ${fk.targetModel} rows (each can be used once). Give ${model.modelName} at most as many rows (a count in the spec), or make the relation optional.`,
          );
        }
        return {
          producer: {
            kind: "bijection",
            fk,
            targetField,
            target,
            stride: coprimeStride(Math.max(1, target.rows)),
          },
          reads: [],
        };
      }
      return { producer: { kind: "pick", fk, targetField, target, nullRate }, reads: [] };
    }
    const keyLike = (column.isId && model.primaryKey.length === 1) || referenced;
    if (!spec && keyLike) {
      const key = positionKey(this.options.seed, model.modelName, column);
      if (!key) {
        throw new SeedbandError(
          "SCHEMA_UNSUPPORTED",
          `${model.modelName}.${column.fieldName} is a key of type ${column.type}; seedband derives keys only for Int, BigInt and String columns. Use one of those types for the key.`,
        );
      }
      return { producer: { kind: "key", key }, reads: [] };
    }
    if (spec && "latestOf" in spec) {
      const rel = spec.latestOf;
      if (
        this.planning &&
        !this.all.some(
          (p) => p.parent?.planned === pm && this.relationMatches(model, rel.relation, p.parent.fk),
        )
      ) {
        return { producer: { kind: "later" }, reads: [] };
      }
      const child = this.childVia(pm, rel.relation, `${at}.latestOf.relation`);
      return {
        producer: { kind: "latestOf", child, childField: rel.field, fallback: rel.fallback },
        reads: [rel.fallback],
      };
    }
    if (spec && "copy" in spec) {
      const [relation, parentField] = spec.copy.split(".");
      if (!pm.parent || pm.parent.fk.relationField !== relation || !parentField) {
        throw new SeedbandError(
          "SPEC_INVALID",
          `${this.file}: ${at}.copy must be "<parent relation>.<field>", e.g. "${pm.parent?.fk.relationField ?? "parent"}.createdAt".`,
        );
      }
      return { producer: { kind: "copy", parentField }, reads: [] };
    }
    if (spec && "among" in spec)
      throw new SeedbandError(
        "SPEC_INVALID",
        `${this.file}: ${at}: "among" applies to a relation field (a foreign key).`,
      );
    const field = compileField(this.fieldContext(pm, column), spec);
    for (const r of field.reads) {
      if (!index.has(r))
        throw new SeedbandError(
          "SPEC_INVALID",
          `${this.file}: ${at} reads "${r}", which ${model.modelName} does not have.`,
        );
    }
    return { producer: { kind: "field", field }, reads: field.reads };
  }

  private among(pm: PlannedModel, fk: ForeignKey, path: string, at: string): Producer {
    const [relation, siblingRelation] = path.split(".");
    if (!pm.parent || pm.parent.fk.relationField !== relation || !siblingRelation) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${this.file}: ${at}.among must be "<parent relation>.<list relation of the parent>", e.g. "conversation.members".`,
      );
    }
    const sibling = this.childVia(pm.parent.planned, siblingRelation, `${at}.among`);
    const siblingFk = sibling.model.foreignKeys.find(
      (f) => f.targetModel === fk.targetModel && f !== sibling.parent?.fk,
    );
    if (siblingFk?.fields.length !== 1) {
      throw new SeedbandError(
        "SPEC_INVALID",
        `${this.file}: ${at}.among: ${sibling.model.modelName} has no single-column relation to ${fk.targetModel} to choose from.`,
      );
    }
    return { kind: "among", fk, sibling, siblingField: siblingFk.fields[0]! };
  }

  /** The planned child model reached from `parent` through its list relation field `relation`. */
  private childVia(parent: PlannedModel, relation: string, at: string): PlannedModel {
    for (const pm of this.plannedModels()) {
      if (pm.parent?.planned === parent && this.relationMatches(parent.model, relation, pm.parent.fk))
        return pm;
    }
    throw new SeedbandError(
      "SPEC_INVALID",
      `${this.file}: ${at}: "${relation}" is not a list relation of ${parent.model.modelName} to a model generated under it (a model whose "parent" is the ${parent.model.modelName} relation).`,
    );
  }

  private relationMatches(parentModel: Model, relation: string, fk: ForeignKey): boolean {
    return parentModel.relations.some(
      (r) => r.fieldName === relation && r.isList && r.relationName === fk.relationName,
    );
  }

  private all: PlannedModel[] = [];

  /** The planner registers each model as it plans it: later models pick keys from earlier ones. */
  register(pm: PlannedModel): void {
    this.all.push(pm);
  }

  /** Planning is over: compile again with every model known. */
  finishPlanning(): void {
    this.planning = false;
    this.compiled.clear();
  }

  private planning = true;

  private plannedModels(): PlannedModel[] {
    return this.all;
  }

  private planned(modelName: string): PlannedModel {
    const pm = this.all.find((p) => p.model.modelName === modelName);
    if (!pm)
      throw new SeedbandError(
        "SPEC_INVALID",
        `${this.file}: ${modelName} is referenced but not generated; give it a "count" in the spec.`,
      );
    return pm;
  }

  private fieldContext(pm: PlannedModel, column: Column): FieldContext {
    const at = `$.models.${pm.model.modelName}.fields.${column.fieldName}`;
    return {
      seed: this.options.seed,
      model: pm.model,
      column,
      enums: this.options.graph.enums,
      num: this.options.num,
      timeProfile: (name) => this.profile(name, at),
      unique: this.uniqueByPosition(pm.model).has(column.fieldName),
      rows: pm.rows,
      where: `${pm.model.modelName}.${column.fieldName}`,
      specPath: at,
    };
  }

  private compileTraits(pm: PlannedModel, index: Map<string, number>): CompiledModel["traits"] {
    const traits = this.options.overrides?.traits[pm.model.modelName] ?? [];
    let upTo = 0;
    return traits.map((trait) => {
      upTo += trait.share;
      const fields = new Map<number, CompiledField>();
      const at = (f: string) => {
        const i = index.get(f);
        if (i === undefined) {
          throw new SeedbandError(
            "BAD_INPUT",
            `seedband.config.ts: $.models.${pm.model.modelName}.traits.${trait.name}.fields.${f}: ${pm.model.modelName} has no field "${f}".`,
          );
        }
        return i;
      };
      for (const [f, spec] of Object.entries(trait.specFields)) {
        const column = pm.model.columns[at(f)]!;
        fields.set(at(f), compileField(this.fieldContext(pm, column), spec));
      }
      for (const [f, fn] of Object.entries(trait.functions)) {
        const where = `${pm.model.modelName}.${f} (trait ${trait.name})`;
        fields.set(at(f), compileUserGenerator(fn, { seed: this.options.seed, unique: false, where }));
      }
      return { upTo, fields };
    });
  }

  /**
   * A composite key made of foreign keys only is unique by construction when it is the parent's
   * key plus a key drawn without repeats per parent, or holds a key that is itself unique (a
   * permutation). Anything else could repeat a pair: refuse it before loading, with the way out.
   */
  private checkForeignKeyComposites(
    pm: PlannedModel,
    producers: Producer[],
    index: Map<string, number>,
  ): void {
    const { model } = pm;
    const fkFields = new Set(model.foreignKeys.flatMap((fk) => fk.fields));
    for (const key of [model.primaryKey, ...model.uniques]) {
      if (key.length < 2 || !key.every((f) => fkFields.has(f))) continue;
      const kinds = key.map((f) => producers[index.get(f)!]?.kind);
      if (kinds.includes("distinct") || kinds.includes("bijection") || kinds.includes("key")) continue;
      throw new SeedbandError(
        "SCHEMA_UNSUPPORTED",
        `${model.modelName}'s unique key (${key.join(", ")}) is made of foreign keys only, and its rows are not generated under one of them, so pairs could repeat. Set "parent" of ${model.modelName} to one of the relations in the key (${model.foreignKeys
          .filter((fk) => fk.fields.some((f) => key.includes(f)))
          .map((fk) => fk.relationField)
          .join(", ")}) in the spec or seedband.config.ts.`,
      );
    }
  }

  /**
   * Fields whose values must be unique on their own: single-column unique keys, and for each
   * composite key without a foreign key that makes it unique, its first scalar field (unique
   * alone implies unique together). Values of these embed the row's position.
   */
  private uniqueByPosition(model: Model): Set<string> {
    const out = new Set<string>();
    const fkFields = new Set(model.foreignKeys.flatMap((fk) => fk.fields));
    for (const key of [model.primaryKey, ...model.uniques]) {
      if (key.length === 1) {
        out.add(key[0]!);
        continue;
      }
      if (key.length === 0 || key.some((f) => out.has(f))) continue;
      const scalar = key.find((f) => !fkFields.has(f));
      if (scalar) out.add(scalar);
      // All-foreign-key composites are unique through distinct picks per parent (see plan).
    }
    return out;
  }

  private profile(name: string | undefined, at: string): TimeProfile {
    const key = name ?? "";
    let profile = this.profiles.get(key);
    if (!profile) {
      const spec =
        name === undefined
          ? { hours: new Array(24).fill(1), weekdayBoost: 1 }
          : (this.options.spec.profiles?.[name] ??
            (name === DEFAULT_PROFILE_NAME ? DEFAULT_TIME_PROFILE : undefined));
      if (!spec)
        throw new SeedbandError(
          "SPEC_INVALID",
          `${this.file}: ${at} uses the profile "${name}", which $.profiles does not define.`,
        );
      profile = new TimeProfile(this.windowStart, this.windowEnd, spec);
      this.profiles.set(key, profile);
    }
    return profile;
  }
}

interface PerParent {
  parentLocal: number;
  /** Values drawn per parent, by position in the computed order (sorted timestamps, distinct picks). */
  presets: Array<ArrayLike<unknown> | undefined>;
}
