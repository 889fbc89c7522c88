// Judging a capture against its baseline, so that CI fails on real changes only: a plan shape
// change (with an indented tree diff), more shared buffers (deterministic for one plan on one
// dataset: the primary signal), a median time beyond a tolerance made of the noise both sides
// measured (and confirmed by a second measurement), or a failed property assertion. Pure.
import type { BaselineCase, BaselineDocument } from "./baseline-file.js";
import type { CaseCapture, Measurement } from "./capture.js";
import { checkAssertions } from "./plan-assertions.js";
import { median, noise, significant } from "./stats.js";
import { treeDiff } from "./tree-diff.js";

/** Buffers may drift by this share (plus BUFFER_SLACK blocks) before it counts as a regression. */
export const BUFFER_TOLERANCE = 0.2;
export const BUFFER_SLACK = 8;
/** Time may grow by this factor, plus TIME_NOISE_SIGMAS × both sides' noise, plus TIME_FLOOR_MS. */
export const TIME_FACTOR = 1.5;
export const TIME_NOISE_SIGMAS = 4;
export const TIME_FLOOR_MS = 0.5;

/** Estimates (--stats-as): rows may move by this factor either way, cost grow by COST_TOLERANCE. */
export const ESTIMATE_ROWS_FACTOR = 2;
export const ESTIMATE_COST_TOLERANCE = 0.2;

export type CaseStatus = "ok" | "plan-changed" | "regressed" | "assertion-failed" | "new";

export interface CaseVerdict {
  query: string;
  key: string;
  status: CaseStatus;
  /** Why it is not ok, one sentence each (empty when ok). */
  reasons: string[];
  /** Notes that do not fail the check (an alternative plan seen in stability runs, other data). */
  notes: string[];
  /** Old vs new plan, when the shape changed. */
  diff?: string[];
  baseline?: { fingerprint: string; buffers: number; medianMs: number; noiseMs: number };
  current: { fingerprint: string; buffers: number; medianMs: number; noiseMs: number };
}

export function summarise(m: Measurement) {
  return {
    fingerprint: m.fingerprint,
    buffers: Math.round(median(m.buffers)),
    medianMs: significant(median(m.timesMs)),
    noiseMs: significant(noise(m.timesMs), 2),
  };
}

/** The time above which a median counts as slower than the baseline's. */
export function timeLimit(base: BaselineCase["timeMs"], currentNoise: number): number {
  return base.median * TIME_FACTOR + TIME_NOISE_SIGMAS * (base.noise + currentNoise) + TIME_FLOOR_MS;
}

export function bufferLimit(base: number): number {
  return Math.ceil(base * (1 + BUFFER_TOLERANCE)) + BUFFER_SLACK;
}

/**
 * Judges one case. `confirm` is the measurement taken again when the first one looked slower
 * (a single slow burst on a shared machine must not fail the check): time fails only when both do.
 */
