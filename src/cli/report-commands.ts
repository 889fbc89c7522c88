// `seedband report` (the data's shape, the fits, the plans and the privacy sign-off as one offline
// HTML page) and `seedband approve` (the sign-off record of a metrics.json). Parse, gather the
// inputs, call src/report, write, print.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { applyConfig } from "../config/apply-config.js";
import { loadSpec } from "../config/load-preset.js";
import { type ProjectPaths, projectPaths } from "../config/project.js";
import { databaseUrl, listOwnedDatabases } from "../db/index.js";
import { redactUrl, SeedbandError } from "../errors.js";
import { type BaselineDocument, readBaselines, resolveBaselineDir } from "../explain/index.js";
import { readStoredRecord } from "../load/index.js";
import {
  approvalPath,
  approvalRecord,
  approvalState,
  DEFAULT_APPROVAL_DAYS,
  fileSha256,
  type LocatedFinding,
  type Metrics,
  metricsSchema,
  scanJson,
} from "../privacy/index.js";
import type { ReportInputs } from "../report/index.js";
import { jsonPath, type Spec } from "../spec/index.js";
import { type FlagSpec, intFlag, maxPositionals, type Parsed } from "./args.js";
import type { Io } from "./commands.js";
import { readProjectInputs } from "./project-inputs.js";
import { resolveServer } from "./server.js";

interface CommandEntry {
  flags: FlagSpec;
  help: string;
  run: (args: Parsed, io: Io) => Promise<number>;
}

/** The two commands for main.ts's table, with the help's common part appended. */
export function reportCommands(commonHelp: string): Record<string, CommandEntry> {
  return {
    report: {
      flags: {
        band: "string",
        seed: "string",
        metrics: "string",
        spec: "string",
        baselines: "string",
        before: "string",
        out: "string",
      },
      run: reportCommand,
      help: `Usage: seedband report [--band B] [--seed N] [--metrics metrics.json] [--spec spec.json]
                       [--baselines DIR [--before DIR]] [--out report.html] [--json]

Writes one self-contained HTML page (inline SVG charts, no script, nothing fetched: it opens from
file://), byte-identical for the same inputs. Its sections, each when its inputs are given:

  data shape    the band's latest complete database against its spec: fan-outs (log-log CCDF),
                text lengths, hour-of-day and weekday profiles, value mixes and null rates, each
                with its tolerance and pass/fail (aggregate queries only)
  run           the stage timings and rows of the seed that built that database
  calibration   what \`seedband calibrate\` fits to --metrics, drawn against the metrics
  privacy       what --metrics contains (models, buckets, suppressed counts, k, ε), its masked
                \`pii check\` findings and its approval (\`seedband approve\`)
  plans         --baselines' median times and buffers per query case (with --before: before/after
                bars and the plan tree diffs, as \`seedband baseline compare\`)

Without --band, --metrics or --baselines: the latest seeded band. With only --metrics and/or
--baselines, no server is touched. Exit 1 when a data-shape check fails or the metrics have
pii check findings (the page is written all the same).

  --band B          the band's latest complete database on the server
  --seed N          of that band, the database of seed N
  --metrics FILE    a metrics.json from \`seedband sample\`
  --spec FILE       the spec to measure the data against and to calibrate with (default: the
                    band's preset with seedband.config.ts applied, as the seed used; chat for
                    --metrics alone)
  --baselines DIR   a baseline folder of \`seedband baseline capture\` (its band's subfolder)
  --before DIR      an earlier capture to compare --baselines with
  --out FILE        where to write the page (default .seedband/report.html)
${commonHelp}`,
    },
    approve: {
      flags: { by: "string", "expires-days": "string" },
      run: approveCommand,
      help: `Usage: seedband approve metrics.json --by NAME [--expires-days 90] [--json]

Signs off a metrics file after review (\`seedband report --metrics metrics.json\` shows what it
holds): writes metrics.json.approval.json beside it with the file's SHA-256, who approved it,
when, and when the approval expires. With \`requireApproval: true\` in seedband.config.ts,
\`seedband calibrate\` refuses a metrics file without an approval of exactly its bytes that has not
expired. Refuses a file that is not a metrics file or has pii check findings (exit 2).

  --by NAME           who approves (recorded in the approval and shown in reports)
  --expires-days N    days the approval holds (default ${DEFAULT_APPROVAL_DAYS})
${commonHelp}`,
    },
  };
}

