// Baseline files: `<dir>/<band>/<query>.json`, one per catalog query, written with sorted keys and
// rounded timings, and nothing that changes between machines or runs (no host, port, path,
// database name or timestamp) so that they diff cleanly in review.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { SeedbandError } from "../errors.js";
import type { BoundParam, CaseCapture, ServerFacts } from "./capture.js";
import { type AssertionResult, checkAssertions } from "./plan-assertions.js";
import type { PlanShape } from "./plan-shape.js";
import { sortKeys } from "./plan-shape.js";
import { median, noise, significant } from "./stats.js";

export const BASELINE_FORMAT = 1;

export interface BaselineCase {
  sql: string;
  /** The statement's arguments ($1, $2, …) as sent: the bound parameters, or what Prisma sent. */
  args: unknown[];
  params: Record<string, BoundParam>;
  fingerprint: string;
  plan: string[];
  shape: PlanShape;
  /** Shared buffers (hit + read) per execution: the median of the measured runs. */
  buffers: number;
  timeMs: { median: number; noise: number; runs: number };
  assertions: AssertionResult[];
  /**
   * Present when captured with --stats-as: the planner's estimates for the top node (EXPLAIN
   * without ANALYZE). Nothing was executed, so buffers are 0 and timeMs has 0 runs.
   */
  estimate?: { rows: number; cost: number };
  /** Present when captured with --stability-runs: every plan seen after re-ANALYZE. */
  stability?: { runs: number; stable: boolean; fingerprints: string[]; plans: Record<string, string[]> };
}

export interface BaselineDocument {
  format: number;
  query: string;
  description?: string;
  band: string;
  /** The seed fingerprint of the band's database (same data ⇔ same fingerprint). */
  bandFingerprint: string | null;
  server: { major: number };
  settings: Record<string, string>;
  /**
   * Present when captured with --stats-as: the database held another band's injected planner
   * statistics, so the cases record plan shapes and estimates only, never timings or buffers.
   */
  statistics?: StatisticsLabel;
  cases: Record<string, BaselineCase>;
}

export interface StatisticsLabel {
  injected: true;
  /** The band whose statistics were injected, and its fingerprint. */
  band: string;
  bandFingerprint: string;
  measured: "estimates";
}

export function toBaselineCase(c: CaseCapture, estimatesOnly = false): BaselineCase {
  const m = c.measurement;
  return {
    sql: c.sql,
    args: c.args,
    params: c.params,
    fingerprint: m.fingerprint,
    plan: m.plan,
    shape: m.shape,
    buffers: Math.round(median(m.buffers)),
    timeMs: {
      median: significant(median(m.timesMs)),
      noise: significant(noise(m.timesMs), 2),
      runs: m.timesMs.length,
    },
    assertions: checkAssertions(m.shape, m.relationRows, c.assertions),
    ...(estimatesOnly ? { estimate: roundedEstimate(m.estimate) } : {}),
    ...(c.stability
      ? {
          stability: {
            runs: c.stability.runs,
            stable: c.stability.fingerprints.length === 1,
            fingerprints: c.stability.fingerprints,
            plans: c.stability.plans,
          },
        }
      : {}),
  };
}

/** Estimates as baselines keep them: rows whole, cost to 4 significant digits. */
export function roundedEstimate(e: { rows: number; cost: number }): { rows: number; cost: number } {
  return { rows: Math.round(e.rows), cost: significant(e.cost, 4) };
}

export function baselineDocuments(
  captures: CaseCapture[],
  meta: {
    band: string;
    bandFingerprint: string | null;
    server: ServerFacts;
    descriptions: Record<string, string | undefined>;
    /** --stats-as: the injected statistics; the captures are estimates only. */
    statistics?: StatisticsLabel;
  },
): BaselineDocument[] {
  const byQuery = new Map<string, CaseCapture[]>();
  for (const c of captures) byQuery.set(c.query, [...(byQuery.get(c.query) ?? []), c]);
  return [...byQuery.entries()].map(([query, cases]) => ({
    format: BASELINE_FORMAT,
    query,
    ...(meta.descriptions[query] ? { description: meta.descriptions[query] } : {}),
    band: meta.band,
    bandFingerprint: meta.bandFingerprint,
    server: { major: meta.server.major },
    settings: meta.server.settings,
    ...(meta.statistics ? { statistics: meta.statistics } : {}),
    cases: Object.fromEntries(cases.map((c) => [c.key, toBaselineCase(c, meta.statistics !== undefined)])),
  }));
}

