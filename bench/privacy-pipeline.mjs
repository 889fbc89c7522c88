// The privacy pipeline end to end, as a privacy engineer runs it (the CLI in a child process):
// a "production" database seeded from a known spec, with personal data planted in its text
// columns → `sample` → `pii check` of the metrics (clean) and of the database (findings) →
// `calibrate` → the recovered parameters against the truth → `seed` from the calibrated spec →
// `verify --distributions`. Used by `npm run e2e:privacy` (dev band) and the ci-scale tests, for
// the chat reference (this file's defaults) and for the issue tracker (privacy-tracker.mjs).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(root, "bin", "seedband.js");

/** Values planted in the production database: each is personal data of one recognised type. */
export const PLANTED = {
  email: "maria.garcia@gmail.com",
  phone: "+1 415 555 2671",
  ssn: "536-22-8726",
  card: "4111 1111 1111 1111",
  iban: "GB82 WEST 1234 5698 7654 32",
  ip: "81.2.69.160",
};

export function cli(args, { cwd, env = {}, input } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: "", ...env },
    encoding: "utf8",
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(step, r, expected = 0) {
  if (r.code !== expected)
    throw new Error(`${step}: exit ${r.code}, expected ${expected}\nstderr: ${r.stderr.slice(-4000)}`);
  return r;
}

/** Writes personal data into rows of the (seedband-owned) production database. */
export async function plantPii(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const p = PLANTED;
    await client.query(
      `UPDATE users SET email = 'planted.' || id || '.' || $1, phone = $2 WHERE id IN (SELECT id FROM users ORDER BY id LIMIT 5)`,
      [p.email, p.phone],
    );
    const titles = [`SSN ${p.ssn}`, `card ${p.card}`, `IBAN ${p.iban}`, `from ${p.ip}`];
    const { rows } = await client.query("SELECT id FROM conversations ORDER BY id LIMIT $1", [titles.length]);
    for (let i = 0; i < rows.length; i++)
      await client.query("UPDATE conversations SET title = $1 WHERE id = $2", [titles[i], rows[i].id]);
    const content = `call ${p.phone} or write to ${p.email}; SSN ${p.ssn}, card ${p.card}, IBAN ${p.iban}, ip ${p.ip}`;
    await client.query(
      "UPDATE messages SET content = $1 WHERE id IN (SELECT id FROM messages ORDER BY id LIMIT 40)",
      [content],
    );
  } finally {
    await client.end();
  }
}

/**
 * Runs the pipeline. `preset` is the truth (a spec object) with a band `band`. The defaults are
 * the chat reference's: calibrate with the truth as its template, seed the same band again, plant
 * into chat's tables, the chat table of parameters. `template` names the calibrate --preset
 * instead (e.g. "generic"), `regenerate` the band to seed from the calibrated spec ("sampled"),
 * `sampledAs` a name under which the calibrated band `sampled` is seeded (the default for
 * `regenerate`), `scanRows` the --rows-per-column of the production database's pii check.
 * Returns the recovered-vs-true table and what each step showed.
 */
