// The privacy engineer's commands: `sample` (aggregates of a production database into
// metrics.json), `pii check` (the gate: files, folders or a database), and `calibrate` (metrics
// into a spec the generator accepts unchanged).
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { calibrateSpec, type Fit } from "../calibrate/index.js";
import { prismaLocations, projectPaths, seedbandVersion } from "../config/index.js";
import { connect, redactUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { loadSchemaFile, readSchemaFiles } from "../migrate/index.js";
import {
  LISTED_PER_FILE,
  type LocatedFinding,
  type Metrics,
  MIN_SALT_LENGTH,
  type PiiProfile,
  sampleDatabase,
  scanDatabase,
  scanFiles,
} from "../privacy/index.js";
import { schemaFilesFingerprint } from "../schema/index.js";
import { parseSpec } from "../spec/index.js";
import { requireApproval } from "./approval-gate.js";
import { intFlag, maxPositionals, type Parsed } from "./args.js";
import { calibrationTemplate } from "./calibration-template.js";
import type { Io } from "./io.js";
import { readGatedJson } from "./read-gated-json.js";
import { parseMetrics } from "./read-metrics.js";

export async function sampleCommand(args: Parsed, io: Io): Promise<number> {
  const { url, outFlag, salt, k, windowDays, epsilon, top, statementTimeoutMs, categories } =
    sampleFlags(args);
  const paths = projectPaths();
  const schemaPath = await sampledSchema(args, paths.root);
  const graph = await loadSchemaFile(schemaPath);
  for (const c of categories) {
    const [model, field] = c.split(".");
    const m = graph.models.find((x) => x.modelName === model);
    if (!m?.columns.some((x) => x.fieldName === field))
      throw new SeedbandError(
        "BAD_INPUT",
        `--categories ${c}: the schema has no field ${field} on model ${model}.`,
      );
  }
  const out = resolve(process.cwd(), outFlag);
  const json = args.flags.json === true;
  const say = (text: string) => {
    if (!json) io.stderr(`${text}\n`);
  };

  say(
    `Sampling ${redactUrl(url)} (read-only; aggregates only; k = ${k}${epsilon === null ? "" : `, Laplace noise ε = ${epsilon}`})`,
  );
  const session = await connect(url);
  let metrics: Metrics;
  try {
    metrics = await sampleDatabase(session, graph, {
      salt,
      k,
      epsilon,
      windowDays,
      categories,
      top,
      statementTimeoutMs,
      lockTimeoutMs: 2_000,
      schemaFingerprint: schemaFilesFingerprint(await readSchemaFiles(schemaPath)),
      seedbandVersion: seedbandVersion(),
      onProgress: (m) => say(`  ${m}`),
    });
  } finally {
    await session.end().catch(() => {});
  }
  const text = `${JSON.stringify(metrics, null, 2)}\n`;
  // Belt and braces: the salt is never an input of what is written, but check the bytes anyway.
  if (text.includes(salt))
    throw new SeedbandError(
      "DB_ERROR",
      "The metrics would contain the salt; nothing was written. This is a bug: report it.",
    );
  writeAtomically(out, text);
  const summary = {
    status: "ok",
    out,
    models: Object.fromEntries(Object.entries(metrics.models).map(([m, x]) => [m, x.rows])),
    window: metrics.window,
    privacy: metrics.privacy,
  };
  if (json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else
    say(
      `Wrote ${out}: ${Object.keys(metrics.models).length} models, ${metrics.privacy.suppressedBuckets} buckets suppressed (< ${k}). Next: seedband pii check ${outFlag}`,
    );
  return 0;
}

/** --schema, else prisma.config.ts's schema, else the usual paths. */
async function sampledSchema(args: Parsed, root: string): Promise<string> {
  const flag = str(args.flags.schema);
  const schemaPath = flag ? resolve(process.cwd(), flag) : (await prismaLocations(root)).schema;
  if (!existsSync(schemaPath))
    throw new SeedbandError(
      "BAD_INPUT",
      `No Prisma schema at ${schemaPath}. Pass --schema path/to/schema.prisma (the schema of the sampled database).`,
    );
  return schemaPath;
}

export async function piiCommand(args: Parsed, io: Io): Promise<number> {
  const [sub, ...targets] = args.positionals;
  if (sub !== "check")
    throw new SeedbandError(
      "BAD_INPUT",
      "Usage: seedband pii check <file|dir>... [--database-url URL] [--profile metrics|data] [--json].",
    );
  const profileFlag = str(args.flags.profile);
  if (profileFlag !== undefined && profileFlag !== "metrics" && profileFlag !== "data")
    throw new SeedbandError(
      "BAD_INPUT",
      `--profile ${JSON.stringify(profileFlag)}: use metrics (sampler output) or data (generated datasets).`,
    );
  const profile = profileFlag as PiiProfile | undefined;
  const url = str(args.flags["database-url"]);
  if (targets.length === 0 && !url)
    throw new SeedbandError(
      "BAD_INPUT",
      "`seedband pii check` needs files or folders to scan, or --database-url URL, e.g. `seedband pii check metrics.json`.",
    );
  const json = args.flags.json === true;

  // Findings name files as the user wrote them (relative paths stay relative).
  const files = await scanFiles(targets, profile);
  const findings: LocatedFinding[] = files.findings;
  const omitted = files.total - files.findings.length;
  const scanned: Record<string, number> = { files: files.files.length };
  if (url) {
    const rowsPerColumn = intFlag(args.flags["rows-per-column"], "rows-per-column", 10_000);
    const session = await connect(url);
    try {
      const db = await scanDatabase(session, {
        label: redactUrl(url),
        profile: profile ?? "data",
        rowsPerColumn,
        statementTimeoutMs: intFlag(args.flags["statement-timeout"], "statement-timeout", 120_000),
      });
      findings.push(...db.findings);
      scanned.columns = db.columns;
      scanned.values = db.values;
    } finally {
      await session.end().catch(() => {});
    }
  }
  const ok = findings.length === 0;
  if (json) io.stdout(`${JSON.stringify({ ok, findings, omitted, scanned }, null, 2)}\n`);
  else {
    for (const f of findings) io.stderr(`${f.file}: ${f.path}: ${f.type} ${f.preview}\n`);
    const what = [
      `${scanned.files} file(s)`,
      ...(url ? [`${scanned.values} value(s) of ${scanned.columns} text column(s)`] : []),
    ].join(" and ");
    io.stderr(
      ok
        ? `Clean: no personal data found in ${what}.\n`
        : `${findings.length + omitted} finding(s) in ${what}${omitted > 0 ? ` (${omitted} not listed: at most ${LISTED_PER_FILE} per file)` : ""}: remove them before this leaves the boundary.\n`,
    );
  }
  return ok ? 0 : 1;
}

export async function calibrateCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband calibrate metrics.json --out spec.json [--preset chat] [--json]");
  const input = args.positionals[0];
  const outFlag = str(args.flags.out);
  if (!input || !outFlag)
    throw new SeedbandError(
      "BAD_INPUT",
      "`seedband calibrate` needs a metrics file and --out, e.g. `seedband calibrate metrics.json --out presets/calibrated.json`.",
    );
  const file = resolve(process.cwd(), input);
  if (existsSync(file)) await requireApproval(file, input, projectPaths().root);
  // The gate again: calibration never reads metrics that would fail `pii check`.
  const { doc: raw, findings } = readGatedJson(file);
  if (findings.length > 0) {
    for (const f of findings.slice(0, 10)) io.stderr(`${f.file}: ${f.path}: ${f.type} ${f.preview}\n`);
    throw new SeedbandError(
      "BAD_INPUT",
      `${file} has ${findings.length} finding(s) of personal data; calibrate refuses it. Fix: run \`seedband pii check ${input}\` and resample.`,
    );
  }
  const metrics = parseMetrics(raw, file);
  const template = calibrationTemplate(str(args.flags.preset), metrics, projectPaths().presetDirs);
  const calibration = calibrateSpec(metrics, template.spec);
  const out = resolve(process.cwd(), outFlag);
  const text = `${JSON.stringify(calibration.spec, null, 2)}\n`;
  parseSpec(text, out); // what the generator will read: it must validate unchanged
  writeAtomically(out, text);
  if (args.flags.json === true) {
    io.stdout(
      `${JSON.stringify({ status: "ok", out, template: template.file, fits: calibration.fits, kept: calibration.kept, sampledBand: calibration.sampledBand }, null, 2)}\n`,
    );
  } else {
    io.stderr(`Fits (goodness of fit: KS distance, or L1 for profiles and weights):\n`);
    for (const f of calibration.fits) io.stderr(`  ${formatFit(f)}\n`);
    if (calibration.kept.length > 0)
      io.stderr(
        `Kept from the template, or left to the generator:\n${calibration.kept.map((k) => `  ${k}`).join("\n")}\n`,
      );
    io.stderr(
      `Wrote ${out} (band "sampled" holds the measured sizes). Next: seedband seed ci --preset ${outFlag}\n`,
    );
  }
  return 0;
}

function formatFit(f: Fit): string {
  const params = Object.entries(f.params)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(" ");
  const stat = f.statistic
    ? ` ${f.statistic.name.toUpperCase()} ${f.statistic.value}${f.statistic.critical !== undefined ? ` (5% critical ${f.statistic.critical})` : ""}`
    : "";
  return `${f.path}: ${f.distribution}: ${params} (n=${f.n})${stat}${f.note ? `; ${f.note}` : ""}`;
}

function writeAtomically(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Cannot write ${path}: ${(error as Error).message}. Fix: choose a writable path for --out.`,
      { cause: error },
    );
  }
}

function numberFlag(value: string | boolean | undefined, name: string): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isFinite(n))
    throw new SeedbandError("BAD_INPUT", `--${name} must be a number (got ${JSON.stringify(value)}).`);
  return n;
}

/** `seedband sample`'s flags and ANONYMIZATION_SALT, checked before any server is touched. */
function sampleFlags(args: Parsed) {
  maxPositionals(
    args,
    0,
    "seedband sample --database-url URL --out metrics.json [--window-days 30] [--k 10] [--epsilon E]",
  );
  const url = str(args.flags["database-url"]);
  if (!url)
    throw new SeedbandError(
      "BAD_INPUT",
      "`seedband sample` needs an explicit --database-url (it never falls back to DATABASE_URL or the embedded server): point it at a read replica of production, e.g. --database-url postgresql://reader@replica:5432/app.",
    );
  const outFlag = str(args.flags.out);
  if (!outFlag)
    throw new SeedbandError("BAD_INPUT", "`seedband sample` needs --out FILE, e.g. --out metrics.json.");
  const salt = process.env.ANONYMIZATION_SALT ?? "";
  if (salt.length < MIN_SALT_LENGTH)
    throw new SeedbandError(
      "BAD_INPUT",
      `ANONYMIZATION_SALT is ${salt ? `too short (${salt.length} characters)` : "not set"}: the sampler refuses to run without a secret of at least ${MIN_SALT_LENGTH} characters to key its HMAC tokens. Fix: export ANONYMIZATION_SALT=$(openssl rand -hex 32) in the production environment; keep it there (it is never written to metrics.json).`,
    );
  const k = intFlag(args.flags.k, "k", 10);
  if (k < 2) throw new SeedbandError("BAD_INPUT", `--k must be 2 or more (got ${k}); the default is 10.`);
  const windowDays = intFlag(args.flags["window-days"], "window-days", 30);
  if (windowDays < 1 || windowDays > 3660)
    throw new SeedbandError("BAD_INPUT", `--window-days must be between 1 and 3660 (got ${windowDays}).`);
  const epsilon = numberFlag(args.flags.epsilon, "epsilon");
  if (epsilon !== null && !(epsilon > 0))
    throw new SeedbandError(
      "BAD_INPUT",
      `--epsilon must be a positive number (got ${epsilon}), e.g. --epsilon 1.`,
    );
  const top = intFlag(args.flags.top, "top", 20);
  if (top < 0 || top > 1000)
    throw new SeedbandError("BAD_INPUT", `--top must be between 0 and 1000 (got ${top}).`);
  const statementTimeoutMs = intFlag(args.flags["statement-timeout"], "statement-timeout", 120_000);
  const categories = (str(args.flags.categories) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of categories)
    if (!/^\w+\.\w+$/.test(c))
      throw new SeedbandError(
        "BAD_INPUT",
        `--categories ${JSON.stringify(c)}: name fields as Model.field, comma-separated (e.g. Attachment.mimeType).`,
      );
  return { url, outFlag, salt, k, windowDays, epsilon, top, statementTimeoutMs, categories };
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}