/** Baseline JSON text: sorted keys, two-space indent, a final newline. */
export function baselineText(doc: BaselineDocument): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}

/** Writes each document to `<bandDir>/<query>.json` (through a temporary file, so none is half-written). */
export function writeBaselines(bandDir: string, docs: BaselineDocument[]): string[] {
  mkdirSync(bandDir, { recursive: true });
  return docs.map((doc) => {
    const file = join(bandDir, `${doc.query}.json`);
    writeFileSync(`${file}.tmp`, baselineText(doc));
    renameSync(`${file}.tmp`, file);
    return file;
  });
}

/**
 * The folder of baseline files: `dir` itself when it holds `.json` files, else `dir/<band>`, else
 * its only band folder.
 */
export function resolveBaselineDir(dir: string, band?: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SeedbandError(
      "NOT_FOUND",
      `No baseline folder at ${dir}. Capture baselines first: \`seedband baseline capture${band ? ` --band ${band}` : ""}\`.`,
    );
  }
  if (readdirSync(dir).some((f) => f.endsWith(".json"))) return dir;
  if (band) {
    const bandDir = join(dir, band);
    if (existsSync(bandDir)) return bandDir;
    throw new SeedbandError(
      "NOT_FOUND",
      `No baselines of band "${band}" in ${dir}. Capture them: \`seedband baseline capture --band ${band}\`.`,
    );
  }
  const bands = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory());
  if (bands.length === 1) return join(dir, bands[0]!);
  throw new SeedbandError(
    "BAD_INPUT",
    bands.length === 0
      ? `${dir} holds no baseline files. Capture them: \`seedband baseline capture --band <band>\`.`
      : `${dir} holds baselines of several bands (${bands.join(", ")}): name one with --band.`,
  );
}

/** Reads every baseline file of a band folder; a file that is not a baseline is named in the error. */
export function readBaselines(bandDir: string): BaselineDocument[] {
  const files = readdirSync(bandDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  if (files.length === 0) {
    throw new SeedbandError(
      "NOT_FOUND",
      `${bandDir} holds no baseline files. Capture them: \`seedband baseline capture\`.`,
    );
  }
  return files.map((f) => {
    const file = join(bandDir, f);
    let doc: BaselineDocument;
    try {
      doc = JSON.parse(readFileSync(file, "utf8")) as BaselineDocument;
    } catch (error) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${file} is not valid JSON (${(error as Error).message}). Recapture it.`,
      );
    }
    if (
      doc?.format !== BASELINE_FORMAT ||
      typeof doc.query !== "string" ||
      !doc.cases ||
      typeof doc.server?.major !== "number"
    ) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${file} is not a seedband baseline (format ${BASELINE_FORMAT}: query, server.major, cases). Recapture it with \`seedband baseline capture\`.`,
      );
    }
    return doc;
  });
}

/** Cases whose plan shape changed across stability runs, with every shape seen. */
export function unstableCases(docs: BaselineDocument[]) {
  return docs.flatMap((d) =>
    Object.entries(d.cases)
      .filter(([, c]) => c.stability && !c.stability.stable)
      .map(([key, c]) => ({
        query: d.query,
        key,
        fingerprints: c.stability!.fingerprints,
        plans: c.stability!.plans,
      })),
  );
}

/** The catalog's assertions that do not hold on the captured plans. */
export function failedAssertions(docs: BaselineDocument[]) {
  return docs.flatMap((d) =>
    Object.entries(d.cases).flatMap(([key, c]) =>
      c.assertions.filter((a) => !a.pass).map((a) => ({ query: d.query, key, ...a })),
    ),
  );
}
