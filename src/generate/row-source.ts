// Rows of a planned model, block by block. Each column draws from its own stream keyed by
// (seed, model, block, field), so any subset of columns can be computed alone with the same
// values — a child reads only the parent fields it needs, and a block's rows do not depend on
// which worker or shard produces them. A relation's columns come from one target row: its first
// written column draws the row, the others read that row's values (a composite key never mixes
// two rows), and any model's value at any position can be looked up (positionValue).
import { SeedbandError } from "../errors.js";
import {
  type CompiledField,
  compileField,
  compileUserGenerator,
  creationTimeField,
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
import type { Column, EnumType, ForeignKey, Model, ModelGraph } from "../schema/index.js";
import type { FieldSpec, Spec } from "../spec/index.js";
import type { KeyPlan, ReferencePlan, TupleComponent } from "./model-structure.js";
import type { PlannedModel } from "./plan.js";
import { blockOf, type PlanPositions } from "./plan-positions.js";
import { volatileDefault } from "./volatile-default.js";

/** A stride coprime with n: position → (position × stride + offset) mod n is a permutation. */
function coprimeStride(n: number): number {
  let stride = Math.max(1, Math.floor(n * 0.618));
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  while (gcd(stride, n) !== 1) stride++;
  return stride;
}

/** (a × b + c) mod n without losing precision above 2^53. */
function mulAddMod(a: number, b: number, c: number, n: number): number {
  const product = a * b + c;
  if (product < Number.MAX_SAFE_INTEGER) return product % n;
  return Number((BigInt(a) * BigInt(b) + BigInt(c)) % BigInt(n));
}

export interface Row extends RowView {
  values: unknown[];
  parent?: Row;
  /** Per relation and tuple of the model: the target position (or tuple index) this row drew; -1 for NULL. */
  slots: Float64Array;
}

type Access = (position: number) => unknown;

/** A distinct tuple of a unique key: its slot, the column that draws it, and its components. */
interface Tuple {
  slot: number;
  key: KeyPlan;
  /** Column position (index) that draws the tuple index; the other components read it. */
  driver: number;
  perParent: boolean;
  /** Table-wide: the tuple space and its permutation. */
  size: number;
  stride: number;
}

type Producer =
  | { kind: "field"; field: CompiledField }
  | { kind: "key"; key: PositionKey } // a key derived from the row's position
  | { kind: "parentKey"; targetField: string }
  /** The first written column of a relation: draws the target row, stores it in its slot. */
  | {
      kind: "ref";
      plan: ReferencePlan;
      slot: number;
      target: PlannedModel;
      access: Access;
      stride: number;
      tuple?: Tuple;
      component?: number;
      /** member: the join model, and the target position its row at a position holds. */
      join?: PlannedModel;
      member?: (position: number) => number;
    }
  /** Another column of a relation: the value of the row its first column drew. */
  | { kind: "follow"; slot: number; access: Access; nullable: boolean }
  /** An enum or boolean column of a distinct tuple. */
  | { kind: "component"; tuple: Tuple; component: number; values: unknown[]; nullable: boolean }
  | { kind: "among"; fk: ForeignKey; sibling: PlannedModel; siblingField: string }
  | { kind: "latestOf"; child: PlannedModel; childField: string; fallback: string }
  | { kind: "copy"; parentField: string }
  | { kind: "null" }
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
  slots: number;
  tuples: Tuple[];
  /** Column position of the model's creation time, when it has one that seedband writes. */
  creation?: number;
  /**
   * Set when the creation time comes after the rows the row references (`afterReferences`): the
   * relations whose targets' creation times bound it, and the parent's creation field.
   */
  timeRefs?: { refs: TimeReference[]; parentField?: string; parentAccess?: Access };
}

/** What a model's generated timestamps promise about time order (RowSource.timeOrder). */
export interface ModelTimeOrder {
  /** The creation field, when it comes after the rows the row references. */
  creation?: string;
  /** Relations whose target row the row is created after. */
  relations: ForeignKey[];
  /** Timestamps never earlier than another field of the row, or ("relation.field") of the parent. */
  after: Array<{ field: string; after: string }>;
}

