// The planner against generated schemas (test/fuzz/prisma-schema-arbitrary.ts): each either plans
// and generates rows in every table that keep every key and foreign key, the same bytes on a
// second run, or is refused with exit 2 before anything else happens. Never another error. In
// `npm test`: 300 schemas from a fixed seed, plus every schema a past failure was shrunk to
// (test/fixtures/fuzz). `npm run fuzz:schemas` runs thousands from a random seed (FUZZ_RUNS,
// FUZZ_SEED to repeat one); a failure prints its seed and schema: keep it as a fixture.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { SeedbandError } from "../../src/errors.js";
import { BandGenerator } from "../../src/generate/index.js";
import { readSchema } from "../../src/schema/index.js";
import { checkGenerated, generatedTables } from "../fuzz/check-generated.js";
import { prismaSchemaArbitrary } from "../fuzz/prisma-schema-arbitrary.js";

const generic = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]).spec;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : 20_261_130));
const FIXTURES = join(PACKAGE_ROOT, "test", "fixtures", "fuzz");

/** "seeded" with no problems, "refused" (exit 2), or the problems found. */
function outcome(text: string, checkBytes: boolean): { kind: "seeded" | "refused"; problems: string[] } {
  const graph = readSchema([["schema.prisma", text]]);
  let gen: BandGenerator;
  try {
    gen = new BandGenerator({ graph, spec: generic, band: "ci", seed: 7, specFile: "seedband.config.ts" });
  } catch (error) {
    if (error instanceof SeedbandError && error.exitCode === 2) return { kind: "refused", problems: [] };
    throw error;
  }
  const { tables, digest } = generatedTables(gen);
  const problems = checkGenerated(graph, tables);
  if (
    checkBytes &&
    generatedTables(new BandGenerator({ graph, spec: generic, band: "ci", seed: 7 })).digest !== digest
  ) {
    problems.push("a second run gave other bytes");
  }
  return { kind: "seeded", problems };
}

describe("generated schemas", () => {
  it(`seed fully or are refused with exit 2 (${RUNS} schemas, fast-check seed ${SEED})`, () => {
    const counts = { seeded: 0, refused: 0 };
    let n = 0;
    fc.assert(
      fc.property(prismaSchemaArbitrary, (schema) => {
        const result = outcome(schema.text, n++ % 10 === 0);
        counts[result.kind]++;
        expect(result.problems, schema.text).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Refusals are for what is genuinely unsatisfiable: the builder makes few such schemas.
    expect(counts.seeded).toBeGreaterThan(RUNS * 0.95);
  }, 600_000);

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith(".prisma")))(
    "regression fixture %s seeds fully",
    (file) => {
      const result = outcome(readFileSync(join(FIXTURES, file), "utf8"), true);
      expect(result.kind).toBe("seeded");
      expect(result.problems).toEqual([]);
    },
  );
});
