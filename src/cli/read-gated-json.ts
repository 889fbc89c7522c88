// A metrics file through the `pii check` gate, as `calibrate`, `report` and `approve` read it: its
// findings under the `metrics` profile, and its parsed value. A syntax error is told by line and
// column, never by quoting the text (JSON.parse's own message quotes it, and the text may be
// personal data).
import { readFileSync } from "node:fs";
import { SeedbandError } from "../errors.js";
import { FindingSink, JsonSyntaxError, type LocatedFinding, scanJsonText } from "../privacy/index.js";

/**
 * `findings` are the first LISTED_PER_FILE (paths and previews masked), `total` counts them all;
 * `doc` is the parsed document, findings or not (calibrate refuses it; report shows what it holds).
 */
export function readGatedJson(file: string): { doc: unknown; findings: LocatedFinding[]; total: number } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Cannot read ${file}: ${(error as Error).message}. Fix: give the metrics.json that \`seedband sample\` wrote.`,
      { cause: error },
    );
  }
  const sink = new FindingSink();
  try {
    scanJsonText(text, file, "metrics", sink);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new SeedbandError(
      "BAD_INPUT",
      `${file}:${error.line}:${error.column}: not valid JSON: ${error.reason}. Fix: give the metrics.json that \`seedband sample\` wrote, unmodified.`,
      { cause: error },
    );
  }
  const doc: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return { doc, findings: sink.listed, total: sink.total };
}
