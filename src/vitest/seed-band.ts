// seedBand(): a fresh database of a band for one test: a ready clone claimed from the run's pool
// (src/snapshot/clone-pool.ts) when the band has one and it is not empty, else cloned from the
// band's template here. Runs in a Vitest worker; reads what the global setup provided. A band the
// setup did not build is built here on first use (under the snapshot lock, so workers asking at
// once build it once).
import { dropOwnedDatabase } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { type Clone, claimPooledClone, cloneTemplate, discardClone } from "../snapshot/index.js";
import { type SeedbandContext, type TemplateInfo, templateKey } from "./options.js";

/** A Prisma Client class (the user's generated one): constructed with the pg driver adapter. */
export type PrismaClientClass<T> = new (options: { adapter: unknown }) => T;

export interface SeedBandOptions<P = never> {
  /** Seed of the band (default 1). */
  seed?: number;
  /** Your generated PrismaClient class: `prisma` is then a client on the clone (@prisma/adapter-pg). */
  prisma?: PrismaClientClass<P>;
  /** Clone the template now instead of taking a ready clone from the run's pool. */
  fresh?: boolean;
}

export interface BandDatabase<P = never> {
  /** The clone's URL (no password unless the server's URL has one). */
  url: string;
  name: string;
  /** Whether it came ready from the run's pool (else it was cloned for this call). */
  pooled: boolean;
  /** A client of the class given as `prisma`, connected to the clone. */
  prisma?: P;
  /**
   * Disconnects `prisma` and drops the clone (teardown drops it anyway). With a pool the drop
   * happens in the background: the name is gone when this returns, the files shortly after.
   */
  drop(): Promise<void>;
}

const built = new Map<string, Promise<TemplateInfo>>();

/** A run's context given by hand, for scripts outside Vitest (benchmarks, custom runners). */
let explicitContext: SeedbandContext | undefined;

/**
 * Lets `seedBand()` work outside Vitest: give it what `startSeedbandRun()` returned.
 *
 * @example
 * const run = await startSeedbandRun({ provide() {} }, { band: "ci" });
 * useSeedbandContext(run.context);
 * const db = await seedBand("ci");
 */
export function useSeedbandContext(context: SeedbandContext | undefined): void {
  explicitContext = context;
}

/**
 * A fresh database holding the band, for this test alone.
 *
 * @example
 * import { seedBand } from "seedband";
 * const db = await seedBand("ci");
 * const other = await seedBand("dev", { seed: 7 });
 * afterAll(() => db.drop());
 */
export async function seedBand<P = never>(
  band: string,
  options: SeedBandOptions<P> = {},
): Promise<BandDatabase<P>> {
  const seed = options.seed ?? 1;
  const context = await providedContext();
  const template = await templateFor(context, band, seed);
  let clone: Clone | null = null;
  if (template.pooled && !options.fresh) {
    clone = await claimPooledClone(context.serverUrl, template, context.owner);
  }
  const pooled = clone !== null;
  clone ??= await cloneTemplate(context.serverUrl, template, context.owner, template.strategy);
  let prisma: (P & { $disconnect?: () => Promise<void> }) | undefined;
  if (options.prisma) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    prisma = new options.prisma({ adapter: new PrismaPg({ connectionString: clone.url }) }) as P & {
      $disconnect?: () => Promise<void>;
    };
  }
  const { name } = clone;
  return {
    url: clone.url,
    name: clone.name,
    pooled,
    ...(prisma ? { prisma } : {}),
    drop: async () => {
      await prisma?.$disconnect?.();
      // With a pool, the run's refiller drops it in the background (unless a session is still
      // connected to it: then it is dropped here, disconnecting that session).
      if (template.pooled && (await discardClone(context.serverUrl, name, context.owner))) return;
      await dropOwnedDatabase(context.serverUrl, name);
    },
  };
}

function templateFor(context: SeedbandContext, band: string, seed: number): Promise<TemplateInfo> {
  const key = templateKey(band, seed);
  const provided = context.templates[key];
  if (provided) return Promise.resolve(provided);
  let pending = built.get(key);
  if (!pending) {
    process.stderr.write(
      `seedband: band "${band}" (seed ${seed}) was not built before the tests; building it now. ` +
        `Add it to the plugin's bands (seedband({ bands: ["${band}"] })) to build it once before the run.\n`,
    );
    pending = import("./band-template.js")
      .then(({ bandTemplate }) =>
        bandTemplate({
          serverUrl: context.serverUrl,
          kind: "url",
          root: context.root,
          band,
          seed,
          ...(context.preset ? { preset: context.preset } : {}),
          ...(context.schema ? { schema: context.schema } : {}),
          owner: context.owner,
        }),
      )
      .then((s) => ({ name: s.name, band, seed, fingerprint: s.fingerprint }));
    built.set(key, pending);
    pending.catch(() => built.delete(key));
  }
  return pending;
}

async function providedContext(): Promise<SeedbandContext> {
  // Imported here, not at the top: `seedband` must load outside Vitest too.
  if (explicitContext) return explicitContext;
  let context: SeedbandContext | undefined;
  try {
    const { inject } = await import("vitest");
    context = inject("seedband");
  } catch {
    context = undefined;
  }
  if (!context) {
    throw new SeedbandError(
      "BAD_INPUT",
      'seedBand() needs the seedband Vitest plugin\'s global setup. Fix: add `plugins: [seedband({ band: "ci" })]` ' +
        '(import { seedband } from "seedband/vitest") to vitest.config.ts, or call startSeedbandRun() from your globalSetup.',
    );
  }
  return context;
}