export async function runPrivacyPipeline({
  cwd,
  epsilon,
  dir,
  preset,
  band,
  seed = 4242,
  k = 10,
  windowDays = 30,
  server,
  salt,
  template,
  sampledAs,
  regenerate = sampledAs ?? band,
  categories = ["Attachment.mimeType"],
  scanRows,
  plant = plantPii,
  recovered = chatRows,
  log = () => {},
}) {
  const urlFlag = server ? ["--database-url", server] : [];
  const truthFile = join(dir, "truth.json");
  writeFileSync(truthFile, JSON.stringify(preset, null, 2));

  log(`seed ${band} (the production database, known parameters)`);
  const prod = JSON.parse(
    must(
      "seed production",
      cli(["seed", band, "--preset", truthFile, "--seed", String(seed), "--fresh", "--json", ...urlFlag], {
        cwd,
      }),
    ).stdout,
  );
  // A run record masks the credentials of a URL server (user included): connect with our own URL.
  const urlOf = (name, fallback) => {
    if (!server) return fallback; // the embedded server's URL is recorded whole
    const url = new URL(server);
    url.pathname = `/${encodeURIComponent(name)}`;
    return url.toString();
  };
  const prodUrl = urlOf(prod.database.name, prod.database.url);
  await plant(prodUrl);

  log("sample");
  const metricsFile = join(dir, "metrics.json");
  const env = { ANONYMIZATION_SALT: salt };
  must(
    "sample",
    cli(
      [
        "sample",
        "--database-url",
        prodUrl,
        "--out",
        metricsFile,
        "--k",
        String(k),
        "--window-days",
        String(windowDays),
        ...(categories.length > 0 ? ["--categories", categories.join(",")] : []),
        ...(epsilon ? ["--epsilon", String(epsilon)] : []),
        "--json",
      ],
      { cwd, env },
    ),
  );
  const metricsText = readFileSync(metricsFile, "utf8");

  log("pii check (metrics, then the production database)");
  const metricsCheck = cli(["pii", "check", metricsFile, "--json"], { cwd });
  const rowsPerColumn = scanRows ? ["--rows-per-column", String(scanRows)] : [];
  const dbCheck = cli(["pii", "check", "--database-url", prodUrl, ...rowsPerColumn, "--json"], { cwd });

  log("calibrate");
  const specFile = join(dir, "calibrated.json");
  const calibration = JSON.parse(
    must(
      "calibrate",
      cli(["calibrate", metricsFile, "--out", specFile, "--preset", template ?? truthFile, "--json"], {
        cwd,
      }),
    ).stdout,
  );
  const calibrated = JSON.parse(readFileSync(specFile, "utf8"));
  if (sampledAs) {
    // Production's own sizes under a name of the run's: verify picks the latest database of a
    // band on the server, which another run's "sampled" could be.
    calibrated.bands[sampledAs] = calibrated.bands.sampled;
    writeFileSync(specFile, JSON.stringify(calibrated, null, 2));
  }

  log(`seed ${regenerate} from the calibrated spec, then verify --distributions`);
  const regenerated = JSON.parse(
    must(
      "seed calibrated",
      cli(
        ["seed", regenerate, "--preset", specFile, "--seed", String(seed), "--fresh", "--json", ...urlFlag],
        { cwd },
      ),
    ).stdout,
  );
  const verify = cli(["verify", regenerate, "--distributions", "--json", ...urlFlag], { cwd });
  // Generated data is clean: the same database scan finds nothing there.
  const regeneratedCheck = cli(
    ["pii", "check", "--database-url", urlOf(regenerated.database.name, regenerated.database.url), "--json"],
    { cwd },
  );

  const metrics = JSON.parse(metricsText);
  const rows = (await recovered({ truth: preset, calibrated, calibration, metrics })).map(judge);

  return {
    rows,
    production: prod.database.name,
    regenerated: regenerated.database.name,
    prodUrl,
    metricsFile,
    metricsText,
    metrics,
    metricsCheck,
    dbCheck,
    calibration,
    calibrated,
    verify,
    regeneratedCheck,
  };
}

