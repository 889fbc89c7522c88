// Credentials never printed on success either: a seed, verify and snapshot list on a URL carrying a
// password in its user part and as ?password= print it nowhere (stdout, stderr, run records), nor
// the user. And the temporary folders of killed snapshot saves are removed by the next list or
// prune — only those whose process no longer runs.
import { spawnSync } from "node:child_process";
import { mkdir, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  chatPreset,
  dropDatabase,
  hex,
  jsonOf,
  makeProject,
  runCli,
  runRecordTexts,
  seedbandMarks,
} from "./helpers.js";

const server = inject("servers")[0]!.url;
const band = `sec${hex(3)}`;
let project: string;

beforeAll(async () => {
  project = await makeProject();
  const preset = await chatPreset();
  preset.bands = {
    [band]: { users: 20, conversations: 12, messages: 300, bodyMax: 50, heavyMin: 40, heavyMax: 60 },
  };
  await mkdir(join(project, "presets"));
  await writeFile(join(project, "presets", "chat.json"), JSON.stringify(preset));
});

afterAll(async () => {
  for (const { name, mark } of await seedbandMarks(server))
    if (mark.band === band) await dropDatabase(server, name);
  // list and prune ran on the project's own embedded server (prune drops leftovers server-wide).
  const down = await runCli(["db", "down"], { cwd: project, env: { DATABASE_URL: undefined } });
  if (down.code !== 0) throw new Error(`db down failed in ${project}: ${down.stderr}`);
  await rm(project, { recursive: true, force: true });
});

describe("secrets in a URL that works", () => {
  it("seed, verify and snapshot list print neither the password nor the user, nor write them in run records", async () => {
    // The test server trusts local connections: the password is accepted and ignored.
    const url = new URL(server);
    const user = url.username || "postgres";
    url.username = user;
    url.password = "sb-userinfo-pass";
    url.searchParams.set("password", "sb-query-pass");
    const withSecrets = url.toString();
    const outputs: string[] = [];
    const seed = await runCli(["seed", band, "--json", "--database-url", withSecrets], { cwd: project });
    expect(seed.code, seed.stderr).toBe(0);
    const record = jsonOf<{ database: { url: string } }>(seed);
    expect(record.database.url).toMatch(/^postgresql:\/\/\*\*\*:\*\*\*@[^/]+\/seedband_sec/);
    outputs.push(seed.stdout, seed.stderr);
    const human = await runCli(["seed", band], { cwd: project, env: { DATABASE_URL: withSecrets } });
    expect(human.code, human.stderr).toBe(0);
    outputs.push(human.stdout, human.stderr);
    for (const args of [
      ["verify", band, "--json"],
      ["verify", band],
      ["snapshot", "list"],
      ["db", "status"],
    ]) {
      const r = await runCli([...args, "--database-url", withSecrets], { cwd: project });
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      outputs.push(r.stdout, r.stderr);
    }
    const records = (await runRecordTexts(project)).map((r) => r.text);
    expect(records.length).toBeGreaterThanOrEqual(4);
    const all = [...outputs, ...records].join("\n");
    expect(all).toContain("***");
    expect(all).not.toContain("sb-userinfo-pass");
    expect(all).not.toContain("sb-query-pass");
    expect(all).not.toContain(`${user}:`);
    expect(all).not.toContain(`${user}@`);
  });
});

describe("temporary folders of killed snapshot saves", () => {
  it("list and prune remove those of dead processes only", async () => {
    const dir = join(project, "snapshots");
    await mkdir(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    const host = hostname();
    const folders = {
      dead: `.${band}-s1-0123456789ab.tmp-${dead}@${host}-0badc0de`,
      live: `.${band}-s1-0123456789ab.tmp-${process.pid}@${host}-0000beef`,
      otherHost: `.${band}-s1-0123456789ab.tmp-${dead}@not-${host}-12345678`,
      oldUnowned: `.${band}-s2-0123456789ab.tmp-abcdef12`,
      newUnowned: `.${band}-s3-0123456789ab.tmp-fedcba98`,
    };
    for (const name of Object.values(folders)) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, "users.copy"), "1\tx\n");
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(join(dir, folders.oldUnowned), twoDaysAgo, twoDaysAgo);
    // On the project's own embedded server: prune drops other runs' leftovers on its server.
    const own = { cwd: project, env: { DATABASE_URL: undefined }, timeoutMs: 180_000 };
    const list = await runCli(["snapshot", "list", "--dir", dir], own);
    expect(list.code, list.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([folders.live, folders.otherHost, folders.newUnowned].sort());
    // Prune says what it removed; the live save's folder stays.
    await mkdir(join(dir, folders.dead));
    const prune = await runCli(["snapshot", "prune", "--dir", dir, "--json"], own);
    expect(prune.code, prune.stderr).toBe(0);
    expect(jsonOf<{ removed: string[] }>(prune).removed).toEqual([join(dir, folders.dead)]);
    expect(await readdir(dir)).toContain(folders.live);
  });
});
