// The privacy pipeline end to end at ci scale (npm run e2e:privacy runs it at dev scale): a
// "production" database seeded from a known spec with personal data planted in its text columns →
// sample → pii check (metrics clean, database not) → calibrate → recovered parameters within
// tolerance of the truth → seed from the calibrated spec → verify --distributions.
// k stays at its default 10; the window is widened to 181 days (the whole spec window) because
// the ci band's 50k messages over a 30-day window leave an hour histogram too noisy for L1 ≤ 0.05.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cli, PLANTED, runPrivacyPipeline } from "../../bench/privacy-pipeline.mjs";
import { loadSchemaFile } from "../../src/migrate/index.js";
import { hmacToken } from "../../src/privacy/index.js";
import {
  chatPreset,
  dropDatabase,
  hex,
  makeProject,
  metricsStrings,
  PACKAGE_ROOT,
  query,
  STACK_TRACE,
  withClient,
} from "./helpers.js";

const server = inject("servers")[0]!.url;
const salt = `test-salt-${hex(12)}`;
const created: string[] = [];
let result: Awaited<ReturnType<typeof runPrivacyPipeline>>;
let project: string;
let dir: string;

beforeAll(async () => {
  project = await makeProject();
  dir = await mkdtemp(join(tmpdir(), "sb-privacy-test-"));
  const preset = await chatPreset();
  const band = `priv${hex(3)}`;
  preset.description = `privacy pipeline test ${band}`;
  preset.bands = { [band]: preset.bands.ci };
  result = await runPrivacyPipeline({
    cwd: project,
    dir,
    preset,
    band,
    k: 10,
    windowDays: 181,
    server,
    salt,
  });
  created.push(result.production, result.regenerated);
}, 240_000);

afterAll(async () => {
  for (const name of created) await dropDatabase(server, name).catch(() => {});
  for (const d of [project, dir]) if (d) await rm(d, { recursive: true, force: true });
});

describe("the privacy pipeline at ci scale (k = 10, 181-day window)", () => {
  it("recovers alpha, mu, sigma, the hour profile and the burst coefficient within tolerance of the truth", () => {
    const gated = result.rows.filter((r) => r.tolerance !== null);
    expect(gated.map((r) => r.parameter)).toEqual(
      expect.arrayContaining([
        "Message fan-out power-law alpha",
        "Message.content length log-normal mu",
        "Message.content length log-normal sigma",
        "chat profile hour-of-day L1 (recovered vs true)",
        "chat profile burst (inter-arrival CV)",
      ]),
    );
    for (const r of gated)
      expect(r.pass, `${r.parameter}: ${r.recovered} vs ${r.truth} ± ${r.tolerance}`).toBe(true);
  });

  it("the calibrated spec seeds unchanged and verify --distributions passes on it", () => {
    expect(result.verify.code, result.verify.stderr).toBe(0);
    expect(JSON.parse(result.verify.stdout).distributions.length).toBeGreaterThan(4);
  });

  it("the metrics pass pii check and contain no salt", () => {
    expect(result.metricsCheck.code, result.metricsCheck.stderr).toBe(0);
    expect(JSON.parse(result.metricsCheck.stdout)).toMatchObject({ ok: true, findings: [] });
    expect(result.metricsText).not.toContain(salt);
    expect(result.metrics.privacy).toMatchObject({
      k: 10,
      epsilon: null,
      noise: "none",
      tokens: "hmac-sha256-16",
    });
  });

  it("the metrics hold no identifier that is not a token of a real row, and no other string than names, dates and labels", async () => {
    const graph = await loadSchemaFile(join(PACKAGE_ROOT, "prisma", "schema.prisma"));
    const { strays, tokens } = metricsStrings(result.metrics, graph, [
      "image/jpeg",
      "image/png",
      "video/mp4",
      "application/pdf",
      "audio/ogg",
      "text/plain",
    ]);
    const conversationTokens = new Set(
      (await query<{ id: number }>(result.prodUrl, "SELECT id FROM conversations")).map((r) =>
        hmacToken(salt, "Conversation", String(r.id)),
      ),
    );
    expect(strays).toEqual([]);
    expect(tokens.length).toBeGreaterThan(10);
    const conversationTop = result.metrics.models.Message.fanOuts.conversation.top as {
      parentToken: string;
    }[];
    expect(conversationTop.length).toBeGreaterThan(0);
    for (const t of conversationTop) expect(conversationTokens.has(t.parentToken)).toBe(true);
    // The raw ids of the heaviest conversations appear nowhere as strings.
    const heaviest = await query<{ id: number }>(
      result.prodUrl,
      `SELECT "conversationId" AS id FROM messages GROUP BY 1 ORDER BY count(*) DESC LIMIT 5`,
    );
    for (const { id } of heaviest) expect(result.metricsText).not.toMatch(new RegExp(`"${id}"`));
  });

  it("pii check of the production database finds every planted type (exit 1) and prints no value", () => {
    expect(result.dbCheck.code).toBe(1);
    const out = JSON.parse(result.dbCheck.stdout) as {
      ok: boolean;
      findings: { type: string; path: string; preview: string }[];
    };
    expect(out.ok).toBe(false);
    expect(new Set(out.findings.map((f) => f.type))).toEqual(new Set(Object.keys(PLANTED)));
    expect(out.findings[0]!.path).toMatch(/^table public\.\w+, column \w+, row ctid \(\d+,\d+\)$/);
    for (const value of Object.values(PLANTED)) expect(result.dbCheck.stdout).not.toContain(value);
  });

  it("pii check of the regenerated (synthetic) database finds nothing (exit 0)", () => {
    expect(result.regeneratedCheck.code, result.regeneratedCheck.stdout).toBe(0);
    const out = JSON.parse(result.regeneratedCheck.stdout);
    expect(out).toMatchObject({ ok: true, findings: [] });
    expect(out.scanned.values).toBeGreaterThan(1000);
  });

  it("with --epsilon the counts are noised and the output says so", async () => {
    const out = join(dir, "noised.json");
    const r = cli(
      ["sample", "--database-url", result.prodUrl, "--out", out, "--epsilon", "0.5", "--window-days", "181"],
      { cwd: project, env: { ANONYMIZATION_SALT: salt } },
    );
    expect(r.code, r.stderr).toBe(0);
    const noised = JSON.parse(await readFile(out, "utf8"));
    expect(noised.privacy).toMatchObject({ epsilon: 0.5, noise: "laplace", laplaceScale: 2 });
    expect(noised.models.Message.fields.content.logLength).toBeUndefined();
    const a = JSON.stringify(result.metrics.models.Message.fields.createdAt.hours);
    expect(JSON.stringify(noised.models.Message.fields.createdAt.hours)).not.toBe(a);
    expect(cli(["pii", "check", out], { cwd: project }).code).toBe(0);
  });
});