/** A relation whose target row's creation time a row's creation time must not precede. */
interface TimeReference {
  plan: ReferencePlan;
  slot: number;
  /** A relation to the same model (a tree): the target is an earlier row. */
  self: boolean;
  /** The relation's first written column (it draws the target row). */
  driver: string;
  /** The target's creation time (or floor) by position. */
  access: Access;
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
  private positions?: PlanPositions<PlannedModel>;
  private readonly accessors = new Map<string, Access>();
  private readonly blockColumns = new Map<string, unknown[]>();
  /** member relations: per join model block, the target position each row holds. */
  private readonly memberBlocks = new Map<string, Float64Array>();
  private readonly computing = new Set<string>();

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
   * Columns left to the database whose default is random or the clock: the table's checksum can
   * differ between builds. (Columns seedband can fill itself never are.)
   */
  nondeterministicColumns(pm: PlannedModel): string[] {
    const c = this.compile(pm);
    return c.columns.flatMap((col, i) =>
      c.producers[i]!.kind === "skip" &&
      col.default?.kind === "dbgenerated" &&
      volatileDefault(col.default.sql)
        ? [col.columnName]
        : [],
    );
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
    const last = key[parentCount];
    return (
      key.length === parentCount + 1 &&
      pm.model.primaryKey.slice(0, parentCount).every((f) => pm.parent?.fk.fields.includes(f)) &&
      last?.kind === "ref" &&
      last.plan.kind === "distinct" &&
      last.plan.fk.fields.length === 1 &&
      !last.plan.anchor &&
      this.hasOrderedKey(pm.parent?.planned) &&
      this.hasOrderedKey(last.target)
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
    const row: Row = {
      index: 0,
      values,
      get: (f) => values[c.index.get(f)!],
      slots: new Float64Array(c.slots),
    };
    // Creation times of this block's rows so far: a self relation's earlier row in the same block.
    const creation = c.creation;
    const created =
      c.timeRefs?.refs.some((r) => r.self) && creation !== undefined && order.includes(creation)
        ? new Float64Array(pm.blockRows[block]!).fill(Number.NaN)
        : undefined;
    if (c.timeRefs) {
      const blockStart = pm.blockStart[block]!;
      row.referencesCreated = () => this.referencesCreated(c, row, blockStart, created);
    }

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
          : this.produce(pm, c.producers[i]!, streams[k]!, row, local, perParent, k, prepared[k]);
      }
      if (created) created[row.index - pm.blockStart[block]!] = epochMs(values[creation!]) ?? Number.NaN;
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
    // Values drawn per parent row: distinct relations and tuples of keys holding the parent's columns.
    const perParentKs = order.flatMap((i, k) => {
      const p = c.producers[i]!;
      return (p.kind === "ref" && p.plan.kind === "distinct") ||
        ((p.kind === "ref" || p.kind === "component") && p.tuple?.perParent && p.tuple.driver === i)
        ? [k]
        : [];
    });
    // Rows stop at the block's planned count (a capacity the plan applied the same way).
    let left = pm.blockRows[block]!;
    for (const parentRow of this.rows(parent, block, parentNeed)) {
      if (left <= 0) break;
      const n = pm.perParent
        ? pm.perParent[parentRow.index]!
        : Math.min(
            pm.fanOut!(fanOutRng, (f) => parentRow.get(f), parentRow.index),
            left,
          );
      if (n === 0) continue;
      left -= n;
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
      for (const k of perParentKs)
        perParent.presets[k] = this.perParentDraw(c, order[k]!, streams[k]!, parentRow, n);
      for (let j = 0; j < n; j++) {
        fill(j, perParent);
        yield row;
      }
    }
  }

  forEachRow(pm: PlannedModel, block: number, need: Set<string> | "all", visit: (row: Row) => void): void {
    for (const row of this.rows(pm, block, need)) visit(row);
  }

  /**
   * The latest creation time of the rows `row` references: its parent's, and each eligible
   * relation's target row's (a self relation's earlier row from this block's own values, or an
   * earlier block's column). Computed from positions alone, so any worker gets the same.
   */
  private referencesCreated(
    c: CompiledModel,
    row: Row,
    blockStart: number,
    created: Float64Array | undefined,
  ): number | undefined {
    const time = c.timeRefs!;
    let floor = Number.NEGATIVE_INFINITY;
    if (row.parent) {
      const t =
        time.parentField !== undefined
          ? epochMs(row.parent.get(time.parentField))
          : time.parentAccess && epochMs(time.parentAccess(row.parent.index));
      if (t !== undefined && t > floor) floor = t;
    }
    for (const ref of time.refs) {
      const at = row.slots[ref.slot]!;
      if (at < 0) continue;
      let t: number | undefined;
      if (ref.self) {
        if (at >= row.index) continue; // only an earlier row can come first
        t = at >= blockStart && created ? created[at - blockStart] : epochMs(ref.access(at));
      } else t = epochMs(ref.access(at));
      if (t !== undefined && t > floor) floor = t;
    }
    return Number.isFinite(floor) ? floor : undefined;
  }

