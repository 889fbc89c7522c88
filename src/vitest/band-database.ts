// The types of seedBand()'s options and result, apart from how a clone is made (seed-band.ts):
// what a user's generated PrismaClient class must accept, and the clone handed back, whose
// `prisma` has that class's instance type when a class was given. Checked against clients that
// `prisma generate` makes (test/e2e/typed-client.test.ts).
import type { PrismaPg } from "@prisma/adapter-pg";
import type { InjectedStatistics } from "../pipeline/index.js";

/**
 * A Prisma Client class (the user's generated one, from the `prisma-client` or `prisma-client-js`
 * generator): seedBand() constructs it with the pg driver adapter on the clone.
 */
export type PrismaClientClass<T> = new (options: { adapter: PrismaPg }) => T;

export interface SeedBandOptions<P = never> {
  /** Seed of the band (default 1). */
  seed?: number;
  /** Your generated PrismaClient class: `prisma` is then a client on the clone (@prisma/adapter-pg). */
  prisma?: PrismaClientClass<P>;
  /** Clone the template now instead of taking a ready clone from the run's pool. */
  fresh?: boolean;
  /**
   * Another band's planner statistics injected into this clone (a band of the project, or a file
   * `seedband stats --out` wrote), or `false` for the band's own. Default: the plugin's `statsAs`
   * for this band.
   */
  statsAs?: string | false;
}

/** A clone's injected planner statistics: what `seed --stats-as` records in the run record. */
export type CloneStatistics = InjectedStatistics;

/** A fresh database holding a band, for one test. `BandDatabase` alone fits every clone. */
export interface BandDatabase<P = unknown> {
  /** The clone's URL (no password unless the server's URL has one). */
  url: string;
  name: string;
  /** Whether it came ready from the run's pool (else it was cloned for this call). */
  pooled: boolean;
  /** Present when another band's planner statistics were injected into the clone (`statsAs`). */
  statistics?: CloneStatistics;
  /** A client of the class given as `prisma`, connected to the clone (undefined when none was). */
  prisma: P;
  /**
   * Disconnects `prisma` and drops the clone (teardown drops it anyway). With a pool the drop
   * happens in the background: the name is gone when this returns, the files shortly after.
   */
  drop(): Promise<void>;
}