describe("pii check on generated data (profile data)", () => {
  it("a generated band's CSV files and manifest are clean; one planted address in them is found", async () => {
    const out = join(dir, "generated");
    expect(cli(["generate", "ci", "--out", out, "--format", "csv"], { cwd: project }).code).toBe(0);
    const clean = cli(["pii", "check", out, "--json"], { cwd: project });
    expect(clean.code, clean.stdout).toBe(0);
    expect(JSON.parse(clean.stdout).scanned.files).toBeGreaterThanOrEqual(6);
    const users = join(out, "users.csv");
    const lines = (await readFile(users, "utf8")).split("\n");
    lines[2] = lines[2]!.replace(/,[^,@]+@example\.com,/, ",lena.schmidt@web.de,");
    await writeFile(users, lines.join("\n"));
    const found = cli(["pii", "check", out, "--json"], { cwd: project });
    expect(found.code).toBe(1);
    expect(JSON.parse(found.stdout).findings).toEqual([
      { file: users, path: "row 3, column 3", type: "email", preview: "le…@w…" },
    ]);
  });
});

describe("refusals and bad input (exit 2, no stack trace)", () => {
  it("sample refuses without the salt, with a short salt, and without an explicit URL, writing nothing", async () => {
    const out = join(dir, "refused.json");
    for (const env of [{ ANONYMIZATION_SALT: "" }, { ANONYMIZATION_SALT: "short" }]) {
      const r = cli(["sample", "--database-url", result.prodUrl, "--out", out], { cwd: project, env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ANONYMIZATION_SALT/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
    const noUrl = cli(["sample", "--out", out], {
      cwd: project,
      env: { ANONYMIZATION_SALT: salt, DATABASE_URL: result.prodUrl },
    });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/--database-url/);
    await expect(readFile(out)).rejects.toThrow();
  });

  it("sample stops (exit 3, nothing written) when a query outlives the statement timeout or waits on a lock", async () => {
    const out = join(dir, "timed-out.json");
    const env = { ANONYMIZATION_SALT: salt };
    const slow = cli(["sample", "--database-url", result.prodUrl, "--out", out, "--statement-timeout", "1"], {
      cwd: project,
      env,
    });
    expect(slow.code, slow.stderr).toBe(3);
    expect(slow.stderr).toMatch(/statement timeout \(1 ms\)/);
    await withClient(result.prodUrl, async (holder) => {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
      try {
        const locked = cli(["sample", "--database-url", result.prodUrl, "--out", out], { cwd: project, env });
        expect(locked.code, locked.stderr).toBe(3);
        expect(locked.stderr).toMatch(/lock timeout/);
        expect(locked.stderr).not.toMatch(STACK_TRACE);
      } finally {
        await holder.query("ROLLBACK");
      }
    });
    await expect(readFile(out)).rejects.toThrow();
  });

  it("pii check: a missing file or broken JSON is exit 2, not clean", async () => {
    const missing = cli(["pii", "check", join(dir, "nope.json")], { cwd: project });
    expect(missing.code).toBe(2);
    const broken = join(dir, "broken.json");
    await writeFile(broken, '{ "a": ');
    const r = cli(["pii", "check", broken], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("broken.json");
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("calibrate refuses a file that is not metrics, and metrics with a raw identifier", async () => {
    const notMetrics = join(dir, "not-metrics.json");
    await writeFile(notMetrics, JSON.stringify({ format: "other" }));
    const r = cli(["calibrate", notMetrics, "--out", join(dir, "x.json")], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.format/);
    const leaky = structuredClone(result.metrics);
    leaky.models.Message.fanOuts.conversation.top[0].parentToken = "12345";
    const leakyFile = join(dir, "leaky.json");
    await writeFile(leakyFile, JSON.stringify(leaky));
    const refused = cli(["calibrate", leakyFile, "--out", join(dir, "y.json")], { cwd: project });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/parentToken: token/);
    expect(cli(["pii", "check", leakyFile], { cwd: project }).code).toBe(1);
  });
});
