// `seedband/runner`: seedband for any test runner whose tests run in processes started after a
// setup step (Jest's globalSetup, a script around `node --test`). startSeedband() does what the
// Vitest plugin's global setup does (server, templates, leftovers) through the same
// startSeedbandRun(), and publishes the run's context in the environment (SEEDBAND_CONTEXT) that
// the test processes inherit; seedBand() there reads it. stopSeedband() drops the run's clones
// and stops a server the run started.
import { SeedbandError } from "../errors.js";
import {
  type BandDatabase,
  type PrismaClientClass,
  type SeedBandOptions,
  type SeedbandContext,
  type SeedbandPluginOptions,
  type SeedbandRun,
  seedBand as seedBandFromContext,
  startSeedbandRun,
  useSeedbandContext,
} from "../vitest/index.js";

/** The environment variable holding the run's context (JSON) for the test processes. */
export const CONTEXT_ENV = "SEEDBAND_CONTEXT";

/** The run this process started, shared by the setup and teardown modules (one process, two modules). */
const RUN = Symbol.for("seedband.runner.run");
type Holder = { [RUN]?: SeedbandRun };

/** The Vitest plugin's options: band(s), seed, preset, schema, provider, databaseUrl, image, root. */
export type SeedbandOptions = SeedbandPluginOptions;

/**
 * Provisions the server, builds the bands' templates and sets SEEDBAND_CONTEXT for the test
 * processes started after it. Call once before the tests (Jest: `seedband/jest/global-setup`).
 */
export async function startSeedband(options: SeedbandOptions = {}): Promise<SeedbandContext> {
  const holder = globalThis as Holder;
  if (holder[RUN]) return holder[RUN].context;
  const run = await startSeedbandRun(
    {
      provide: (_key, context) => {
        process.env[CONTEXT_ENV] = JSON.stringify(context);
      },
    },
    options,
  );
  holder[RUN] = run;
  return run.context;
}

/** Drops every clone of the run startSeedband() started here, and stops a server it started. */
export async function stopSeedband(): Promise<void> {
  const holder = globalThis as Holder;
  const run = holder[RUN];
  if (!run) return;
  delete holder[RUN];
  delete process.env[CONTEXT_ENV];
  await run.teardown();
}

/** The context startSeedband() published, or undefined outside such a run. */
export function contextFromEnvironment(): SeedbandContext | undefined {
  const text = process.env[CONTEXT_ENV];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as SeedbandContext;
  } catch {
    throw new SeedbandError(
      "BAD_INPUT",
      `${CONTEXT_ENV} is not the JSON startSeedband() writes. Fix: unset it; seedband's global setup sets it.`,
    );
  }
}

/**
 * A fresh database holding the band, for this test alone, in a process started after
 * startSeedband() (Jest's globalSetup, a script around `node --test`).
 *
 * @example
 * import { seedBand } from "seedband/jest";
 * const db = await seedBand("ci");
 * afterAll(() => db.drop());
 */
export function seedBand<P>(
  band: string,
  options: SeedBandOptions<P> & { prisma: PrismaClientClass<P> },
): Promise<BandDatabase<P>>;
export function seedBand(band: string, options?: SeedBandOptions): Promise<BandDatabase<undefined>>;
export async function seedBand<P>(band: string, options: SeedBandOptions<P> = {}): Promise<BandDatabase<P>> {
  const context = contextFromEnvironment();
  if (!context) {
    throw new SeedbandError(
      "BAD_INPUT",
      "seedBand() found no seedband run (SEEDBAND_CONTEXT is not set). Fix: in jest.config, set " +
        'globalSetup: "seedband/jest/global-setup" and globalTeardown: "seedband/jest/global-teardown"; ' +
        "with node:test, call startSeedband() before starting `node --test` (node_modules/seedband/docs/test-runners.md).",
    );
  }
  useSeedbandContext(context);
  return seedBandFromContext(band, options as SeedBandOptions<P> & { prisma: PrismaClientClass<P> });
}

export type { BandDatabase, PrismaClientClass, SeedBandOptions, SeedbandContext };