export async function reportCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 0, "seedband report [--band B] [--metrics FILE] [--baselines DIR] [--out FILE]");
  const paths = projectPaths();
  const json = args.flags.json === true;
  const band = str(args.flags.band);
  const seed = args.flags.seed === undefined ? undefined : intFlag(args.flags.seed, "seed", 1);
  const omitted: string[] = [];
  // Every file first: bad input fails here, before any server is touched.
  const metricsFile = str(args.flags.metrics);
  const metrics = metricsFile ? readMetrics(metricsFile, paths) : undefined;
  const specFlag = str(args.flags.spec);
  const specGiven = specFlag ? loadSpec(specFlag, paths.presetDirs) : undefined;
  const baselinesFlag = str(args.flags.baselines);
  const beforeFlag = str(args.flags.before);
  if (beforeFlag && !baselinesFlag)
    bad("--before names the earlier capture to compare --baselines with: give --baselines DIR too.");
  const plans = baselinesFlag ? readPlans(baselinesFlag, beforeFlag, band, paths) : undefined;
  if (!plans) omitted.push("plans (no --baselines)");
  const out = resolve(process.cwd(), str(args.flags.out) ?? join(paths.stateDir, "report.html"));
  const wantsBand = band !== undefined || seed !== undefined || (!metrics && !plans);

  const inputs: ReportInputs = { omitted };
  let template: { spec: Spec; label: string } | undefined = specGiven
    ? { spec: specGiven.spec, label: label(specGiven.file, paths) }
    : undefined;
  if (wantsBand) {
    const server = await resolveServer(args.flags, paths);
    const owned = (await listOwnedDatabases(server.url)).filter(
      (d) =>
        d.mark.status === "complete" &&
        d.mark.kind === undefined &&
        (band === undefined || d.mark.band === band) &&
        (seed === undefined || d.mark.seed === seed),
    );
    const target = owned
      .sort((a, b) =>
        (a.mark.seededAt ?? a.mark.completedAt ?? "").localeCompare(
          b.mark.seededAt ?? b.mark.completedAt ?? "",
        ),
      )
      .at(-1);
    if (!target)
      throw new SeedbandError(
        "NOT_FOUND",
        `No complete seedband database${band ? ` of band "${band}"` : ""}${seed !== undefined ? ` with seed ${seed}` : ""} on ${redactUrl(server.url)}. Seed one first: \`seedband seed ${band ?? "ci"}${seed !== undefined ? ` --seed ${seed}` : ""}\`.`,
      );
    const url = databaseUrl(server.url, target.name);
    const stored = await readStoredRecord(url);
    if (!stored)
      throw new SeedbandError(
        "NOT_FOUND",
        `${target.name} is marked complete but holds no run record (_seedband.run). Seed it again with \`seedband seed ${target.mark.band ?? "<band>"} --fresh\`.`,
      );
    // The spec the data should follow: the seed's preset (or --spec) with the project's config over it.
    const project = await readProjectInputs(paths, { preset: specFlag ?? stored.preset ?? "chat" });
    const configFile = project.config.file ?? "seedband.config.ts";
    const { spec } = applyConfig(project.spec, project.config.config, stored.band, project.graph, configFile);
    const specLabel = specFlag ? label(project.specFile, paths) : project.preset;
    template ??= { spec, label: specLabel };
    inputs.shape = {
      url,
      graph: project.graph,
      spec,
      vars: spec.bands[stored.band] ?? {},
      info: {
        band: stored.band,
        seed: stored.seed,
        database: target.name,
        fingerprint: stored.fingerprint,
        spec: specLabel,
      },
      rowsHint: Object.fromEntries(Object.entries(stored.tables).map(([t, x]) => [t, x.rows])),
    };
    inputs.run = stored;
  } else omitted.push("data shape and run (no --band)");
  if (metrics) {
    template ??= { spec: loadSpec("chat", paths.presetDirs).spec, label: "chat" };
    inputs.metrics = { ...metrics, template: template.spec, templateLabel: template.label };
  } else omitted.push("calibration and privacy (no --metrics)");
  if (plans) inputs.plans = plans;

  if (!json)
    io.stderr(`seedband: building the report${inputs.shape ? ` of ${inputs.shape.info.database}` : ""}…\n`);
  const { buildReport, renderReport } = await report();
  const data = await buildReport(inputs);
  writeAtomically(out, await renderReport(data), "choose a writable path for --out");
  const { summary } = data;
  if (json) io.stdout(`${JSON.stringify({ out, ...data }, null, 2)}\n`);
  else {
    const sections = Object.keys(data.sections).join(", ");
    io.stderr(
      `seedband: wrote ${out} (${sections}); ${summary.checks} checks, ${summary.failed} failed${summary.findings ? `, ${summary.findings} pii check finding(s) in the metrics` : ""}.\n  open ${pathToFileURL(out).href}\n`,
    );
    for (const c of data.sections.shape?.checks.filter((x) => !x.pass) ?? [])
      io.stderr(`  FAIL ${c.check}: ${c.measured} (expected ${c.expected} ± ${c.tolerance})\n`);
  }
  return summary.failed + summary.findings > 0 ? 1 : 0;
}