export function judgeCase(
  baseline: BaselineCase | undefined,
  capture: CaseCapture,
  confirm?: Measurement,
): CaseVerdict {
  const m = capture.measurement;
  const current = summarise(m);
  const verdict: CaseVerdict = {
    query: capture.query,
    key: capture.key,
    status: "ok",
    reasons: [],
    notes: [],
    current,
  };
  if (!baseline) {
    verdict.status = "new";
    verdict.notes.push("no baseline for this case yet: capture to add it");
    return verdict;
  }
  verdict.baseline = {
    fingerprint: baseline.fingerprint,
    buffers: baseline.buffers,
    medianMs: baseline.timeMs.median,
    noiseMs: baseline.timeMs.noise,
  };
  const failures: CaseStatus[] = [];
  const known = baseline.stability?.fingerprints ?? [baseline.fingerprint];
  const shapeChanged = m.fingerprint !== baseline.fingerprint;
  if (shapeChanged && !known.includes(m.fingerprint)) {
    failures.push("plan-changed");
    verdict.reasons.push(`the plan's shape changed (${baseline.fingerprint} → ${m.fingerprint})`);
    verdict.diff = treeDiff(baseline.plan, m.plan);
  } else if (shapeChanged) {
    verdict.notes.push(
      `an alternative plan the stability runs recorded (${m.fingerprint}); the baseline is unstable`,
    );
  }
  if (!shapeChanged && baseline.estimate) {
    // Injected statistics: the plan was not run, so only the planner's estimates are compared.
    const before = baseline.estimate;
    const now = m.estimate;
    const ratio = Math.max(now.rows, 1) / Math.max(before.rows, 1);
    if (ratio > ESTIMATE_ROWS_FACTOR || ratio < 1 / ESTIMATE_ROWS_FACTOR) {
      failures.push("regressed");
      verdict.reasons.push(
        `the estimated rows moved from ${before.rows} to ${Math.round(now.rows)} (beyond ${ESTIMATE_ROWS_FACTOR}× either way)`,
      );
    }
    const costLimit = before.cost * (1 + ESTIMATE_COST_TOLERANCE) + 1;
    if (now.cost > costLimit) {
      failures.push("regressed");
      verdict.reasons.push(
        `the estimated cost grew from ${before.cost} to ${significant(now.cost, 4)} (limit ${significant(costLimit, 4)})`,
      );
    }
  } else if (!shapeChanged) {
    // Buffers and time are compared only for the same plan: a changed plan is reported as such.
    if (current.buffers > bufferLimit(baseline.buffers)) {
      failures.push("regressed");
      verdict.reasons.push(
        `shared buffers grew from ${baseline.buffers} to ${current.buffers} per execution (limit ${bufferLimit(baseline.buffers)})`,
      );
    }
    const limit = timeLimit(baseline.timeMs, current.noiseMs);
    if (current.medianMs > limit) {
      const again = confirm ? summarise(confirm) : undefined;
      if (again && again.medianMs > timeLimit(baseline.timeMs, again.noiseMs)) {
        failures.push("regressed");
        verdict.reasons.push(
          `median time ${current.medianMs} ms, then ${again.medianMs} ms on a second measurement, against ${baseline.timeMs.median} ms ± ${baseline.timeMs.noise} (limit ${significant(limit)} ms)`,
        );
      } else if (again) {
        verdict.notes.push(
          `median time ${current.medianMs} ms was over the limit (${significant(limit)} ms) once, but ${again.medianMs} ms on a second measurement: noise`,
        );
      }
    }
  }
  const failed = checkAssertions(m.shape, m.relationRows, capture.assertions).filter((a) => !a.pass);
  if (failed.length > 0) {
    failures.push("assertion-failed");
    for (const a of failed) verdict.reasons.push(`assertion ${a.assert} failed: ${a.detail}`);
  }
  verdict.status = failures[0] ?? "ok";
  return verdict;
}

/** Whether a first measurement needs a second one before the time can be judged. */
export function needsConfirmation(baseline: BaselineCase | undefined, m: Measurement): boolean {
  if (!baseline || baseline.estimate || m.fingerprint !== baseline.fingerprint) return false;
  const s = summarise(m);
  return s.medianMs > timeLimit(baseline.timeMs, s.noiseMs);
}

/** A major version other than the baseline's: plans are not comparable, and the check says so. */
export function versionMismatch(doc: BaselineDocument, major: number): string | undefined {
  if (doc.server.major === major) return undefined;
  return mismatchMessage(`The baseline of "${doc.query}" was`, doc.server.major, major);
}

/** `subject` is "The baselines in DIR were" or "The baseline of "q" was". */
export function mismatchMessage(subject: string, captured: number, major: number): string {
  return `${subject} captured on PostgreSQL ${captured}; this server is PostgreSQL ${major}. Plans differ between major versions by design, so they are not compared: check on PostgreSQL ${captured}, or recapture the baselines for ${major} (\`seedband baseline capture\`, e.g. with --dir baselines/pg${major}).`;
}

/** Settings that differ from the baseline's (they explain a changed plan, or timings). */
export function settingsDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((n) => before[n] !== after[n])
    .map((n) => `${n}: ${before[n] ?? "-"} → ${after[n] ?? "-"}`);
}
