// faker, drawing from seedband's streams: its randomizer reads whichever Rng the current value
// belongs to, so a value depends only on its field's stream (never on faker's global state).
import { createRequire } from "node:module";
import { base, en, Faker } from "@faker-js/faker";
import type { Rng } from "../random/stream.js";

/** faker's version: its data and algorithms shape generated values, so fingerprints include it. */
export const FAKER_VERSION: string = (
  createRequire(import.meta.url)("@faker-js/faker/package.json") as { version: string }
).version;

let current: Rng = { next: () => 0 };
const faker = new Faker({ locale: [en, base], randomizer: { next: () => current.next(), seed: () => {} } });

/** Calls `use(faker)` with faker drawing from `rng`. */
export function withFaker<T>(rng: Rng, use: (f: Faker) => T): T {
  current = rng;
  return use(faker);
}
