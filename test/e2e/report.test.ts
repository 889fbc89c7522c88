// `seedband report` as a user runs it, on the ci band seeded here, with a metrics file (approved),
// baselines captured here and the repository's dev baselines as "before": every section, its
// checks, byte-identical pages for the same inputs, input errors before any server is touched —
// and the page opened in a real browser (Debian's headless Chromium driven by playwright-core):
// no console error, no request leaves the file, every chart and every series has marks. Each
// section's screenshot at a fixed viewport goes to .seedband/test-output/report/ (printed).
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PALETTE } from "../../src/report/index.js";
import {
  copySqlQueries,
  dropDatabase,
  jsonOf,
  makeProject,
  PACKAGE_ROOT,
  runCli,
  STACK_TRACE,
  seedbandMarks,
} from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const SEED = "181";
const SCREENSHOTS = join(PACKAGE_ROOT, ".seedband", "test-output", "report");
const server = inject("servers")[0]!;
const why = hasChromium ? "" : ` [skipped: no ${CHROMIUM}; apt-get install -y chromium]`;
if (!hasChromium) console.warn(`seedband: the report's browser test is skipped: no ${CHROMIUM}`);

interface ReportJson {
  out: string;
  title: string;
  sections: Record<
    string,
    {
      charts: Array<{ id: string }>;
      approval?: { status: string; approvedBy?: string };
      diffs?: Array<{ changed: boolean; lines: string[] }>;
    }
  >;
  summary: { checks: number; failed: number; findings: number };
  omitted: string[];
}

/** The little of the DOM the browser-side check uses (the project compiles without DOM types). */
interface Node {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): Iterable<Node> & { length: number };
  getBoundingClientRect(): { width: number; height: number };
}

let project: string;
let report: ReportJson;
const on = ["--database-url", server.url];

beforeAll(async () => {
  project = await makeProject();
  await copySqlQueries(project);
  await copyFile(
    join(PACKAGE_ROOT, "test/fixtures/pii/negatives/sampler-output-ci.json"),
    join(project, "metrics.json"),
  );
  const seeded = await runCli(["seed", "ci", "--seed", SEED, "--json", ...on], { cwd: project });
  expect(seeded.code, seeded.stderr).toBe(0);
  const captured = await runCli(
    ["baseline", "capture", "--band", "ci", "--seed", SEED, "--runs", "2", "--warmup", "1", ...on],
    { cwd: project },
  );
  expect(captured.code, captured.stderr).toBe(0);
  const approved = await runCli(["approve", "metrics.json", "--by", "Privacy Officer"], { cwd: project });
  expect(approved.code, approved.stderr).toBe(0);
  const result = await runCli(reportArgs("report.html"), { cwd: project });
  expect(result.code, result.stderr).toBe(0);
  report = jsonOf<ReportJson>(result);
}, 300_000);

afterAll(async () => {
  for (const { name, mark } of await seedbandMarks(server.url))
    if (mark.seed === Number(SEED)) await dropDatabase(server.url, name).catch(() => {});
  if (project) await rm(project, { recursive: true, force: true });
});

function reportArgs(out: string): string[] {
  return [
    "report",
    "--band",
    "ci",
    "--seed",
    SEED,
    "--metrics",
    "metrics.json",
    "--baselines",
    "baselines",
    "--before",
    join(PACKAGE_ROOT, "baselines", "dev"),
    "--out",
    out,
    "--json",
    ...on,
  ];
}

