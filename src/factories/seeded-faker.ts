// faker, drawing from seedband's streams: its randomizer reads whichever Rng the current value
// belongs to, so a value depends only on its field's stream (never on faker's global state).
// Loaded on first use, English only: importing the package's index (every locale) costs ~0.2 s
// at start-up, the English locale ~25 ms.
import { createRequire } from "node:module";
import type { Faker } from "@faker-js/faker";
import type { Rng } from "../random/index.js";

const require = createRequire(import.meta.url);

/** faker's version: its data and algorithms shape generated values, so fingerprints include it. */
export const FAKER_VERSION: string = (require("@faker-js/faker/package.json") as { version: string }).version;

let current: Rng = { next: () => 0 };
let instance: Faker | undefined;

function seededFaker(): Faker {
  if (!instance) {
    // Node ≥ 20.19 requires ES modules synchronously. The English instance carries the Faker class
    // and its locale data; a new instance gets our randomizer.
    const { faker: english } = require("@faker-js/faker/locale/en") as { faker: Faker };
    const FakerClass = english.constructor as new (options: ConstructorParameters<typeof Faker>[0]) => Faker;
    instance = new FakerClass({
      locale: english.rawDefinitions,
      randomizer: { next: () => current.next(), seed: () => {} },
    });
  }
  return instance;
}

/** Calls `use(faker)` with faker drawing from `rng`. */
export function withFaker<T>(rng: Rng, use: (f: Faker) => T): T {
  current = rng;
  return use(seededFaker());
}
