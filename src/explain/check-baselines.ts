// The runner-neutral verdict of a plan check: the catalog captured again on a database and
// judged case by case against its baselines (a slower-looking case measured again before it
// counts), with the notes that explain a difference without failing it. `seedband baseline
// check` prints it; the Vitest matcher `toMatchPlanBaseline` asserts it; a Jest matcher can too.
import type { Session } from "../db/index.js";
import type { BaselineDocument } from "./baseline-file.js";
import { type CaptureOptions, captureCatalog, measure, serverFacts } from "./capture.js";
import {
  type CaseVerdict,
  judgeCase,
  needsConfirmation,
  settingsDiff,
  versionMismatch,
} from "./plan-check.js";
import type { CatalogQuery } from "./query-catalog.js";

export interface BaselineCheck {
  /** The server's major version. */
  serverMajor: number;
  /** Baselines captured on another major version: nothing was measured (plans differ by design). */
  mismatches: string[];
  verdicts: CaseVerdict[];
  /** Cases that fail the check: plan changed, regressed, or an assertion failed ("new" does not). */
  failed: CaseVerdict[];
  /** Differences that explain, without failing: settings, other data, baselines of dropped queries. */
  notes: string[];
}

export interface CheckBaselinesOptions extends Pick<CaptureOptions, "warmup" | "runs"> {
  /** The fingerprint of the database's data, when it is seedband's (baselines record theirs). */
  dataFingerprint?: string | null;
  /** --stats-as: plan without executing (EXPLAIN without ANALYZE); shapes and estimates only. */
  estimatesOnly?: boolean;
}

export async function checkBaselines(
  session: Session,
  url: string,
  docs: BaselineDocument[],
  queries: CatalogQuery[],
  options: CheckBaselinesOptions = {},
): Promise<BaselineCheck> {
  const facts = await serverFacts(session);
  const result: BaselineCheck = {
    serverMajor: facts.major,
    mismatches: [],
    verdicts: [],
    failed: [],
    notes: [],
  };
  result.mismatches = docs.flatMap((d) => versionMismatch(d, facts.major) ?? []);
  if (result.mismatches.length > 0) return result;
  for (const d of docs) {
    if (!queries.some((q) => q.name === d.query))
      result.notes.push(`baseline ${d.query}.json has no query in the catalog any more (delete the file)`);
  }
  const first = docs[0];
  const changedSettings = first ? settingsDiff(first.settings, facts.settings) : [];
  if (changedSettings.length > 0)
    result.notes.push(`planner settings differ from the baseline's: ${changedSettings.join("; ")}`);
  const data = options.dataFingerprint;
  if (data && first?.bandFingerprint && data !== first.bandFingerprint) {
    result.notes.push(
      `the database's data (fingerprint ${data.slice(0, 12)}) is not the baseline's (${first.bandFingerprint.slice(0, 12)}): buffers and times may differ for that reason`,
    );
  }
  const byName = new Map(docs.map((d) => [d.query, d]));
  const measuring = {
    ...(options.warmup !== undefined && { warmup: options.warmup }),
    ...(options.runs !== undefined && { runs: options.runs }),
    ...(options.estimatesOnly && { estimatesOnly: true }),
  };
  for (const c of await captureCatalog(session, url, queries, measuring)) {
    const base = byName.get(c.query)?.cases[c.key];
    const confirm = needsConfirmation(base, c.measurement) ? await measure(session, c, measuring) : undefined;
    result.verdicts.push(judgeCase(base, c, confirm));
  }
  result.failed = result.verdicts.filter((v) => v.status !== "ok" && v.status !== "new");
  return result;
}