  /**
   * n distinct values for one parent row's children: target positions of a distinct relation, or
   * tuple indexes of a key (ascending, so rows come in key order).
   */
  private perParentDraw(c: CompiledModel, i: number, rng: Rng, parentRow: Row, n: number): number[] {
    const p = c.producers[i]!;
    if (p.kind === "ref" && p.plan.kind === "distinct") {
      const [from, to] = this.targetRange(c.pm, p.plan, parentRow);
      return sampleDistinct(rng, to - from, n)
        .sort((a, b) => a - b)
        .map((t) => t + from);
    }
    const tuple = (p as { tuple: Tuple }).tuple;
    const size = this.tupleRadices(c.pm, tuple, parentRow).reduce((x, r) => x * r, 1);
    return sampleDistinct(rng, size, n).sort((a, b) => a - b);
  }

  /** Radix of each component of a tuple (target rows, a scoped range's rows, enum values, 2). */
  private tupleRadices(pm: PlannedModel, tuple: Tuple, parentRow?: Row): number[] {
    return tuple.key.components!.map((comp) => {
      if (comp.kind === "boolean") return 2;
      if (comp.kind === "enum") return comp.values.length;
      const plan = pm.structure.references.find((r) => r.fk === comp.fk)!;
      const [from, to] = this.targetRange(pm, plan, parentRow);
      return to - from;
    });
  }

  /** The positions a relation may point at: all target rows, or those under the row's anchor. */
  private targetRange(pm: PlannedModel, plan: ReferencePlan, parentRow?: Row): [number, number] {
    const target = this.planned(plan.via?.model ?? plan.fk.targetModel);
    if (!plan.anchor || !parentRow) return [0, target.rows];
    const positions = this.positions!;
    const anchor = positions.ancestorPosition(pm.parent!.planned, parentRow.index, plan.anchor.depth - 1);
    return positions.range(target, plan.anchor.targetDepth, anchor);
  }

