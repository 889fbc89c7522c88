// What `seedband init` writes into files a user already has: the Vitest plugin only when the edit
// is unambiguous, .seedband/ in .gitignore once.
import { describe, expect, it } from "vitest";
import { PLUGIN_IMPORT, withGitignore, withPlugin } from "../../src/cli/init-files.js";

describe("withPlugin", () => {
  it("adds the plugin to the one plugins array, and the import after the last import", () => {
    const text = `import { defineConfig } from "vitest/config";\nimport react from "@vitejs/plugin-react";\n\nexport default defineConfig({\n  plugins: [react()],\n});\n`;
    const edited = withPlugin(text)!;
    expect(edited.split("\n")[2]).toBe(PLUGIN_IMPORT);
    expect(edited).toContain('plugins: [seedband({ band: "ci" }), react()],');
  });

  it("an empty plugins array gets no stray comma", () => {
    const text = `import { defineConfig } from "vitest/config";\nexport default defineConfig({ plugins: [] });\n`;
    expect(withPlugin(text)).toContain('plugins: [seedband({ band: "ci" })]');
  });

  it("adds a plugins key to the one defineConfig({ when there is none", () => {
    const text = `import { defineConfig } from "vitest/config";\nexport default defineConfig({\n  test: {},\n});\n`;
    expect(withPlugin(text)).toContain('defineConfig({\n  plugins: [seedband({ band: "ci" })],\n  test: {},');
  });

  it("refuses what it cannot edit safely: two plugin arrays, no defineConfig, no imports", () => {
    const two = `import { defineConfig } from "vitest/config";\nexport default defineConfig({ plugins: [], test: { projects: [{ plugins: [] }] } });\n`;
    expect(withPlugin(two)).toBeUndefined();
    expect(withPlugin(`import base from "./base";\nexport default base;\n`)).toBeUndefined();
    expect(withPlugin(`module.exports = { plugins: [] };\n`)).toBeUndefined();
  });
});

describe("withGitignore", () => {
  it("appends .seedband/ (adding a missing final newline), once", () => {
    const once = withGitignore("node_modules")!;
    expect(once.split("\n")).toEqual(expect.arrayContaining(["node_modules", ".seedband/"]));
    expect(withGitignore(once)).toBeUndefined();
    expect(withGitignore(undefined)).toMatch(/\.seedband\/\n$/);
  });

  it("an existing rule for the folder counts, in any of its spellings", () => {
    for (const rule of [".seedband", ".seedband/", "/.seedband/", ".seedband/**"])
      expect(withGitignore(`dist\n${rule}\n`)).toBeUndefined();
    expect(withGitignore(".seedband-old/\n")).toBeDefined();
  });
});
