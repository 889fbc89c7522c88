// `seedband plan <band>`: what the band will hold, before anything is generated or loaded — per
// model its rows, its generation parent and fan-out (or why it is a root), how each relation and
// unique key is filled, and per column the generator and the rule that chose it. No server.
import { projectPaths } from "../config/index.js";
import { SeedbandError } from "../errors.js";
import { planReport } from "../generate/index.js";
import { prepareProjectBand } from "../pipeline/index.js";
import { intFlag, maxPositionals, type Parsed } from "./args.js";
import type { Io } from "./io.js";

export const PLAN_FLAGS = { seed: "string", preset: "string", schema: "string" } as const;

export const PLAN_HELP = `Usage: seedband plan <band> [--seed N] [--preset P] [--schema PATH] [--json]

What the band will hold, read from your schema, the preset and seedband.config.ts, without
generating or loading anything (no server): per model the planned rows, the generation parent
and fan-out (or why it is a root), its tenant, what bounds its rows, how each relation and unique key is
filled; per column the generator and where it comes from — your seedband.config.ts, the spec, or
the inference rule that chose it (node_modules/seedband/docs/schemas.md lists the rules). Any of
it is overridden in seedband.config.ts. --json prints the same as one object.

  --seed N            the band's seed (default 1)
  --preset, --schema  as for seed`;

export async function planCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband plan <band>");
  const band = args.positionals[0];
  if (!band) throw new SeedbandError("BAD_INPUT", "`seedband plan` needs a band, e.g. `seedband plan ci`.");
  const seed = intFlag(args.flags.seed, "seed", 1);
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const prepared = await prepareProjectBand(
    projectPaths(),
    { preset: str(args.flags.preset), schema: str(args.flags.schema) },
    band,
    seed,
  );
  const report = planReport(prepared.generator.plan, {
    enums: prepared.inputs.graph.enums,
    functions: prepared.overrides.functions,
  });
  if (args.flags.json === true) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [`band ${report.band} (seed ${report.seed}): ${report.models.length} models`];
  for (const m of report.models) {
    lines.push("");
    const origin = m.parent
      ? `under ${m.parent.model} (${m.parent.relation}): ${m.parent.why}${m.fanOut === undefined ? "" : `; fan-out ${JSON.stringify(m.fanOut)}`}`
      : `root: ${m.root}`;
    const tenant = m.tenant ? (m.tenant === m.model ? "; a tenant root" : `; tenant ${m.tenant}`) : "";
    lines.push(`${m.model} (${m.table}): ${m.rows.toLocaleString("en-US")} rows, ${origin}${tenant}`);
    if (m.capacity) lines.push(`  bounded: ${m.capacity.reasons.join("; ")}`);
    for (const r of m.relations)
      if (r.kind !== "parent")
        lines.push(
          `  ${r.relation} → ${r.target}: ${r.kind}${r.via ? ` via ${r.via}` : ""}${r.why ? ` (${r.why})` : ""}`,
        );
    for (const k of m.keys)
      lines.push(`  key (${k.fields.join(", ")}): ${k.how}${k.why ? ` (${k.why})` : ""}`);
    for (const f of m.fields ?? [])
      lines.push(
        `  ${f.field}: ${f.generator}  [${f.from === "inferred" ? `rule ${f.rule}` : f.from === "config" ? "seedband.config.ts" : "spec"}]${f.nulls ? `; ${f.nulls}` : ""}`,
      );
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
