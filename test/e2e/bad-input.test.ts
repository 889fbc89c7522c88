// The bad-input corpus (test/e2e/bad-input/): each case runs the CLI as a user would, in a
// temporary project whose band is named for this run, and must exit with its code, print no stack
// trace, name the place at fault and a fix, print none of its secrets or planted personal data,
// and leave the server's databases of that band as they were (by name and mark; the runner has
// loaded the band once, so a refusal that dropped the good database would show). Other test
// files use the same server at the same time: only databases of this run's band are compared.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CONFIG_CASES, GENERATOR_CASES } from "./bad-input/config.js";
import type { BadInputCase, CorpusContext, PresetDocument } from "./bad-input/corpus.js";
import { FLAG_CASES, URL_CASES } from "./bad-input/flags-and-urls.js";
import { MANIFEST_CASES } from "./bad-input/manifests.js";
import { METRICS_CASES } from "./bad-input/metrics.js";
import { PII_FILE_CASES } from "./bad-input/pii-files.js";
import { SCHEMA_CASES } from "./bad-input/schema.js";
import { SNAPSHOT_CASES } from "./bad-input/snapshots.js";
import { SPEC_CASES } from "./bad-input/spec.js";
import { chatPreset, dropDatabase, hex, jsonOf, makeProject, query, runCli, STACK_TRACE } from "./helpers.js";

const AREAS: Array<[string, BadInputCase[]]> = [
  ["schema", SCHEMA_CASES],
  ["spec", SPEC_CASES],
  ["config", CONFIG_CASES],
  ["generator output", GENERATOR_CASES],
  ["metrics (calibrate)", METRICS_CASES],
  ["manifests (load)", MANIFEST_CASES],
  ["snapshots (restore)", SNAPSHOT_CASES],
  ["flags", FLAG_CASES],
  ["urls", URL_CASES],
  ["pii check and calibrate inputs", PII_FILE_CASES],
];

const server = inject("servers")[0]!.url;
const CASES = AREAS.reduce((n, [, cases]) => n + cases.length, 0);
const band = `bad${hex(3)}`;
let project: string;
let presetText: string;
let fixture: string;
let loaded: string | undefined;
let counter = 0;

/** The databases of this run's band on the server: name and comment (seedband's mark). */
async function bandDatabases(): Promise<Array<{ name: string; comment: string | null }>> {
  return query<{ name: string; comment: string | null }>(
    server,
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database
      WHERE datname LIKE '%' || $1 || '%' OR shobj_description(oid, 'pg_database') LIKE '%"band":"' || $1 || '"%'
      ORDER BY 1`,
    [band],
  );
}

const ctx: CorpusContext = {
  get project() {
    return project;
  },
  server,
  band,
  async generated() {
    const dir = join(project, "cases", `gen-${++counter}`);
    await cp(join(fixture, "generated"), dir, { recursive: true });
    return dir;
  },
  async snapshot() {
    const dir = join(project, "cases", `snapshots-${++counter}`);
    await cp(join(fixture, "snapshots"), dir, { recursive: true });
    const [name] = (await readdir(dir)).filter((n) => !n.startsWith("."));
    return { dir, path: join(dir, name!) };
  },
  async scratch() {
    const dir = join(project, "cases", `scratch-${++counter}`);
    await mkdir(dir, { recursive: true });
    return dir;
  },
  async preset(edit) {
    const preset = JSON.parse(presetText) as PresetDocument;
    edit?.(preset);
    const file = join(await ctx.scratch(), "preset.json");
    await writeFile(file, JSON.stringify(preset, null, 2));
    return file;
  },
  async subProject(files) {
    const dir = join(project, "cases", `project-${++counter}`);
    await mkdir(join(dir, "presets"), { recursive: true });
    await writeFile(join(dir, "package.json"), `${JSON.stringify({ name: "sb-e2e-case", private: true })}\n`);
    await cp(join(project, "prisma"), join(dir, "prisma"), { recursive: true });
    await writeFile(join(dir, "presets", "chat.json"), presetText);
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  },
};

beforeAll(async () => {
  project = await makeProject();
  const preset = await chatPreset();
  // A small band: the corpus is about refusals, not volume.
  preset.bands = {
    [band]: { users: 20, conversations: 12, messages: 300, bodyMax: 50, heavyMin: 40, heavyMax: 60 },
  };
  await mkdir(join(project, "presets"));
  presetText = JSON.stringify(preset);
  await writeFile(join(project, "presets", "chat.json"), presetText);
  fixture = await mkdtemp(join(project, "fixture-"));
  const generated = join(fixture, "generated");
  const gen = await runCli(["generate", band, "--out", generated, "--json"], { cwd: project });
  expect(gen.code, gen.stderr).toBe(0);
  const manifest = jsonOf<{
    fingerprint: string;
    preset: string;
    schemaFingerprint: string;
    seedbandVersion: string;
  }>(gen);
  // A logical snapshot as `snapshot save` writes it: the generated folder and a snapshot.json.
  const snapshot = join(fixture, "snapshots", `${band}-s1-${manifest.fingerprint.slice(0, 12)}`);
  await cp(generated, snapshot, { recursive: true });
  await writeFile(
    join(snapshot, "snapshot.json"),
    JSON.stringify({
      version: 1,
      kind: "logical",
      band,
      seed: 1,
      preset: manifest.preset,
      fingerprint: manifest.fingerprint,
      schemaFingerprint: manifest.schemaFingerprint,
      seedbandVersion: manifest.seedbandVersion,
      pgMajor: 15,
      database: "unknown",
      createdAt: "2025-01-01T00:00:00.000Z",
    }),
  );
  // The band's good database, which no refusal may drop or change; loading it from the
  // fixture also shows the fixture itself is good.
  const load = await runCli(["load", generated, "--json", "--database-url", server], { cwd: project });
  expect(load.code, load.stderr).toBe(0);
  loaded = jsonOf<{ database: { name: string } }>(load).database.name;
}, 240_000);

afterAll(async () => {
  for (const { name } of await bandDatabases().catch(() => []))
    await dropDatabase(server, name).catch(() => {});
  if (project) await rm(project, { recursive: true, force: true });
});

it(`the corpus holds at least 100 cases (${CASES})`, () => {
  console.log(`bad-input corpus: ${CASES} cases (${AREAS.map(([a, c]) => `${a} ${c.length}`).join(", ")})`);
  expect(CASES).toBeGreaterThanOrEqual(100);
});

describe.each(AREAS)("bad input: %s", (_area, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const before = await bandDatabases();
    expect(before.map((d) => d.name)).toContain(loaded);
    const run = await c.setup(ctx);
    const args = c.server === false ? run.args : [...run.args, "--database-url", server];
    const result = await runCli(args, { cwd: run.cwd ?? project, env: run.env ?? {} });
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(c.exit);
    expect(output).not.toMatch(STACK_TRACE);
    expect(result.stderr).not.toMatch(/unexpected failure/);
    for (const where of run.where)
      if (typeof where === "string") expect(result.stderr).toContain(where);
      else expect(result.stderr).toMatch(where);
    expect(result.stderr).toMatch(c.fix ?? /\bFix\b/);
    for (const secret of run.never ?? []) expect(output).not.toContain(secret);
    expect(await bandDatabases()).toEqual(before);
    // The run records written meanwhile hold no secret either.
    const records = await readRunRecords();
    for (const secret of run.never ?? []) expect(records).not.toContain(secret);
  });
});

async function readRunRecords(): Promise<string> {
  const dir = join(project, ".seedband", "runs");
  const names = await readdir(dir).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), "utf8")));
  return texts.join("\n");
}
