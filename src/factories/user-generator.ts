// Generators the user writes in seedband.config.ts: functions of a seeded context. They draw only
// from their field's stream (and faker bound to it), so they are as deterministic as ours. Unique
// columns get bounded retries here — the one place seedband retries — then a precise error.
import type { Faker } from "@faker-js/faker";
import { SeedbandError } from "../errors.js";
import type { Rng } from "../random/index.js";
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
}

export interface TraitOverride {
  name: string;
  share: number;
  specFields: Record<string, import("../spec/index.js").FieldSpec>;
  functions: Record<string, GeneratorFunction>;
}

const UNIQUE_RETRIES = 10;

export function compileUserGenerator(
  fn: GeneratorFunction,
  options: { seed: number; unique: boolean; where: string },
): CompiledField {
  const call = (rng: Rng, row: RowView) =>
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
