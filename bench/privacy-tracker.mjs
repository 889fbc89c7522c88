// The privacy round trip on a schema other than chat: the issue tracker of
// test/fixtures/schemas/issue-tracker, seeded as "production" from
// test/fixtures/privacy/issue-tracker-truth.json (known fan-outs, lengths, numbers, mixes, null
// rates and one working-hours profile), sampled, calibrated from the `generic` preset (which names
// no model: every family is chosen by goodness of fit), seeded again at the band `sampled` and
// verified. trackerRows is the table of truth against recovered values, each row with the
// uncertainty sampling alone leaves at this size. Used by `npm run e2e:privacy` and the ci test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { l1, PLANTED, runPrivacyPipeline, weightsL1 } from "./privacy-pipeline.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
export const TRACKER_SCHEMA = join(root, "test", "fixtures", "schemas", "issue-tracker", "schema.prisma");
const TRUTH = join(root, "test", "fixtures", "privacy", "issue-tracker-truth.json");

/** The truth spec with one band, `band`, of the sizes of its band `sizes` (ci or dev). */
export function trackerTruth(sizes, band) {
  const truth = JSON.parse(readFileSync(TRUTH, "utf8"));
  truth.bands = { [band]: truth.bands[sizes] };
  return truth;
}

/**
 * Personal data in the tracker's text columns (the sampler must never carry it out): emails of
 * users, and every recognised type in workspace names — a table the database scan reads whole
 * (runTrackerPipeline's --rows-per-column): of a larger table's sample it reads the first rows,
 * and rows rewritten by an UPDATE are not among them.
 */
export async function plantTrackerPii(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const p = PLANTED;
    await client.query(
      `UPDATE "User" SET email = 'planted.' || id || '.' || $1 WHERE id IN (SELECT id FROM "User" ORDER BY id LIMIT 5)`,
      [p.email],
    );
    const text = `call ${p.phone} or write to ${p.email}; SSN ${p.ssn}, card ${p.card}, IBAN ${p.iban}, ip ${p.ip}`;
    await client.query(
      `UPDATE "Workspace" SET name = $1 WHERE id IN (SELECT id FROM "Workspace" ORDER BY id LIMIT 20)`,
      [text],
    );
  } finally {
    await client.end();
  }
}

/** runPrivacyPipeline for the tracker: the caller's project must hold TRACKER_SCHEMA as its schema. */
export function runTrackerPipeline(options) {
  return runPrivacyPipeline({
    template: "generic",
    sampledAs: `${options.band}s`,
    categories: [],
    // The database scan reads every workspace name, where the planted values are.
    scanRows: Math.max(10_000, Object.values(options.preset.bands)[0].workspaces),
    plant: plantTrackerPii,
    recovered: trackerRows,
    ...options,
  });
}

const FAN_OUTS = ["Member", "Project", "Task", "Comment", "TaskLabel", "Label", "Subscription", "Attachment"];
const LENGTHS = [
  ["Project", "description"],
  ["Task", "description"],
  ["Comment", "body"],
];
const NUMBERS = [
  ["Task", "estimate"],
  ["Subscription", "seats"],
  ["Attachment", "sizeBytes"],
];
const MIXES = [
  ["Workspace", "plan"],
  ["Member", "role"],
  ["Task", "status"],
  ["Task", "priority"],
  ["Comment", "source"],
];

/** The expected L1 between observed and true shares of n draws: Σ √(2p(1 − p)/(πn)). */
function expectedL1(shares, n) {
  return shares.reduce((s, p) => s + Math.sqrt((2 * p * (1 - p)) / (Math.PI * Math.max(1, n))), 0);
}

