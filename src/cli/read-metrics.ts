// A metrics.json as the privacy commands read it: through the `pii check` gate (read-gated-json.ts),
// then checked against the metrics format, every error naming the file and the JSON path.
import { SeedbandError } from "../errors.js";
import { type LocatedFinding, type Metrics, metricsSchema } from "../privacy/index.js";
import { jsonPath } from "../spec/index.js";
import { readGatedJson } from "./read-gated-json.js";

export interface ReadMetrics {
  metrics: Metrics;
  /** The first findings (masked paths and previews); `total` counts them all. */
  findings: LocatedFinding[];
  total: number;
}

/** The file's metrics, findings or not (report shows them; approve refuses them). */
export function readMetrics(file: string): ReadMetrics {
  const { doc, findings, total } = readGatedJson(file);
  return { metrics: parseMetrics(doc, file), findings, total };
}

/** `doc` as metrics, or a BAD_INPUT error listing the first problems by JSON path. */
export function parseMetrics(doc: unknown, file: string): Metrics {
  const parsed = metricsSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues
    .slice(0, 5)
    .map((i) => `  ${jsonPath(i.path as (string | number)[])}: ${i.message}`);
  throw new SeedbandError(
    "BAD_INPUT",
    `${file} is not a seedband metrics file (format seedband-metrics, version 1):\n${lines.join("\n")}\nFix: give the file \`seedband sample\` wrote, unmodified.`,
  );
}
