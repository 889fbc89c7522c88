// Generators the user writes in seedband.config.ts: functions of a seeded context. They draw only
// from their field's stream (and faker bound to it), so they are as deterministic as ours. Unique
// columns get bounded retries here — the one place seedband retries — then a precise error.
import type { Faker } from "@faker-js/faker";
import { SeedbandError } from "../errors.js";
import type { Rng } from "../random/index.js";
import type { Column, EnumType } from "../schema/index.js";
import { userValueProblem } from "./check-user-value.js";
import type { CompiledField, RowView } from "./field-factory.js";
import { withFaker } from "./seeded-faker.js";

/** What a generator function gets for each row: seeded randomness, the row so far, faker. */
export interface GeneratorContext {
  /** The seed of the run (`--seed`). */
  seed: number;
  /** 0-based position of the row in its table. */
  index: number;
  /** A field of the row already generated. */
  get(field: string): unknown;
  /** Uniform in [0, 1), from the field's own stream: the same on every run with this seed. */
  random(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a list. */
  pick<T>(list: readonly T[]): T;
  /** faker, drawing from the field's stream (never from faker's global seed). */
  faker: Faker;
}

export type GeneratorFunction = (context: GeneratorContext) => unknown;

/** Overrides from seedband.config.ts that the spec format cannot hold. */
export interface Overrides {
  /** model → field → function */
  functions: Record<string, Record<string, GeneratorFunction>>;
  /** model → traits, in declaration order */
  traits: Record<string, TraitOverride[]>;
  /** Where a model's field is given in seedband.config.ts ("Model.field" → "file:line"), as far as found. */
  places?: Record<string, string>;
}

export interface TraitOverride {
  name: string;
  share: number;
  specFields: Record<string, import("../spec/index.js").FieldSpec>;
  functions: Record<string, GeneratorFunction>;
}

const UNIQUE_RETRIES = 10;

export interface UserGeneratorOptions {
  seed: number;
  unique: boolean;
  /** The field, as "Model.field" (with its trait). */
  where: string;
  /** The column it fills: every value is checked against its type (userValueProblem). */
  column?: Column;
  enums?: ReadonlyArray<EnumType>;
  /** seedband.config.ts, with its line when found ("/p/seedband.config.ts:12"). */
  place?: string;
}

export function compileUserGenerator(fn: GeneratorFunction, options: UserGeneratorOptions): CompiledField {
  const place = options.place ?? "seedband.config.ts";
  const checked = (value: unknown, row: RowView): unknown => {
    const problem = options.column && userValueProblem(options.column, value, options.enums ?? []);
    if (problem) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${place}: the generator of ${options.where} returned ${problem} (row ${row.index + 1}, seed ${options.seed}). Fix: make the function return a value the column accepts.`,
      );
    }
    return value;
  };
  const call = (rng: Rng, row: RowView) => checked(run(rng, row), row);
  const run = (rng: Rng, row: RowView) => {
    try {
      return invoke(rng, row);
    } catch (error) {
      if (error instanceof SeedbandError) throw error;
      const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
      throw new SeedbandError(
        "BAD_INPUT",
        `${place}: the generator of ${options.where} threw "${message}" (row ${row.index + 1}, seed ${options.seed}). Fix: make the function return a value for every row (the context gives index, get(), random(), faker).`,
        { cause: error },
      );
    }
  };
  const invoke = (rng: Rng, row: RowView) =>
    fn({
      seed: options.seed,
      index: row.index,
      get: (field) => row.get(field),
      random: () => rng.next(),
      int: (min, max) => min + Math.floor(rng.next() * (max - min + 1)),
      pick: (list) => list[Math.floor(rng.next() * list.length)]!,
      get faker() {
        return withFaker(rng, (f) => f);
      },
    });
  if (!options.unique) return { generate: call, reads: [] };
  const seen = new Set<string>();
  return {
    reads: [],
    generate: (rng, row) => {
      for (let attempt = 0; attempt < UNIQUE_RETRIES; attempt++) {
        const value = call(rng, row);
        const key = typeof value === "object" ? JSON.stringify(value) : String(value);
        if (!seen.has(key)) {
          seen.add(key);
          return value;
        }
      }
      throw new SeedbandError(
        "UNIQUE_EXHAUSTED",
        `The generator of ${options.where} in seedband.config.ts gave ${UNIQUE_RETRIES} values in a row that earlier rows already have (row ${row.index + 1}, seed ${options.seed}), but the column is unique. Make it derive from the row's position, e.g. \`({ index }) => \`item-\${index + 1}\`\`.`,
      );
    },
  };
}
