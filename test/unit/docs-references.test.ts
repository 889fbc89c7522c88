// Every docs page a message or --help cites is one the package ships: "docs" is in package.json's
// files, and each cited page exists under docs/ (issue 15: messages pointed at files users lack).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/config/project.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("docs references in messages", () => {
  const cited = new Map<string, string>();
  for (const file of sources(join(PACKAGE_ROOT, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/docRef\("([^"]+)"\)|node_modules\/seedband\/docs\/([\w-]+\.md)/g))
      cited.set(m[1] ?? m[2]!, file);
  }

  it("the package ships docs/", () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { files: string[] };
    expect(pkg.files).toContain("docs");
  });

  it("cites pages that exist (and cites some)", () => {
    expect(cited.size).toBeGreaterThanOrEqual(3);
    for (const [page, file] of cited)
      expect(statSync(join(PACKAGE_ROOT, "docs", page)).isFile(), `${file} cites ${page}`).toBe(true);
  });

  it("no message cites a bare docs/ path a user's project does not have", () => {
    for (const file of sources(join(PACKAGE_ROOT, "src"))) {
      const code = readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
        .join("\n");
      expect(code, file).not.toMatch(/[`"'(\s]docs\/[\w-]+\.md/);
    }
  });
});
