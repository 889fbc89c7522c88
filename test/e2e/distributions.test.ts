// `seedband verify --distributions`: the loaded data measured against its spec passes, and the
// same data measured against a different spec fails (exit 1) naming what is off.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { chatPreset, dropDatabase, hex, jsonOf, makeProject, runCli, STACK_TRACE } from "./helpers.js";

const server = inject("servers")[0]!.url;
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(server, name).catch(() => {});
});

interface Checks {
  status: string;
  database: { name: string };
  distributions: Array<{
    check: string;
    pass: boolean;
    measured: number;
    expected: number;
    tolerance: number;
  }>;
}

describe("verify --distributions", () => {
  it("passes on data generated from the spec and fails against another spec", async () => {
    const dir = await makeProject();
    // A band name of its own: verify picks the latest database of the band on a shared server.
    const band = `dist${hex(3)}`;
    const preset = await chatPreset();
    preset.bands = { [band]: (preset.bands as Record<string, unknown>).ci };
    await mkdir(join(dir, "presets"));
    const file = join(dir, "presets", "mine.json");
    await writeFile(file, JSON.stringify(preset));
    const seeded = await runCli(
      ["seed", band, "--preset", "mine", "--seed", "141", "--json", "--database-url", server],
      { cwd: dir },
    );
    expect(seeded.code, seeded.stderr).toBe(0);
    created.push(jsonOf<Checks>(seeded).database.name);

    const ok = await runCli(["verify", band, "--distributions", "--json", "--database-url", server], {
      cwd: dir,
    });
    expect(ok.code, ok.stderr).toBe(0);
    const checks = jsonOf<Checks>(ok).distributions;
    const names = checks.map((c) => c.check);
    expect(names).toEqual(
      expect.arrayContaining([
        "Message.conversation fan-out: power-law alpha (body, MLE)",
        "Message.content length: log-normal mu",
        "Message.content length: log-normal sigma",
        "Message.createdAt: hour-of-day histogram L1 vs profile",
        "Message.createdAt: burst coefficient (inter-arrival CV in peak hours, profile time)",
      ]),
    );
    expect(checks.every((c) => c.pass)).toBe(true);

    // The preset changes after the seed: the data no longer matches it.
    const other = JSON.parse(JSON.stringify(preset));
    other.models.Message.fanOut.powerLaw.alpha = 2.6;
    other.models.Message.fields.content.text.length.logNormal.mu = 3.5;
    other.profiles.chat.burst = 4;
    await writeFile(file, JSON.stringify(other));
    const off = await runCli(["verify", band, "--distributions", "--database-url", server], { cwd: dir });
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(
      /FAIL Message\.conversation fan-out: power-law alpha \(body, MLE\): [\d.]+ \(expected 2\.6 ± 0\.1\)/,
    );
    expect(off.stderr).toMatch(
      /FAIL Message\.content length: log-normal mu: [\d.]+ \(expected 3\.5 ± 0\.05\)/,
    );
    expect(off.stderr).toMatch(
      /FAIL Message\.createdAt: burst coefficient \(inter-arrival CV in peak hours, profile time\): [\d.]+ \(expected 4 ± [\d.]+\)/,
    );
    expect(off.stderr).not.toMatch(STACK_TRACE);
  });
});