/** Truth against recovered, for every parameter the truth spec sets. */
export async function trackerRows({ truth, calibrated, calibration, metrics }) {
  const { TimeProfile } = await import(join(root, "dist", "random", "time-profile.js"));
  const rows = [];
  const fitAt = (path) => calibration.fits.find((f) => f.path === path);
  const familyOf = (d) => (d ? Object.keys(d).find((k) => k !== "heavy") : "none");
  const row = (parameter, t, recovered, tolerance, uncertainty = null) =>
    rows.push({ parameter, truth: t, recovered, tolerance, uncertainty });
  // A two-way mix (a bernoulli share, a null rate) as an L1 distance: 2 |p̂ − p|.
  const share = (parameter, p, recovered, n) =>
    row(
      `${parameter} (mix L1)`,
      0,
      2 * Math.abs((recovered ?? Number.NaN) - p),
      0.02,
      2 * expectedL1([p, 1 - p], n),
    );

  const measured = Object.keys(metrics.models);
  row(
    "measured models with a spec (count or parent + fan-out)",
    measured.length,
    measured.filter((m) => calibrated.models[m]?.count !== undefined || calibrated.models[m]?.fanOut).length,
    0,
  );

  const distribution = (name, path, t, c, n) => {
    const family = familyOf(t);
    row(`${name} family`, family, familyOf(c), 0);
    if (familyOf(c) !== family) return;
    const se = fitAt(`${path}.${family}`)?.standardErrors ?? {};
    const unc = (key) => (se[key] === undefined ? null : 3 * se[key]);
    if (family === "powerLaw")
      row(`${name} power-law alpha`, t.powerLaw.alpha, c.powerLaw.alpha, 0.1, unc("alpha"));
    if (family === "logNormal") {
      row(`${name} log-normal mu`, t.logNormal.mu, c.logNormal.mu, 0.05, unc("mu"));
      row(`${name} log-normal sigma`, t.logNormal.sigma, c.logNormal.sigma, 0.05, unc("sigma"));
    }
    if (family === "exponential")
      row(
        `${name} exponential mean`,
        t.exponential.mean,
        c.exponential.mean,
        0.05 * t.exponential.mean,
        unc("mean"),
      );
    if (family === "uniform") {
      row(`${name} uniform min`, t.uniform.min, c.uniform.min, 0);
      row(`${name} uniform max`, t.uniform.max, c.uniform.max, 0);
    }
    if (family === "bernoulli") share(`${name} bernoulli p`, t.bernoulli, c.bernoulli, n);
  };

  for (const model of FAN_OUTS) {
    const t = truth.models[model].fanOut;
    const c = calibrated.models[model]?.fanOut;
    const parent = truth.models[model].parent;
    const fo = metrics.models[model]?.fanOuts[parent];
    distribution(`${model}.${parent} fan-out`, `$.models.${model}.fanOut`, t, c, fo?.parents ?? 0);
  }
  for (const [model, field] of LENGTHS) {
    const t = truth.models[model].fields[field].text.length;
    const c = calibrated.models[model]?.fields?.[field]?.text?.length;
    distribution(`${model}.${field} length`, `$.models.${model}.fields.${field}.text.length`, t, c, 0);
  }
  for (const [model, field] of NUMBERS) {
    const t = truth.models[model].fields[field].number;
    const c = calibrated.models[model]?.fields?.[field]?.number;
    distribution(`${model}.${field}`, `$.models.${model}.fields.${field}.number`, t, c, 0);
  }
  for (const [model, field] of MIXES) {
    const t = truth.models[model].fields[field].categorical;
    const c = calibrated.models[model]?.fields?.[field]?.categorical ?? {};
    const fm = metrics.models[model].fields[field];
    const total = Object.values(t).reduce((s, x) => s + x, 0);
    const shares = Object.values(t).map((x) => x / total);
    row(
      `${model}.${field} weights L1`,
      0,
      weightsL1(c, t),
      0.02,
      2 * expectedL1(shares, fm.rows - (fm.nulls ?? 0)),
    );
  }
  const archived = metrics.models.Project.fields.archived;
  share(
    "Project.archived bernoulli p",
    truth.models.Project.fields.archived.bernoulli,
    calibrated.models.Project?.fields?.archived?.bernoulli,
    archived.rows - (archived.nulls ?? 0),
  );
  for (const [model, spec] of Object.entries(truth.models))
    for (const [field, f] of Object.entries(spec.fields ?? {}))
      if (f.nullRate !== undefined)
        share(
          `${model}.${field} null rate`,
          f.nullRate,
          calibrated.models[model]?.fields?.[field]?.nullRate,
          metrics.models[model].rows,
        );

  const histograms = (spec, name) =>
    new TimeProfile(
      Date.parse(spec.window.start),
      Date.parse(spec.window.end),
      spec.profiles[name],
    ).histograms();
  const work = histograms(truth, "work");
  for (const name of Object.keys(calibrated.profiles ?? {})) {
    const fit = fitAt(`$.profiles.${name}`);
    const hours = histograms(calibrated, name).hours;
    row(
      `profile ${name}: hour-of-day L1 vs the truth's`,
      0,
      l1(hours, work.hours),
      0.05,
      2 * expectedL1(work.hours, fit?.n ?? 0),
    );
    row(
      `profile ${name}: weekdayBoost`,
      truth.profiles.work.weekdayBoost,
      calibrated.profiles[name].weekdayBoost,
      null,
    );
  }
  return rows;
}