/** The chat reference's parameters: truth (the chat preset) against the calibrated spec. */
export async function chatRows({ truth: preset, calibrated, calibration }) {
  const { TimeProfile } = await import(join(root, "dist", "random", "time-profile.js"));
  const histograms = (spec) =>
    new TimeProfile(
      Date.parse(spec.window.start),
      Date.parse(spec.window.end),
      spec.profiles.chat,
    ).histograms();
  const t = preset.models;
  const c = calibrated.models;
  const truthHours = histograms(preset);
  const calHours = histograms(calibrated);
  return [
    [
      "Message fan-out power-law alpha",
      t.Message.fanOut.powerLaw.alpha,
      c.Message.fanOut.powerLaw.alpha,
      0.1,
    ],
    ["Message fan-out x_min", t.Message.fanOut.powerLaw.min, c.Message.fanOut.powerLaw.min, null],
    ["Message heavy-room share", t.Message.fanOut.heavy.share, c.Message.fanOut.heavy.share, 0.005],
    [
      "Message.content length log-normal mu",
      t.Message.fields.content.text.length.logNormal.mu,
      c.Message.fields.content.text.length.logNormal.mu,
      0.05,
    ],
    [
      "Message.content length log-normal sigma",
      t.Message.fields.content.text.length.logNormal.sigma,
      c.Message.fields.content.text.length.logNormal.sigma,
      0.05,
    ],
    ["chat profile hour-of-day L1 (recovered vs true)", 0, l1(calHours.hours, truthHours.hours), 0.05],
    ["chat profile weekday L1 (recovered vs true)", 0, l1(calHours.weekdays, truthHours.weekdays), null],
    [
      // Measured or not at all: a burst the sampler could not measure is not "recovered".
      "chat profile burst (inter-arrival CV)",
      preset.profiles.chat.burst ?? 1,
      calibration.fits?.find((f) => f.path === "$.profiles.chat.burst")?.params.burst ?? Number.NaN,
      0.1 * (preset.profiles.chat.burst ?? 1),
    ],
    [
      "chat profile weekdayBoost",
      preset.profiles.chat.weekdayBoost,
      calibrated.profiles.chat.weekdayBoost,
      null,
    ],
    [
      "Message.device weights L1",
      0,
      weightsL1(c.Message.fields.device.categorical, t.Message.fields.device.categorical),
      null,
    ],
    [
      "Conversation.kind weights L1",
      0,
      weightsL1(c.Conversation.fields.kind.categorical, t.Conversation.fields.kind.categorical),
      null,
    ],
    ["Attachment rate (bernoulli)", t.Attachment.fanOut.bernoulli, c.Attachment.fanOut.bernoulli, null],
    [
      "ConversationUser.isActive (bernoulli)",
      t.ConversationUser.fields.isActive.bernoulli,
      c.ConversationUser.fields.isActive.bernoulli,
      null,
    ],
    [
      "room members log-normal mu",
      t.ConversationUser.fanOut.cases.room.logNormal.mu,
      c.ConversationUser.fanOut.cases.room.logNormal.mu,
      null,
    ],
    [
      "Attachment.sizeBytes log-normal mu",
      t.Attachment.fields.sizeBytes.number.logNormal.mu,
      c.Attachment.fields.sizeBytes.number.logNormal.mu,
      null,
    ],
  ].map(([parameter, truth, recovered, tolerance]) => ({ parameter, truth, recovered, tolerance }));
}

/** L1 distance between two share vectors of the same length. */
export const l1 = (a, b) => a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0);

/** L1 distance between two sets of categorical weights, each normalised to sum 1. */
export function weightsL1(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const sa = Object.values(a).reduce((s, x) => s + x, 0);
  const sb = Object.values(b).reduce((s, x) => s + x, 0);
  return [...keys].reduce((s, key) => s + Math.abs((a[key] ?? 0) / sa - (b[key] ?? 0) / sb), 0);
}

/**
 * A row as the table shows it: `uncertainty` is what sampling alone leaves (three standard errors
 * of a parameter, twice the expected L1 of a distance); a row is gated — its `pass` counts — when
 * it has a tolerance at least that large. Rows with a string truth (a family) pass when equal.
 */
export function judge({ parameter, truth, recovered, tolerance, uncertainty = null }) {
  const r = typeof recovered === "number" ? Math.round(recovered * 10_000) / 10_000 : recovered;
  const u = uncertainty === null ? null : Math.round(uncertainty * 10_000) / 10_000;
  const pass =
    tolerance === null
      ? null
      : typeof truth === "string"
        ? truth === recovered
        : Math.abs(recovered - truth) <= tolerance;
  const gated = tolerance !== null && (u === null || u <= tolerance);
  return { parameter, truth, recovered: r, tolerance, uncertainty: u, gated, pass };
}

/** The table as Markdown, for the closing note and the script's output. */
export function formatTable(rows) {
  const uncertain = rows.some((r) => r.uncertainty !== null);
  const lines = uncertain
    ? ["| parameter | truth | recovered | tolerance | sampling | pass |", "|---|---|---|---|---|---|"]
    : ["| parameter | truth | recovered | tolerance | pass |", "|---|---|---|---|---|"];
  for (const r of rows) {
    const tolerance = r.tolerance === null ? "—" : typeof r.truth === "string" ? "same" : `± ${r.tolerance}`;
    const pass = r.pass === null ? "—" : `${r.pass ? "yes" : "NO"}${r.gated ? "" : " (not gated)"}`;
    const sampling = uncertain ? ` ${r.uncertainty === null ? "—" : r.uncertainty} |` : "";
    lines.push(`| ${r.parameter} | ${r.truth} | ${r.recovered} | ${tolerance} |${sampling} ${pass} |`);
  }
  return lines.join("\n");
}