export async function approveCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband approve metrics.json --by NAME [--expires-days 90]");
  const input = args.positionals[0];
  const by = str(args.flags.by)?.trim();
  if (!input || !by)
    bad(
      '`seedband approve` needs the metrics file and who approves it, e.g. `seedband approve metrics.json --by "Jane Doe"`.',
    );
  if (by.length > 200 || /[\u0000-\u001f\u007f]/.test(by))
    bad("--by: give a name of at most 200 characters, without control characters.");
  const days = intFlag(args.flags["expires-days"], "expires-days", DEFAULT_APPROVAL_DAYS);
  if (days < 1 || days > 3650)
    bad(`--expires-days must be between 1 and 3650 (got ${days}); the default is 90.`);
  const paths = projectPaths();
  const metrics = readMetrics(input, paths);
  const file = resolve(process.cwd(), input);
  if (metrics.findings.length > 0) {
    const { maskedPath } = await report();
    for (const f of metrics.findings.slice(0, 10))
      io.stderr(`${input}: ${maskedPath(f.path)}: ${f.type} ${f.preview}\n`);
    bad(
      `${file} has ${metrics.findings.length} pii check finding(s); it cannot be approved. Fix: resample with the fields that carry them left out, and review the new file.`,
    );
  }
  const record = approvalRecord(basename(file), metrics.sha256, by, new Date(), days);
  const path = approvalPath(file);
  writeAtomically(
    path,
    `${JSON.stringify(record, null, 2)}\n`,
    `the record goes beside the metrics file: make ${dirname(path)} writable`,
  );
  if (args.flags.json === true)
    io.stdout(`${JSON.stringify({ status: "ok", record: path, ...record }, null, 2)}\n`);
  else
    io.stderr(
      `seedband: approved ${input} (SHA-256 ${record.sha256.slice(0, 16)}…) by ${by} until ${record.expiresAt}; record ${path}\n`,
    );
  return 0;
}

/** A metrics file read, validated and gated as calibrate reads it; errors name the file. */
function readMetrics(
  input: string,
  paths: ProjectPaths,
): {
  metrics: Metrics;
  label: string;
  sha256: string;
  findings: LocatedFinding[];
  approval: ReturnType<typeof approvalState>;
} {
  const file = resolve(process.cwd(), input);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    bad(
      `Cannot read ${file} as JSON: ${(error as Error).message}. Fix: give the metrics.json that \`seedband sample\` wrote.`,
    );
  }
  const findings = scanJson(raw, label(file, paths), "metrics");
  const parsed = metricsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 5)
      .map((i) => `  ${jsonPath(i.path as (string | number)[])}: ${i.message}`);
    bad(
      `${file} is not a seedband metrics file (format seedband-metrics, version 1):\n${lines.join("\n")}\nFix: give the file \`seedband sample\` wrote, unmodified.`,
    );
  }
  return {
    metrics: parsed.data,
    label: label(file, paths),
    sha256: fileSha256(file),
    findings,
    approval: approvalState(file),
  };
}

function readPlans(
  afterFlag: string,
  beforeFlag: string | undefined,
  band: string | undefined,
  paths: ProjectPaths,
): NonNullable<ReportInputs["plans"]> {
  const read = (dir: string): { docs: BaselineDocument[]; label: string } => {
    const resolved = resolveBaselineDir(resolve(process.cwd(), dir), band);
    return { docs: readBaselines(resolved), label: label(resolved, paths) };
  };
  const after = read(afterFlag);
  const before = beforeFlag ? read(beforeFlag) : undefined;
  return {
    after: after.docs,
    ...(before ? { before: before.docs } : {}),
    labels: { after: after.label, ...(before ? { before: before.label } : {}) },
  };
}

/** A path as the page names it: relative to the project root when inside it, so the page is the same wherever the project lives. */
function label(path: string, paths: ProjectPaths): string {
  const rel = relative(paths.root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function writeAtomically(path: string, text: string, fix: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (error) {
    throw new SeedbandError("BAD_INPUT", `Cannot write ${path}: ${(error as Error).message}. Fix: ${fix}.`, {
      cause: error,
    });
  }
}

/** The report stage, loaded when used (its renderer, with ECharts, loads later still). */
function report(): Promise<typeof import("../report/index.js")> {
  return import("../report/index.js");
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function bad(message: string): never {
  throw new SeedbandError("BAD_INPUT", message);
}
