// `seedband report` (the data's shape, the fits, the plans and the privacy sign-off as one offline
// HTML page) and `seedband approve` (the sign-off record of a metrics.json). Parse, read the
// files given, call the pipeline for the band and src/report for the page, write, print.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadSpec, type ProjectPaths, projectLabel, projectPaths } from "../config/index.js";
import { SeedbandError } from "../errors.js";
import { type BaselineDocument, readBaselines, resolveBaselineDir } from "../explain/index.js";
import { reportBand } from "../pipeline/index.js";
import {
  approvalPath,
  approvalRecord,
  approvalState,
  DEFAULT_APPROVAL_DAYS,
  fileSha256,
  type Metrics,
} from "../privacy/index.js";
import type { ReportData, ReportInputs } from "../report/index.js";
import type { Spec } from "../spec/index.js";
import { type FlagSpec, intFlag, maxPositionals, type Parsed } from "./args.js";
import { calibrationTemplate } from "./calibration-template.js";
import type { Io } from "./io.js";
import { readMetrics } from "./read-metrics.js";
import { resolveServer } from "./server.js";

interface CommandEntry {
  flags: FlagSpec;
  help: string;
  run: (args: Parsed, io: Io) => Promise<number>;
}

const REPORT_HELP = `Usage: seedband report [--band B] [--seed N] [--metrics metrics.json] [--spec spec.json]
                       [--baselines DIR [--before DIR]] [--out report.html] [--json]

Writes one self-contained HTML page (inline SVG charts, no script, nothing fetched: it opens from
file://), byte-identical for the same inputs. Its sections, each when its inputs are given:

  data shape    the band's latest complete database against its spec: fan-outs (log-log CCDF),
                text lengths, numbers, hour-of-day and weekday profiles, value mixes and null
                rates, each with verify --distributions' check, tolerance and pass/fail
                (aggregate queries only)
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
                    band's preset with seedband.config.ts applied, as the seed used; for
                    --metrics alone, calibrate's own choice: chat when the metrics hold the
                    chat models, else generic)
  --baselines DIR   a baseline folder of \`seedband baseline capture\` (its band's subfolder)
  --before DIR      an earlier capture to compare --baselines with
  --out FILE        where to write the page (default .seedband/report.html)`;

const APPROVE_HELP = `Usage: seedband approve metrics.json --by NAME [--expires-days 90] [--json]

Signs off a metrics file after review (\`seedband report --metrics metrics.json\` shows what it
holds): writes metrics.json.approval.json beside it with the file's SHA-256, who approved it,
when, and when the approval expires. With \`requireApproval: true\` in seedband.config.ts,
\`seedband calibrate\` refuses a metrics file without an approval of exactly its bytes that has not
expired. Refuses a file that is not a metrics file or has pii check findings (exit 2).

  --by NAME           who approves (recorded in the approval and shown in reports)
  --expires-days N    days the approval holds (default ${DEFAULT_APPROVAL_DAYS})`;

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
      help: `${REPORT_HELP}\n${commonHelp}`,
    },
    approve: {
      flags: { by: "string", "expires-days": "string" },
      run: approveCommand,
      help: `${APPROVE_HELP}\n${commonHelp}`,
    },
  };
}

type Template = { spec: Spec; label: string };

/** What `report` reads from files, all before any server is touched. */
interface ReportFiles {
  metrics?: Omit<NonNullable<ReportInputs["metrics"]>, "template" | "templateLabel">;
  spec?: Template;
  plans?: NonNullable<ReportInputs["plans"]>;
}

