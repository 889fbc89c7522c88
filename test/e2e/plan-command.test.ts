// `seedband plan`: what a band will hold, read without a server — rows, generation parents and
// fan-outs, and each column's generator with the rule that chose it — on a schema that is not
// chat, with an override of seedband.config.ts shown as such.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonOf, makeProject, runCli, STACK_TRACE, useFixtureSchema } from "./helpers.js";

interface Report {
  band: string;
  models: Array<{
    model: string;
    rows: number;
    parent?: { model: string };
    root?: string;
    fanOut?: unknown;
    tenant?: string;
    relations: Array<{ relation: string; kind: string; via?: string }>;
    fields?: Array<{ field: string; from: string; generator: string; rule?: string }>;
  }>;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function projectManagement(): Promise<string> {
  const dir = await makeProject();
  dirs.push(dir);
  await useFixtureSchema(dir, "project-management");
  return dir;
}

describe("seedband plan", () => {
  it("prints per model the rows, the parent and fan-out, and per column the generator and its rule", async () => {
    const dir = await projectManagement();
    const result = await runCli(["plan", "ci", "--json"], { cwd: dir, env: { DATABASE_URL: undefined } });
    expect(result.code, result.stderr).toBe(0);
    const report = jsonOf<Report>(result);
    const byName = Object.fromEntries(report.models.map((m) => [m.model, m]));
    expect(report.band).toBe("ci");
    expect(byName.Workspace?.root).toBeTruthy();
    expect(byName.Project?.parent?.model).toBe("Workspace");
    expect(byName.Project?.fanOut).toBeDefined();
    expect(byName.Project?.rows).toBeGreaterThan(0);
    // Tenants: a task belongs to its workspace; its assignee is a member of that workspace.
    expect(byName.Task?.tenant).toBe("Workspace");
    expect(byName.Task?.relations.find((r) => r.relation === "assignee")).toMatchObject({ kind: "member" });
    const color = byName.Project?.fields?.find((f) => f.field === "color");
    expect(color).toMatchObject({ from: "inferred", rule: "name:color" });
    // The text form says the same.
    const text = await runCli(["plan", "ci"], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Project \(projects\): [\d,]+ rows, under Workspace.*; tenant Workspace$/m);
    expect(text.stdout).toContain("[rule name:color]");
  });

  it("names a seedband.config.ts override as the config's, and refuses an unknown band with exit 2", async () => {
    const dir = await projectManagement();
    await writeFile(
      join(dir, "seedband.config.ts"),
      `export default { models: { Project: { fields: { color: () => "#000000" } } } };\n`,
    );
    const result = await runCli(["plan", "ci", "--json"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const project = jsonOf<Report>(result).models.find((m) => m.model === "Project");
    expect(project?.fields?.find((f) => f.field === "color")?.from).toBe("config");
    const bad = await runCli(["plan", "cii"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown band "cii"/);
    expect(bad.stderr).not.toMatch(STACK_TRACE);
  });
});
