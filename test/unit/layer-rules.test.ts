// The layer rules `npm run lint` runs (docs/architecture.md, Layer rules), each broken on purpose
// in a small tree of its own: dependency-cruiser with the project's .dependency-cruiser.cjs, and
// Biome with the project's biome.json and lint/no-clock.grit. A rule that stopped catching what
// it names fails here; the project's own tree passing is `npm run lint` itself.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/config/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sb-layers-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe("dependency-cruiser rules", () => {
  const files = {
    "tsconfig.json": JSON.stringify({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true },
      include: ["src"],
    }),
    "src/db/index.ts": "export const db = 1;\n",
    "src/cli/index.ts": "export const cli = 1;\n",
    "src/vitest/index.ts": "export const plugin = 1;\n",
    "src/load/index.ts": 'export { a } from "./a.js";\n',
    "src/load/a.ts": 'import { b } from "./b.js";\nexport const a = b;\n',
    "src/load/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
    "src/load/prints.ts": 'import { cli } from "../cli/index.js";\nexport const p = cli;\n',
    "src/load/raw-pg.ts": 'import pg from "pg";\nexport const client = pg.Client;\n',
    "src/generate/reads-files.ts":
      'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
    "src/generate/needs-db.ts": 'import { db } from "../db/index.js";\nexport const n = db;\n',
    "src/report/reads-files.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
    "src/cli/uses-plugin.ts": 'import { plugin } from "../vitest/index.js";\nexport const u = plugin;\n',
    "src/pipeline/deep.ts": 'import { b } from "../load/b.js";\nexport const d = b;\n',
    "src/pipeline/ok.ts": 'import { a } from "../load/index.js";\nexport const ok = a;\n',
  };

  it("each rule catches the import it forbids, and lets a face import pass", () => {
    const root = tree(files);
    symlinkSync(join(PACKAGE_ROOT, "node_modules"), join(root, "node_modules"));
    const run = spawnSync(
      process.execPath,
      [
        join(PACKAGE_ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs"),
        "src",
        "--config",
        join(PACKAGE_ROOT, ".dependency-cruiser.cjs"),
        "--output-type",
        "json",
      ],
      { cwd: root, encoding: "utf8", maxBuffer: 16 << 20 },
    );
    const violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary
      .violations;
    const broken = (rule: string) =>
      violations
        .filter((v) => v.rule.name === rule)
        .map((v) => `${v.from} -> ${v.to.replace(/^.*node_modules\//, "node_modules/")}`);
    expect(broken("no-circular").some((v) => v.startsWith("src/load/a.ts -> src/load/b.ts"))).toBe(true);
    expect(broken("pure-core-no-io")).toEqual(["src/generate/reads-files.ts -> fs"]);
    expect(broken("pure-core-no-server-stages")).toEqual(["src/generate/needs-db.ts -> src/db/index.ts"]);
    expect(broken("report-reads-no-files")).toEqual(["src/report/reads-files.ts -> fs"]);
    expect(broken("no-stage-imports-a-face")).toEqual(["src/load/prints.ts -> src/cli/index.ts"]);
    expect(broken("faces-do-not-import-each-other")).toEqual([
      "src/cli/uses-plugin.ts -> src/vitest/index.ts",
    ]);
    expect(broken("only-db-imports-pg")).toEqual([
      expect.stringMatching(/^src\/load\/raw-pg\.ts -> node_modules\/pg\//),
    ]);
    expect(broken("through-faces-only")).toEqual(["src/pipeline/deep.ts -> src/load/b.ts"]);
    expect(violations.filter((v) => v.from === "src/pipeline/ok.ts")).toEqual([]);
  }, 60_000);
});

describe("Biome rules", () => {
  it("function and file length in the middle of the house, the clock in the pure core and the report", () => {
    const config = JSON.parse(readFileSync(join(PACKAGE_ROOT, "biome.json"), "utf8"));
    const statements = (n: number) => Array.from({ length: n }, (_, i) => `  total += ${i};`).join("\n");
    const root = tree({
      // Outside a git checkout: Biome reads no .gitignore there.
      "biome.json": JSON.stringify({ ...config, vcs: { enabled: false } }),
      "src/pipeline/long-function.ts": `export function long(): number {\n  let total = 0;\n${statements(65)}\n  return total;\n}\n`,
      "src/pipeline/short-function.ts": `export function short(): number {\n  let total = 0;\n${statements(50)}\n  return total;\n}\n`,
      "src/pipeline/seed-long-file.ts":
        Array.from({ length: 260 }, (_, i) => `export const c${i} = ${i};`).join("\n") + "\n",
      "src/generate/clock.ts": "export const now = Date.now();\nexport const at = new Date(0);\n",
      "src/load/clock.ts": "export const now = Date.now();\n",
      "src/report/clock.ts": "export const stamp = new Date().toISOString();\n",
    });
    cpSync(join(PACKAGE_ROOT, "lint"), join(root, "lint"), { recursive: true });
    let out: string;
    try {
      out = execFileSync(
        process.execPath,
        [
          join(PACKAGE_ROOT, "node_modules", "@biomejs", "biome", "bin", "biome"),
          "lint",
          "--reporter=json",
          ".",
        ],
        {
          cwd: root,
          encoding: "utf8",
        },
      );
    } catch (error) {
      out = (error as { stdout: string }).stdout;
    }
    const diagnostics = (
      JSON.parse(out) as {
        diagnostics: Array<{ category: string; location: { path: string; start: { line: number } } }>;
      }
    ).diagnostics.map((d) => `${d.category} ${d.location.path}:${d.location.start.line}`);
    expect(diagnostics.sort()).toEqual([
      "lint/complexity/noExcessiveLinesPerFunction src/pipeline/long-function.ts:1",
      "lint/style/noExcessiveLinesPerFile src/pipeline/seed-long-file.ts:1",
      "plugin src/generate/clock.ts:1",
      "plugin src/report/clock.ts:1",
    ]);
  }, 60_000);
});
