// The project's identity in owner marks (config/project.ts projectId): stable for one project,
// different for another root or package name, no path in clear, SEEDBAND_PROJECT replacing both;
// and the lock wait setting (db/build-lock.ts lockWaitSeconds).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectId } from "../../src/config/project.js";
import { DEFAULT_LOCK_WAIT_SECONDS, lockWaitSeconds } from "../../src/db/build-lock.js";
import { databaseNameFor } from "../../src/generate/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sb-id-"));
  dirs.push(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name }));
  return dir;
}

describe("projectId", () => {
  it("is 16 hex digits, the same on every call, and names no path", () => {
    const root = project("app");
    const id = projectId(root, {});
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(projectId(root, {})).toBe(id);
    expect(id).not.toContain("sb-id-");
  });

  it("differs for another root, and for another package name in the same root", () => {
    const a = project("app");
    const b = project("app");
    expect(projectId(a, {})).not.toBe(projectId(b, {}));
    const before = projectId(a, {});
    writeFileSync(join(a, "package.json"), JSON.stringify({ name: "other-app" }));
    expect(projectId(a, {})).not.toBe(before);
  });

  it("is SEEDBAND_PROJECT's when set, wherever the project lives", () => {
    const env = { SEEDBAND_PROJECT: "ci-shards" };
    expect(projectId(project("x"), env)).toBe(projectId(project("y"), env));
    expect(projectId(project("x"), env)).not.toBe(projectId(project("x"), { SEEDBAND_PROJECT: "other" }));
  });

  it("gives two projects different database names for the same band, seed and fingerprint", () => {
    const fp = "f".repeat(64);
    const [a, b] = [projectId(project("a"), {}), projectId(project("b"), {})];
    expect(databaseNameFor("ci", 1, fp, a)).not.toBe(databaseNameFor("ci", 1, fp, b));
    expect(databaseNameFor("ci", 1, fp, a)).toMatch(/^seedband_ci_[0-9a-f]{12}$/);
    expect(databaseNameFor("ci", 1, fp)).toBe(databaseNameFor("ci", 1, fp, undefined));
  });
});

describe("lockWaitSeconds", () => {
  it.each([
    [undefined, DEFAULT_LOCK_WAIT_SECONDS],
    ["0", 0],
    ["12.5", 12.5],
    ["-1", DEFAULT_LOCK_WAIT_SECONDS],
    ["soon", DEFAULT_LOCK_WAIT_SECONDS],
    ["", DEFAULT_LOCK_WAIT_SECONDS],
  ])("SEEDBAND_LOCK_WAIT_SECONDS=%s waits %s s", (raw, seconds) => {
    expect(lockWaitSeconds(raw === undefined ? {} : { SEEDBAND_LOCK_WAIT_SECONDS: raw })).toBe(seconds);
  });
});