export async function reportCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 0, "seedband report [--band B] [--metrics FILE] [--baselines DIR] [--out FILE]");
  const paths = projectPaths();
  const band = str(args.flags.band);
  const seed = args.flags.seed === undefined ? undefined : intFlag(args.flags.seed, "seed", 1);
  const specFlag = str(args.flags.spec);
  const files = readReportFiles(args, band, paths);
  const out = resolve(process.cwd(), str(args.flags.out) ?? join(paths.stateDir, "report.html"));
  const inputs: ReportInputs = { omitted: files.plans ? [] : ["plans (no --baselines)"] };
  let template = files.spec;
  if (band !== undefined || seed !== undefined || (!files.metrics && !files.plans)) {
    const server = await resolveServer(args.flags, paths);
    const found = await reportBand(paths, server.url, { band, seed, spec: specFlag });
    inputs.shape = found.shape;
    inputs.run = found.run;
    template ??= { spec: found.spec, label: found.specLabel };
  } else inputs.omitted.push("data shape and run (no --band)");
  if (files.metrics) {
    template ??= defaultTemplate(files.metrics.metrics, paths);
    inputs.metrics = { ...files.metrics, template: template.spec, templateLabel: template.label };
  } else inputs.omitted.push("calibration and privacy (no --metrics)");
  if (files.plans) inputs.plans = files.plans;
  const json = args.flags.json === true;
  if (!json)
    io.stderr(`seedband: building the report${inputs.shape ? ` of ${inputs.shape.info.database}` : ""}…\n`);
  const { buildReport, renderReport } = await report();
  const data = await buildReport(inputs);
  writeAtomically(out, await renderReport(data), "choose a writable path for --out");
  if (json) io.stdout(`${JSON.stringify({ out, ...data }, null, 2)}\n`);
  else printSummary(io, out, data);
  return data.summary.failed + data.summary.findings > 0 ? 1 : 0;
}

function readReportFiles(args: Parsed, band: string | undefined, paths: ProjectPaths): ReportFiles {
  const files: ReportFiles = {};
  const metricsFlag = str(args.flags.metrics);
  if (metricsFlag) files.metrics = reportMetrics(metricsFlag, paths);
  const specFlag = str(args.flags.spec);
  if (specFlag) {
    const loaded = loadSpec(specFlag, paths.presetDirs);
    files.spec = { spec: loaded.spec, label: projectLabel(loaded.file, paths.root) };
  }
  const baselines = str(args.flags.baselines);
  const before = str(args.flags.before);
  if (before && !baselines)
    bad("--before names the earlier capture to compare --baselines with: give --baselines DIR too.");
  if (baselines) files.plans = readPlans(baselines, before, band, paths);
  return files;
}

/** The template calibrate itself takes for these metrics (chat or generic) when the report has no spec. */
function defaultTemplate(metrics: Metrics, paths: ProjectPaths): Template {
  const chosen = calibrationTemplate(undefined, metrics, paths.presetDirs);
  return { spec: chosen.spec, label: chosen.name };
}

function printSummary(io: Io, out: string, data: ReportData): void {
  const { summary } = data;
  const sections = Object.keys(data.sections).join(", ");
  const findings = summary.findings ? `, ${summary.findings} pii check finding(s) in the metrics` : "";
  io.stderr(
    `seedband: wrote ${out} (${sections}); ${summary.checks} checks, ${summary.failed} failed${findings}.\n  open ${pathToFileURL(out).href}\n`,
  );
  for (const c of data.sections.shape?.checks.filter((x) => !x.pass) ?? [])
    io.stderr(`  FAIL ${c.check}: ${c.measured} (expected ${c.expected} ± ${c.tolerance})\n`);
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
  const file = resolve(process.cwd(), input);
  const { findings, total } = readMetrics(file);
  if (total > 0) {
    // Paths and previews come masked from the scanner: a key that is a finding is `[<key 2: email>]`.
    for (const f of findings.slice(0, 10)) io.stderr(`${input}: ${f.path}: ${f.type} ${f.preview}\n`);
    bad(
      `${file} has ${total} pii check finding(s); it cannot be approved. Fix: resample with the fields that carry them left out, and review the new file.`,
    );
  }
  const record = approvalRecord(basename(file), fileSha256(file), by, new Date(), days);
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

/** A metrics file read, validated and gated as calibrate reads it, with its hash and approval; errors name the file. */
function reportMetrics(input: string, paths: ProjectPaths): NonNullable<ReportFiles["metrics"]> {
  const file = resolve(process.cwd(), input);
  const { metrics, findings, total } = readMetrics(file);
  return {
    metrics,
    label: projectLabel(file, paths.root),
    sha256: fileSha256(file),
    findings,
    findingCount: total,
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
    return { docs: readBaselines(resolved), label: projectLabel(resolved, paths.root) };
  };
  const after = read(afterFlag);
  const before = beforeFlag ? read(beforeFlag) : undefined;
  return {
    after: after.docs,
    ...(before ? { before: before.docs } : {}),
    labels: { after: after.label, ...(before ? { before: before.label } : {}) },
  };
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
