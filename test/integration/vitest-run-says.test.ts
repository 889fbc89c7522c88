// What the Vitest plugin's global setup says (issue 15): one line for the server it uses and why
// the providers before it were skipped, one per band template: built (and why) or reused. Runs
// the runner-neutral setup twice on a copy of the Prisma 7 fixture project, on the system server.
import { chmod, cp, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropOwnedDatabase } from "../../src/db/index.js";
import { startSeedbandRun } from "../../src/vitest/index.js";
import { PACKAGE_ROOT, seedbandMarks } from "../e2e/helpers.js";

const server = inject("servers")[0]!.url;
const SEED = 163; // this file's own: its databases are found and dropped by it
let dir: string | undefined;
afterAll(async () => {
  for (const { name, mark } of await seedbandMarks(server))
    if (mark.seed === SEED) await dropOwnedDatabase(server, name).catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the plugin's global setup says what happened", () => {
  it("names the server and why others were skipped, then built the template, then reused it", async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), "sb-run-says-")));
    await chmod(dir, 0o755);
    await cp(join(PACKAGE_ROOT, "test/fixtures/prisma7-config"), dir, { recursive: true });
    await writeFile(join(dir, "package.json"), "{}\n");
    const project = { provide: () => {} };
    const runOnce = async (options: Parameters<typeof startSeedbandRun>[1]) => {
      const lines: string[] = [];
      const run = await startSeedbandRun(project, options, (m) => lines.push(m));
      await run.teardown();
      return lines;
    };
    const options = { root: dir, band: "ci", seed: SEED, provider: "url" as const, databaseUrl: server };
    const first = await runOnce(options);
    expect(first[0]).toMatch(/^server: url, postgresql:\/\//);
    expect(first.filter((l) => l.startsWith("template "))).toEqual([
      expect.stringMatching(
        /^template ci \(seed 163\): built seedband_snap_\S+: none of fingerprint \w{12} on this server yet \(first run, or the schema/,
      ),
    ]);
    const second = await runOnce(options);
    expect(second.filter((l) => l.startsWith("template "))).toEqual([
      expect.stringMatching(
        /^template ci \(seed 163\): reused seedband_snap_\S+ \(same fingerprint \w{12}\)$/,
      ),
    ]);
  });
});