describe("seedband report", () => {
  it("draws every section of the ci band, its checks passing, and shows the approval", async () => {
    expect(Object.keys(report.sections).sort()).toEqual(["calibration", "plans", "privacy", "run", "shape"]);
    expect(report.omitted).toEqual([]);
    expect(report.summary).toMatchObject({ failed: 0, findings: 0 });
    expect(report.summary.checks).toBeGreaterThan(15);
    expect(report.sections.privacy!.approval).toMatchObject({
      status: "approved",
      approvedBy: "Privacy Officer",
    });
    // The dev baselines (PostgreSQL 18, 5M messages) and the ci capture differ in some plans.
    expect(
      report.sections.plans!.diffs!.some((d) => d.changed && d.lines.some((l) => l.startsWith("+ "))),
    ).toBe(true);
    const html = await readFile(report.out, "utf8");
    for (const section of Object.values(report.sections))
      for (const chart of section.charts) expect(html).toContain(`data-chart="${chart.id}"`);
  });

  it("writes the same bytes for the same inputs", async () => {
    const again = await runCli(reportArgs("again.html"), { cwd: project });
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(join(project, "again.html"), "utf8")).toBe(await readFile(report.out, "utf8"));
    expect(again.stdout.replace(/again\.html/, "report.html")).toBe(JSON.stringify(report, null, 2) + "\n");
  });

  it("checks its input before touching a server; with only files it touches none; a leaky metrics file exits 1 with masked findings", async () => {
    const unreachable = ["--database-url", "postgresql://nobody@127.0.0.1:9/none"];
    const missing = await runCli(["report", "--metrics", "nope.json", ...unreachable], { cwd: project });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(project, "nope.json"));
    expect(missing.stderr).not.toMatch(STACK_TRACE);
    const before = await runCli(["report", "--before", "baselines", ...unreachable], { cwd: project });
    expect(before.code).toBe(2);
    expect(before.stderr).toContain("give --baselines DIR too");

    const filesOnly = await runCli(
      [
        "report",
        "--metrics",
        "metrics.json",
        "--baselines",
        "baselines",
        "--out",
        "files.html",
        ...unreachable,
      ],
      { cwd: project },
    );
    expect(filesOnly.code, filesOnly.stderr).toBe(0);
    expect(filesOnly.stderr).toContain("(calibration, plans, privacy)");

    const leaky = JSON.parse(await readFile(join(project, "metrics.json"), "utf8"));
    leaky.models.Message.fields.device.values["maria.garcia@gmail.com"] = 12;
    await writeFile(join(project, "leaky.json"), JSON.stringify(leaky));
    const result = await runCli(
      ["report", "--metrics", "leaky.json", "--out", "leaky.html", "--json", ...unreachable],
      {
        cwd: project,
      },
    );
    expect(result.code).toBe(1);
    const page = await readFile(join(project, "leaky.html"), "utf8");
    expect(page + result.stdout).not.toContain("maria");
    expect(page).toContain("ma…@g…");
    // The key that holds the address is named as pii check names it, by its place and type.
    expect(page).toMatch(/values\[&lt;key \d+: email&gt;\]/);
    expect(jsonOf<ReportJson>(result).omitted.join(" ")).toContain(
      "calibration (the metrics have pii check findings",
    );
  });

  it(`opens in headless Chromium: no console error, no request off the file, marks in every chart and series; screenshots${why}`, async (ctx) => {
    if (!hasChromium) {
      // CI installs Chromium (.ci/run): there its absence is a failure, not a skip.
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: .ci/run should have installed it.`);
      ctx.skip();
    }
    const profile = await mkdtemp(join(tmpdir(), "sb-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console error: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("request", (r) => {
        if (!r.url().startsWith("file://")) problems.push(`request: ${r.url()}`);
      });
      const url = pathToFileURL(report.out).href;
      await page.goto(url, { waitUntil: "load" });
      const charts = await page.evaluate((palette) => {
        const document = (globalThis as unknown as { document: Node }).document;
        return [...document.querySelectorAll("figure[data-chart]")].map((figure) => {
          const svg = figure.querySelector("svg");
          // A line drawn: a path in the series' colour with at least one segment (an empty
          // series is still a path, with d="").
          const lines = (color: string) =>
            [...(svg?.querySelectorAll(`path[fill="none"]`) ?? [])].filter(
              (p) => p.getAttribute("stroke") === color && /L/.test(p.getAttribute("d") ?? ""),
            ).length;
          const series = [...figure.querySelectorAll(".legend .key")].map((key) => {
            const style = key.dataset.style!;
            const color = key.dataset.color!;
            const marks =
              style === "line" || style === "steps"
                ? lines(color)
                : (svg?.querySelectorAll(`[ecmeta_series_index="${key.dataset.series}"]`).length ?? 0);
            return { name: key.textContent, marks };
          });
          const marks =
            (svg?.querySelectorAll("[ecmeta_series_index]").length ?? 0) +
            palette.reduce((s, c) => s + lines(c), 0);
          const box = svg?.getBoundingClientRect();
          return {
            id: figure.dataset.chart!,
            marks,
            series,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
          };
        });
      }, PALETTE);
      const expected = Object.values(report.sections).flatMap((s) => s.charts.map((c) => c.id));
      expect(charts.map((c) => c.id)).toEqual(expected);
      for (const chart of charts) {
        expect(chart.marks, `${chart.id} has no marks`).toBeGreaterThan(0);
        for (const s of chart.series)
          expect(s.marks, `${chart.id}: series ${s.name} has no marks`).toBeGreaterThan(0);
        expect(chart.width).toBeGreaterThan(200);
        expect(chart.height).toBeGreaterThan(100);
      }
      await rm(SCREENSHOTS, { recursive: true, force: true });
      await mkdir(SCREENSHOTS, { recursive: true });
      for (const id of Object.keys(report.sections))
        await page.locator(`section#${id}`).screenshot({ path: join(SCREENSHOTS, `report-${id}.png`) });
      console.log(`seedband: report screenshots in ${SCREENSHOTS}`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