  private produce(
    pm: PlannedModel,
    p: Producer,
    rng: Rng,
    row: Row,
    local: number,
    perParent: PerParent | undefined,
    k: number,
    prepared: unknown,
  ): unknown {
    switch (p.kind) {
      case "field": {
        const preset = perParent?.presets[k];
        if (preset) {
          const value = preset[local];
          return typeof value === "number" && Number.isNaN(value) ? null : value;
        }
        return p.field.generate(rng, row);
      }
      case "key":
        return p.key(row.index);
      case "ref":
        return this.produceRef(pm, p, rng, row, local, perParent?.presets[k] as number[] | undefined);
      case "follow": {
        const at = row.slots[p.slot]!;
        return at < 0 ? (p.nullable ? null : p.access(0)) : p.access(at);
      }
      case "component": {
        const t = this.tupleIndex(p.tuple, row, local, perParent?.presets[k]);
        // Beyond the tuple space a nullable component is NULL (it never collides): any value here.
        if (t < 0) return p.nullable ? null : p.values[0];
        const digit = this.digit(pm, p.tuple, row, p.component, t);
        return p.values[digit];
      }
      case "parentKey":
        return row.parent!.get(p.targetField);
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

  /** A relation's first column: draws the target row (or NULL), keeps it for the other columns. */
  private produceRef(
    pm: PlannedModel,
    p: Extract<Producer, { kind: "ref" }>,
    rng: Rng,
    row: Row,
    local: number,
    preset: number[] | undefined,
  ): unknown {
    const { plan, target } = p;
    let at = -1;
    switch (plan.kind) {
      case "pick":
        if (plan.nullRate > 0 && rng.next() < plan.nullRate) break;
        if (target.rows > 0) at = Math.floor(rng.next() * target.rows);
        break;
      case "scoped": {
        if (plan.nullRate > 0 && rng.next() < plan.nullRate) break;
        const [from, to] = this.targetRange(pm, plan, row.parent);
        if (to > from) at = from + Math.floor(rng.next() * (to - from));
        // A required relation kept in the tenant, whose tenant row has none: any row, as before.
        else if (plan.tenant && plan.fk.isRequired && target.rows > 0)
          at = Math.floor(rng.next() * target.rows);
        break;
      }
      case "member": {
        // A target row a join model's row in the same tenant holds (a user among the memberships).
        if (plan.nullRate > 0 && rng.next() < plan.nullRate) break;
        const [from, to] = this.targetRange(pm, plan, row.parent);
        if (to > from) at = p.member!(from + Math.floor(rng.next() * (to - from)));
        else if (plan.fk.isRequired && target.rows > 0) at = Math.floor(rng.next() * target.rows);
        break;
      }
      case "distinct":
        at = preset ? preset[local]! : -1;
        break;
      case "oneToOne":
        // A unique foreign key that is not the parent: a permutation of the target's positions.
        if (row.index < target.rows) at = (row.index * p.stride + 7) % target.rows;
        break;
      case "previous":
        if (row.index > 0) at = row.index - 1;
        else if (plan.nullRate === 0) at = target.rows - 1;
        break;
      case "earlier": {
        // A relation to the same model: an earlier row, so chains end (trees, not cycles).
        if (plan.nullRate > 0 && rng.next() < plan.nullRate) break;
        const from = plan.anchor ? this.targetRange(pm, plan, row.parent)[0] : 0;
        const span = row.index - from;
        if (span <= 0) at = plan.nullRate > 0 ? -1 : row.index;
        else at = from + Math.floor(rng.next() * span);
        break;
      }
      case "tuple": {
        const t = this.tupleIndex(p.tuple!, row, local, preset);
        if (t < 0) {
          // Beyond the tuple space another component is NULL: a required relation takes any row.
          if (plan.fk.isRequired && target.rows > 0) at = 0;
          break;
        }
        const digit = this.digit(pm, p.tuple!, row, p.component!, t);
        const [from] = this.targetRange(pm, plan, row.parent);
        at = from + digit;
        if (plan.nullRate > 0 && rng.next() < plan.nullRate) at = -1;
        break;
      }
      default:
        break;
    }
    row.slots[p.slot] = at;
    return at < 0 ? null : p.access(at);
  }

  /** A tuple's index for this row: drawn per parent (presets), or a permutation of the table's positions. */
  private tupleIndex(tuple: Tuple, row: Row, local: number, preset: ArrayLike<unknown> | undefined): number {
    if (tuple.perParent) {
      if (preset) {
        const t = preset[local] as number;
        row.slots[tuple.slot] = t;
        return t;
      }
      return row.slots[tuple.slot]!;
    }
    const t = row.index < tuple.size ? mulAddMod(row.index, tuple.stride, 7, tuple.size) : -1;
    row.slots[tuple.slot] = t;
    return t;
  }

  /** Component `component` of tuple index t (mixed radix, first component most significant). */
  private digit(pm: PlannedModel, tuple: Tuple, row: Row, component: number, t: number): number {
    const radices = this.tupleRadices(pm, tuple, row.parent);
    let rest = t;
    for (let i = radices.length - 1; i > component; i--) rest = Math.floor(rest / radices[i]!);
    return rest % radices[component]!;
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

  /**
   * The value of `field` at row `position` of a planned model, as a function: derived from the
   * position where the field's producer allows (keys, parent keys, permutations), else read from
   * that block's rows, computed once.
   */
  positionValue(target: PlannedModel, field: string): Access {
    const id = `${target.model.modelName}\u0000${field}`;
    let access = this.accessors.get(id);
    if (access) return access;
    const c = this.compile(target);
    const producer = c.producers[c.index.get(field)!];
    if (producer?.kind === "key") access = producer.key;
    else if (producer?.kind === "parentKey") {
      const up = this.positionValue(target.parent!.planned, producer.targetField);
      const positions = this.positions!;
      access = (p) => up(positions.parentPosition(target, p));
    } else {
      access = (p) => {
        const block = blockOf(target, p);
        return this.blockColumn(target, block, field)[p - target.blockStart[block]!];
      };
    }
    this.accessors.set(id, access);
    return access;
  }

  /**
   * A join model and, as a function of its row's position, the target position that row's
   * relation holds (its parent's position when the relation is its parent), computed per block once.
   */
  private memberOf(via: { model: string; fk: ForeignKey }): {
    join: PlannedModel;
    member: (position: number) => number;
  } {
    const join = this.planned(via.model);
    if (this.planning) return { join, member: () => -1 };
    if (join.parent?.fk === via.fk) {
      return { join, member: (p) => this.positions!.parentPosition(join, p) };
    }
    const plan = join.structure.references.find((r) => r.fk === via.fk)!;
    const driver = plan.writes[0]!;
    const member = (position: number) => {
      const block = blockOf(join, position);
      const id = `${via.model}\u0000${via.fk.relationField}\u0000${block}`;
      let positions = this.memberBlocks.get(id);
      if (!positions) {
        const c = this.compile(join);
        const p = c.producers[c.index.get(driver)!];
        if (p?.kind !== "ref") return -1;
        const out = new Float64Array(join.blockRows[block]!);
        let i = 0;
        this.forEachRow(join, block, new Set([driver]), (row) => {
          out[i++] = row.slots[p.slot]!;
        });
        positions = out;
        this.memberBlocks.set(id, positions);
      }
      return positions[position - join.blockStart[block]!]!;
    };
    return { join, member };
  }

  private blockColumn(pm: PlannedModel, block: number, field: string): unknown[] {
    const id = `${pm.model.modelName}\u0000${field}\u0000${block}`;
    const cached = this.blockColumns.get(id);
    if (cached) return cached;
    if (this.computing.has(id)) {
      throw new SeedbandError(
        "SCHEMA_UNSUPPORTED",
        `${pm.model.modelName}.${field} is referenced by a foreign key whose values depend on it in turn: no row can be computed first. Fix: make one of these relations optional and give it { "value": null } in ${this.file}.`,
      );
    }
    this.computing.add(id);
    try {
      const column = this.column(pm, block, field);
      this.blockColumns.set(id, column);
      return column;
    } finally {
      this.computing.delete(id);
    }
  }

  private parentNeeds(c: CompiledModel): Set<string> {
    const need = new Set<string>();
    const pm = c.pm;
    if (pm.fanOutField) need.add(pm.fanOutField);
    if (c.timeRefs?.parentField !== undefined) need.add(c.timeRefs.parentField);
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
    c = { pm, columns, index, producers: [], reads: [], traits: [], slots: 0, tuples: [] };
    const compiled = c;
    // Tuples first: their components' producers refer to them.
    for (const key of pm.structure.keys) {
      if (key.how !== "perParent" && key.how !== "table") continue;
      const fields = key.components!.map((comp) =>
        comp.kind === "fk" ? pm.structure.references.find((r) => r.fk === comp.fk)!.writes[0]! : comp.field,
      );
      const driver = Math.min(...fields.filter((f) => f !== undefined).map((f) => index.get(f)!));
      const size = key.how === "table" ? this.tableTupleSize(key.components!) : 0;
      compiled.tuples.push({
        slot: compiled.slots++,
        key,
        driver,
        perParent: key.how === "perParent",
        size,
        stride: size > 0 ? coprimeStride(size) : 1,
      });
    }
    // A slot per relation before any producer: a relation's other columns may come first in the table.
    const refSlots = new Map<ReferencePlan, number>(
      pm.structure.references.map((r) => [r, compiled.slots++] as const),
    );
    for (const column of columns) {
      const { producer, reads: r } = this.producerFor(pm, column, fieldSpecs, index, compiled, refSlots);
      compiled.producers.push(producer);
      compiled.reads.push(r.map((f) => index.get(f)!).filter((x) => x !== undefined));
    }
    compiled.traits = this.compileTraits(pm, index);
    this.compileTimeOrder(compiled, refSlots);
    this.compiled.set(pm, compiled);
    return compiled;
  }

  /**
   * The creation time's column, and which relations bound it when its generator comes after the
   * referenced rows: every relation a row draws a target row for (not a user function's), whose
   * target is planned before this model (a cycle's back edge cannot be ordered) or is this model
   * itself, and whose target has a creation time — its own, or for a model without one, the
   * latest of its own references' (its floor: a grandparent's time passes through it). The
   * relations' driver columns are computed before the creation time. A model without a creation
   * time gets the same list, for its floor.
   */
  private compileTimeOrder(c: CompiledModel, refSlots: Map<ReferencePlan, number>): void {
    const { pm } = c;
    const at = this.creationColumn(c);
    if (at !== undefined) c.creation = at;
    if (this.planning) return;
    if (at !== undefined) {
      const producer = c.producers[at]!;
      if (producer.kind !== "field" || producer.field.afterReferences !== true) return;
    }
    const own = this.all.indexOf(pm);
    const refs: TimeReference[] = [];
    for (const plan of pm.structure.references) {
      const driver = c.index.get(plan.writes[0] ?? "");
      const p = driver === undefined ? undefined : c.producers[driver];
      if (p?.kind !== "ref" || p.plan !== plan) continue;
      const self = p.target === pm;
      if (!self && !(this.all.indexOf(p.target) < own)) continue;
      let access: Access | undefined;
      if (self) {
        // Resolved on first use: this model is still being compiled.
        const field = at === undefined ? undefined : c.columns[at]!.fieldName;
        let resolved: Access | undefined;
        access =
          field === undefined
            ? this.floorAccess(pm)
            : (position) => (resolved ??= this.positionValue(pm, field))(position);
      } else access = this.createdAccess(p.target);
      if (!access) continue;
      refs.push({ plan, slot: refSlots.get(plan)!, self, driver: c.columns[driver!]!.fieldName, access });
      if (at !== undefined) c.reads[at]!.push(driver!);
    }
    const parent = pm.parent?.planned;
    if (!parent) {
      c.timeRefs = { refs };
      return;
    }
    const parentField = this.creationFieldOf(parent);
    const parentAccess = parentField === undefined ? this.createdAccess(parent) : undefined;
    c.timeRefs = {
      refs,
      ...(parentField !== undefined && { parentField }),
      ...(parentAccess && { parentAccess }),
    };
  }

  /**
   * A planned model's creation time by position: its creation column, or its floor (a model
   * without a creation time); undefined when neither says anything.
   */
  private createdAccess(pm: PlannedModel): Access | undefined {
    const field = this.creationFieldOf(pm);
    if (field !== undefined) return this.positionValue(pm, field);
    const c = this.compile(pm);
    if (!c.timeRefs || (c.timeRefs.refs.length === 0 && !c.timeRefs.parentField && !c.timeRefs.parentAccess))
      return undefined;
    return this.floorAccess(pm);
  }

  /** The floor of a model without a creation time, by position: from its block's floors, computed once. */
  private floorAccess(pm: PlannedModel): Access {
    return (position) => {
      const block = blockOf(pm, position);
      const floor = this.blockFloors(pm, block)[position - pm.blockStart[block]!]!;
      return Number.isNaN(floor) ? null : floor;
    };
  }

  private blockFloors(pm: PlannedModel, block: number): Float64Array {
    const id = `${pm.model.modelName}\u0000$floor\u0000${block}`;
    const cached = this.floors.get(id);
    if (cached) return cached;
    const c = this.compile(pm);
    const floors = new Float64Array(pm.blockRows[block]!).fill(Number.NaN);
    const need = new Set(c.timeRefs!.refs.map((r) => r.driver));
    const blockStart = pm.blockStart[block]!;
    for (const row of this.rows(pm, block, need))
      floors[row.index - blockStart] = this.referencesCreated(c, row, blockStart, floors) ?? Number.NaN;
    this.floors.set(id, floors);
    return floors;
  }

  private readonly floors = new Map<string, Float64Array>();

  /** The column position of a compiled model's creation time, when seedband writes it. */
  private creationColumn(c: CompiledModel): number | undefined {
    const field = creationTimeField(c.pm.model);
    const at = field === undefined ? undefined : c.index.get(field);
    return at !== undefined && c.producers[at]!.kind === "field" ? at : undefined;
  }

  /** The creation field of a planned model (compiled already: it is planned earlier), when written. */
  private creationFieldOf(pm: PlannedModel): string | undefined {
    const c = this.compile(pm);
    return c.creation === undefined ? undefined : c.columns[c.creation]!.fieldName;
  }

  /** The field holding a model's creation time, when seedband writes it. */
  creationField(pm: PlannedModel): string | undefined {
    return this.creationFieldOf(pm);
  }

  /**
   * What a model's timestamps promise about time order (verify --realism counts the rows that
   * break it): its creation field, the relations whose target rows it is created after (the
   * parent, every relation it orders by, and relations their rows imply), and per timestamp the
   * field it is never earlier than.
   */
  timeOrder(pm: PlannedModel): ModelTimeOrder {
    const c = this.compile(pm);
    const after: ModelTimeOrder["after"] = [];
    c.producers.forEach((p, i) => {
      const t = p.kind === "field" && c.traits.every((x) => !x.fields.has(i)) ? p.field.after : undefined;
      if (t !== undefined) after.push({ field: c.columns[i]!.fieldName, after: t });
    });
    if (c.creation === undefined || !c.timeRefs) return { after, relations: [] };
    const ordered = new Set<ReferencePlan>(c.timeRefs.refs.map((r) => r.plan));
    const { writtenBy } = pm.structure;
    const relations = pm.structure.references.flatMap((plan) => {
      let by: ReferencePlan | undefined = plan;
      if (plan.kind === "implied") by = writtenBy.get(plan.fk.fields[0]!);
      return by && (by.kind === "parent" || ordered.has(by)) ? [plan.fk] : [];
    });
    return { creation: c.columns[c.creation]!.fieldName, after, relations };
  }

  private tableTupleSize(components: TupleComponent[]): number {
    let size = 1;
    for (const comp of components) {
      size *=
        comp.kind === "boolean"
          ? 2
          : comp.kind === "enum"
            ? comp.values.length
            : this.all.some((p) => p.model.modelName === comp.fk.targetModel)
              ? this.planned(comp.fk.targetModel).rows
              : 0;
    }
    // Beyond 2^50 distinct tuples, the first 2^50 are plenty (and stay exact in doubles).
    return Math.min(size, 2 ** 50);
  }

  /** What a user generator's values are checked against, and where the config gives it. */
  private checkOf(
    column: Column | undefined,
    pm: PlannedModel,
  ): { column?: Column; enums: ReadonlyArray<EnumType>; place?: string } {
    const places = this.options.overrides?.places ?? {};
    const place = column ? places[`${pm.model.modelName}.${column.fieldName}`] : undefined;
    return {
      ...(column ? { column } : {}),
      enums: this.options.graph.enums,
      ...(place ? { place } : {}),
    };
  }

  private producerFor(
    pm: PlannedModel,
    column: Column,
    fieldSpecs: Record<string, FieldSpec>,
    index: Map<string, number>,
    c: CompiledModel,
    refSlots: Map<ReferencePlan, number>,
  ): { producer: Producer; reads: string[] } {
    const { model, structure } = pm;
    const at = `$.models.${model.modelName}.fields.${column.fieldName}`;
    const spec = fieldSpecs[column.fieldName];
    const userFn = this.options.overrides?.functions[model.modelName]?.[column.fieldName];
    if (userFn) {
      const unique = this.uniqueByPosition(pm).has(column.fieldName);
      const where = `${model.modelName}.${column.fieldName}`;
      return {
        producer: {
          kind: "field",
          field: compileUserGenerator(userFn, {
            seed: this.options.seed,
            unique,
            where,
            ...this.checkOf(column, pm),
          }),
        },
        reads: [],
      };
    }
    const plan = structure.writtenBy.get(column.fieldName);
    const referenced = this.referenced.has(`${model.modelName}.${column.fieldName}`);
    if (column.type === "Unsupported") {
      if (!column.isRequired) return { producer: { kind: "skip" }, reads: [] };
      throw new SeedbandError(
        "SCHEMA_UNSUPPORTED",
        `${model.modelName}.${column.fieldName} is a required Unsupported("${column.nativeType?.args[0] ?? "?"}") column: seedband cannot generate its values. Make it optional (Unsupported columns left out are NULL), give it a database default, or give it a generator in seedband.config.ts.`,
      );
    }
    const tupleOf = (field: string) =>
      c.tuples.findIndex((t) => t.key.components!.some((comp) => comp.kind !== "fk" && comp.field === field));
    if (
      !spec &&
      !plan &&
      !referenced &&
      !(column.isId && model.primaryKey.length === 1) &&
      !this.uniqueByPosition(pm).has(column.fieldName) &&
      tupleOf(column.fieldName) < 0 &&
      column.default?.kind === "dbgenerated" &&
      !volatileDefault(column.default.sql)
    ) {
      return { producer: { kind: "skip" }, reads: [] }; // the database computes it, the same on every build
    }
    if (plan) {
      const fk = plan.fk;
      const targetField = fk.targetFields[fk.fields.indexOf(column.fieldName)]!;
      if (plan.kind === "parent") return { producer: { kind: "parentKey", targetField }, reads: [] };
      if (plan.kind === "null") return { producer: { kind: "null" }, reads: [] };
      if (plan.kind === "implied") {
        // Unreachable: implied relations write no column of their own.
        return { producer: { kind: "null" }, reads: [] };
      }
      const relSpec = fieldSpecs[fk.relationField] ?? spec;
      if (plan.kind === "among" && relSpec && "among" in relSpec)
        return { producer: this.among(pm, fk, relSpec.among, at), reads: [] };
      if (
        this.planning &&
        !this.all.some((p) => p.model.modelName === fk.targetModel || p.model.modelName === plan.via?.model)
      ) {
        return { producer: { kind: "later" }, reads: [] };
      }
      const target = this.planned(fk.targetModel);
      // Resolved on first use: the target may be this model, still being compiled.
      let resolved: Access | undefined;
      const access: Access = this.planning
        ? () => null
        : (position) => (resolved ??= this.positionValue(target, targetField))(position);
      const driver = plan.writes[0]!;
      if (column.fieldName !== driver) {
        const slot = refSlots.get(plan)!;
        return { producer: { kind: "follow", slot, access, nullable: !column.isRequired }, reads: [driver] };
      }
      const slot = refSlots.get(plan)!;
      if (plan.kind === "oneToOne" && fk.isRequired && pm.rows > target.rows && !this.planning) {
        throw new SeedbandError(
          "UNIQUE_EXHAUSTED",
          `${model.modelName}.${fk.relationField} is a required one-to-one relation to ${fk.targetModel}, but the band plans ${pm.rows} ${model.modelName} rows for ${target.rows} ${fk.targetModel} rows (each can be used once). Give ${model.modelName} at most as many rows (a count in the spec), or make the relation optional.`,
        );
      }
      let tuple: Tuple | undefined;
      let component: number | undefined;
      const reads: string[] = [];
      if (plan.kind === "tuple") {
        tuple = c.tuples.find((t) => t.key.components!.some((comp) => comp.kind === "fk" && comp.fk === fk));
        component = tuple!.key.components!.findIndex((comp) => comp.kind === "fk" && comp.fk === fk);
        if (tuple!.driver !== index.get(column.fieldName)) reads.push(c.columns[tuple!.driver]!.fieldName);
      }
      return {
        producer: {
          kind: "ref",
          plan,
          slot,
          target,
          access,
          stride: coprimeStride(Math.max(1, target.rows)),
          ...(tuple && { tuple, component }),
          ...(plan.via && this.memberOf(plan.via)),
        },
        reads,
      };
    }
    const t = tupleOf(column.fieldName);
    if (t >= 0 && !spec) {
      const tuple = c.tuples[t]!;
      const component = tuple.key.components!.findIndex(
        (comp) => comp.kind !== "fk" && comp.field === column.fieldName,
      );
      const comp = tuple.key.components![component]!;
      const values = comp.kind === "enum" ? comp.values : [false, true];
      const reads = tuple.driver === index.get(column.fieldName) ? [] : [c.columns[tuple.driver]!.fieldName];
      return {
        producer: { kind: "component", tuple, component, values, nullable: !column.isRequired },
        reads,
      };
    }
    const keyLike = (column.isId && model.primaryKey.length === 1) || referenced;
    if (!spec && keyLike) {
      const key = positionKey(this.options.seed, model.modelName, column);
      if (key) return { producer: { kind: "key", key }, reads: [] };
      if (!this.uniqueByPosition(pm).has(column.fieldName) && column.isId) {
        throw new SeedbandError(
          "SCHEMA_UNSUPPORTED",
          `${model.modelName}.${column.fieldName} is a key of type ${column.type}; seedband derives keys only for Int, BigInt and String columns. Use one of those types for the key.`,
        );
      }
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
    for (const pm of this.all) {
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

  /** Planning is over: compile again with every model known, and positions from the plan. */
  finishPlanning(positions: PlanPositions<PlannedModel>): void {
    this.planning = false;
    this.positions = positions;
    this.compiled.clear();
    this.accessors.clear();
    this.blockColumns.clear();
    this.floors.clear();
  }

  private planning = true;

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
      unique: this.uniqueByPosition(pm).has(column.fieldName),
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
        const column = pm.model.columns.find((c) => c.fieldName === f);
        fields.set(
          at(f),
          compileUserGenerator(fn, {
            seed: this.options.seed,
            unique: false,
            where,
            ...this.checkOf(column, pm),
          }),
        );
      }
      return { upTo, fields };
    });
  }

  /**
   * Fields whose values must be unique on their own: single-column unique keys (not written by a
   * relation) and the carrier the structure chose for each composite key. Values of these embed
   * the row's position.
   */
  private uniqueByPosition(pm: PlannedModel): Set<string> {
    const out = new Set(pm.structure.uniqueAlone);
    for (const key of pm.structure.keys) {
      if (key.fields.length === 1 && (key.how === "position" || key.how === "domain"))
        out.add(key.fields[0]!);
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

/** A timestamp value as epoch milliseconds (numbers from seedband's generators, Dates from users'). */
function epochMs(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? undefined : value;
  if (value instanceof Date) return value.getTime();
  return undefined;
}

interface PerParent {
  parentLocal: number;
  /** Values drawn per parent, by position in the computed order (sorted timestamps, distinct picks). */
  presets: Array<ArrayLike<unknown> | undefined>;
}
