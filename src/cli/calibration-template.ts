// Which template `calibrate` fits metrics with: the preset named, else — as seed chooses for a
// schema — chat when the metrics hold the chat models, else generic (a schema of the user's own).
// `report` draws its calibration section with the same choice.
import { type LoadedSpec, loadSpec } from "../config/index.js";
import type { Metrics } from "../privacy/index.js";

export function calibrationTemplate(
  preset: string | undefined,
  metrics: Metrics,
  presetDirs: string[],
): LoadedSpec & { name: string } {
  const chosen = preset ?? "chat";
  const template = loadSpec(chosen, presetDirs);
  if (preset !== undefined || Object.keys(template.spec.models).every((m) => m in metrics.models))
    return { ...template, name: chosen };
  return { ...loadSpec("generic", presetDirs), name: "generic" };
}
