// verifyBand: `seedband verify` below the face — the latest complete seedband database (of a
// band, when given) on the server, verified against the run record its seed stored (rows,
// orphans, checksums, and with `distributions` the spec it was generated from), and a run record
// written for the verification.
import { applyConfig, type ProjectPaths, prismaLocations, seedbandVersion } from "../config/index.js";
import { connect, databaseUrl, shownUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { TenantPromise, TimeOrderPromise } from "../generate/index.js";
import { elapsedSeconds, readStoredRecord } from "../load/index.js";
import { loadSchemaFile, migrationsFingerprint, readMigrations } from "../migrate/index.js";
import type { ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";
import { verifyDatabase } from "../verify/index.js";
import { latestSeeded } from "./latest-seeded.js";
import { prepareProjectBand } from "./prepared-band.js";
import { readProjectInputs } from "./project-inputs.js";
import { emptyRecord, type RunRecord } from "./run-record.js";
import type { SeedServer } from "./seed-run.js";
import { writeRunRecord } from "./write-run-record.js";

export interface VerifyBandOptions {
  /** Only databases of this band (default: the latest seeded of any band). */
  band?: string | undefined;
  /** Also measure the data against its spec. */
  distributions?: boolean;
  /** Also count the rows that break what the generated data promises (time order). */
  realism?: boolean;
  /** Told the database chosen, before the checks run. */
  onTarget?: (target: { name: string; band: string; seed: number }) => void;
}

export interface VerifiedBand {
  record: RunRecord;
  file: string;
  /** What the user should know that is no problem of the data (the migrations changed since). */
  notes: string[];
}

export async function verifyBand(
  paths: ProjectPaths,
  server: SeedServer & { majorVersion: () => Promise<number> },
  options: VerifyBandOptions = {},
): Promise<VerifiedBand> {
  const name = await latestSeeded(server.url, { band: options.band });
  const url = databaseUrl(server.url, name.name);
  const stored = await readStoredRecord<RunRecord>(url);
  if (!stored) {
    throw new SeedbandError(
      "NOT_FOUND",
      `${name.name} is marked complete but holds no run record (_seedband.run). Seed it again with \`seedband seed ${name.band ?? "<band>"} --fresh\`.`,
    );
  }
  options.onTarget?.({ name: name.name, band: stored.band, seed: stored.seed });
  // Verification needs the schema's keys and foreign keys, not the preset (it may have changed since).
  const prisma = await prismaLocations(paths.root);
  const graph = await loadSchemaFile(prisma.schema);
  const migrations = prisma.migrationsDir ? await readMigrations(prisma.migrationsDir) : [];
  const started = performance.now();
  const record: RunRecord = {
    ...emptyRecord("verify", stored.band, stored.seed),
    fingerprint: stored.fingerprint,
    database: { name: name.name, url: shownUrl(url, server.kind) },
    preset: stored.preset,
    schemaFingerprint: stored.schemaFingerprint,
    specFingerprint: stored.specFingerprint,
    seedbandVersion: seedbandVersion(),
    provider: server.kind,
    serverVersion: await server.majorVersion(),
  };
  const notes: string[] = [];
  const session = await connect(url);
  try {
    const planned = Object.fromEntries(Object.entries(stored.tables).map(([t, x]) => [t, x.rows]));
    const distributions = options.distributions
      ? { spec: await specOf(paths, stored, graph), band: stored.band }
      : undefined;
    const realism = options.realism ? await promisesOf(paths, stored, notes) : undefined;
    const verified = await verifyDatabase(session, graph, {
      planned,
      seeded: stored.tables,
      ...(distributions ? { distributions } : {}),
      ...(realism ? { realism } : {}),
    });
    record.tables = verified.tables;
    record.foreignKeys = verified.foreignKeys;
    record.orphans = verified.orphans;
    if (verified.distributions) record.distributions = verified.distributions;
    if (verified.realism) record.realism = verified.realism;
    record.errors.push(...verified.errors);
  } finally {
    await session.end();
  }
  if (migrationsFingerprint(migrations) !== stored.schemaFingerprint)
    notes.push("the project's migrations changed since this database was seeded.");
  record.durations.verify = elapsedSeconds(started);
  record.durations.total = record.durations.verify;
  record.status = record.errors.length === 0 ? "ok" : "failed";
  record.finishedAt = new Date().toISOString();
  return { record, file: writeRunRecord(paths.runsDir, record, server.url), notes };
}

/**
 * What the band's data promises about time order: the band planned again from the project's
 * inputs with the seed's preset, band and seed (a note when they changed since the seed).
 */
async function promisesOf(
  paths: ProjectPaths,
  stored: RunRecord,
  notes: string[],
): Promise<{ timeOrder: TimeOrderPromise[]; tenants: TenantPromise[] }> {
  const prepared = await prepareProjectBand(
    paths,
    { preset: stored.preset ?? "chat" },
    stored.band,
    stored.seed,
  );
  if (prepared.fingerprint !== stored.fingerprint)
    notes.push(
      "the project's schema, spec or config changed since this database was seeded: --realism checks what they promise now.",
    );
  return {
    timeOrder: prepared.generator.timeOrderPromises(prepared.inputs.graph),
    tenants: prepared.generator.tenantPromises(),
  };
}

/** The spec the data should follow: the seed's preset with the project's config over it. */
async function specOf(paths: ProjectPaths, stored: RunRecord, graph: ModelGraph): Promise<Spec> {
  const inputs = await readProjectInputs(paths, { preset: stored.preset ?? "chat" });
  const configFile = inputs.config.file ?? "seedband.config.ts";
  return applyConfig(inputs.spec, inputs.config.config, stored.band, graph, configFile).spec;
}
