// Metrics files that are not what `seedband sample` wrote: `calibrate` and `report --metrics`
// refuse them by file and JSON path, with the fix, and write no spec.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BadInputCase } from "./corpus.js";

function metricsCase(
  name: string,
  text: string | undefined,
  where: Array<string | RegExp>,
  command: "calibrate" | "report" = "calibrate",
): BadInputCase {
  return {
    name,
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = join(dir, "metrics.json");
      if (text !== undefined) await writeFile(file, text);
      const args =
        command === "calibrate"
          ? ["calibrate", file, "--out", join(dir, "spec.json")]
          : ["report", "--metrics", file, "--out", join(dir, "report.html")];
      return { args, where: [file, ...where] };
    },
  };
}

export const METRICS_CASES: BadInputCase[] = [
  metricsCase("a metrics file that does not exist", undefined, ["Cannot read"]),
  metricsCase("an empty metrics file", "", [/not valid JSON|is empty/]),
  metricsCase("a JSON array instead of a metrics document", "[]", ["$: ", "expected object"]),
  metricsCase("a document of another format", '{"format":"prisma-dmmf","version":1}', ["$.format"]),
  metricsCase("a metrics file of a future version", '{"format":"seedband-metrics","version":99}', [
    "$.version",
  ]),
  metricsCase("a metrics file missing its privacy section", '{"format":"seedband-metrics","version":1}', [
    "$.privacy",
  ]),
  metricsCase("report --metrics of a file that does not exist", undefined, ["Cannot read"], "report"),
  metricsCase("report --metrics of a JSON array", "[]", ["$: ", "expected object"], "report"),
];
