// seedBand(): a fresh database of a band for one test: a ready clone claimed from the run's pool
// (src/snapshot/clone-pool.ts) when the band has one and it is not empty, else cloned from the
// band's template here. Runs in a Vitest worker; reads what the global setup provided. A band the
// setup did not build is built here on first use (under the snapshot lock, so workers asking at
// once build it once). With `statsAs`, another band's planner statistics go into the clone just
// obtained (clone-statistics.ts), never into the template.
import { dropOwnedDatabase } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { type Clone, claimPooledClone, cloneTemplate, discardClone } from "../snapshot/index.js";
import type { BandDatabase, CloneStatistics, PrismaClientClass, SeedBandOptions } from "./band-database.js";
import {
  type PreparedStatistics,
  type SeedbandContext,
  statsKey,
  type TemplateInfo,
  templateKey,
} from "./options.js";

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
export function seedBand<P>(
  band: string,
  options: SeedBandOptions<P> & { prisma: PrismaClientClass<P> },
): Promise<BandDatabase<P>>;
export function seedBand(band: string, options?: SeedBandOptions): Promise<BandDatabase<undefined>>;
export async function seedBand<P>(
  band: string,
  options: SeedBandOptions<P> = {},
): Promise<Omit<BandDatabase, "prisma"> & { prisma?: P }> {
  const seed = options.seed ?? 1;
  const context = await providedContext();
  const template = await templateFor(context, band, seed);
  // Prepared (and checked) before a clone is taken: a mistake costs no database.
  const statsAs =
    options.statsAs === undefined ? context.statsAs?.[templateKey(band, seed)] : options.statsAs || undefined;
  const prepared = statsAs ? await statisticsFor(context, statsAs, seed) : undefined;
  let clone: Clone | null = null;
  if (template.pooled && !options.fresh) {
    clone = await claimPooledClone(context.serverUrl, template, context.owner, template.claimWaitMs);
  }
  const pooled = clone !== null;
  clone ??= await cloneTemplate(context.serverUrl, template, context.owner, template);
  let statistics: CloneStatistics | undefined;
  if (prepared) {
    try {
      statistics = await (await import("./clone-statistics.js")).injectIntoClone(clone.url, prepared);
    } catch (error) {
      await dropOwnedDatabase(context.serverUrl, clone.name).catch(() => {});
      throw error;
    }
  }
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
    ...(statistics ? { statistics } : {}),
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
      .then((s) => ({
        name: s.name,
        band,
        seed,
        fingerprint: s.fingerprint,
        ...(s.project ? { project: s.project } : {}),
      }));
    built.set(key, pending);
    pending.catch(() => built.delete(key));
  }
  return pending;
}

const statisticsPrepared = new Map<string, Promise<PreparedStatistics>>();

/** The statistics the global setup prepared for `statsAs`, else prepared here once (with a warning). */
function statisticsFor(context: SeedbandContext, statsAs: string, seed: number): Promise<PreparedStatistics> {
  const key = statsKey(statsAs, seed);
  const provided = context.statistics?.[key];
  if (provided) return Promise.resolve(provided);
  let pending = statisticsPrepared.get(key);
  if (!pending) {
    process.stderr.write(
      `seedband: statistics "${statsAs}" (seed ${seed}) were not prepared before the tests; preparing them now. ` +
        `Give the plugin statsAs: "${statsAs}" (or bands: [{ band, statsAs: "${statsAs}" }]) to prepare them once before the run.\n`,
    );
    pending = import("./clone-statistics.js").then(({ prepareStatistics }) =>
      prepareStatistics(
        {
          root: context.root,
          ...(context.preset ? { preset: context.preset } : {}),
          ...(context.schema ? { schema: context.schema } : {}),
        },
        statsAs,
        seed,
      ),
    );
    statisticsPrepared.set(key, pending);
    pending.catch(() => statisticsPrepared.delete(key));
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
