// Template snapshots on both servers: keyed by every input (a changed spec or migration is a new
// snapshot, built again), published atomically (a killed build leaves none), built once by
// concurrent builders, and leftovers of dead runs dropped while live runs' databases stay.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import {
  connect,
  createOwnedDatabase,
  dropOwnedDatabase,
  listOwnedDatabases,
  type OwnerMark,
  type RunOwner,
} from "../../src/db/index.js";
import { dropLeftovers, ensureTemplate, runOwner } from "../../src/snapshot/index.js";
import { bandTemplate } from "../../src/vitest/band-template.js";

const servers = inject("servers");
const owner = runOwner(randomBytes(8).toString("hex"));

// A project of its own with a small band, so that building is quick and nothing here shares a
// name with the ci template the other test files clone.
async function tinyProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "seedband-snapshots-"));
  await writeFile(join(root, "package.json"), '{ "name": "snapshot-test", "private": true }\n');
  await cp(join(PACKAGE_ROOT, "prisma"), join(root, "prisma"), { recursive: true });
  const preset = JSON.parse(await readFile(join(PACKAGE_ROOT, "presets", "chat.json"), "utf8"));
  preset.bands.tiny = {
    users: 60,
    conversations: 90,
    messages: 2000,
    bodyMax: 300,
    heavyMin: 100,
    heavyMax: 300,
  };
  await mkdir(join(root, "presets"));
  await writeFile(join(root, "presets", "chat.json"), JSON.stringify(preset, null, 2));
  return root;
}

const roots: string[] = [];
const made: Array<{ server: string; fingerprint: string }> = [];
afterAll(async () => {
  for (const { server, fingerprint } of made) {
    for (const d of await listOwnedDatabases(server)) {
      if (d.mark.fingerprint === fingerprint) await dropOwnedDatabase(server, d.name).catch(() => {});
    }
  }
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function databaseFlags(serverUrl: string, name: string) {
  const session = await connect(serverUrl);
  try {
    const { rows } = await session.query<{ template: boolean; connections: boolean }>(
      "SELECT datistemplate AS template, datallowconn AS connections FROM pg_database WHERE datname = $1",
      [name],
    );
    return rows[0] ?? null;
  } finally {
    await session.end();
  }
}

describe.each(servers)("template snapshots on $name", ({ url: serverUrl }) => {
  it("a changed spec or migration is a new fingerprint and a rebuild; unchanged inputs reuse", async () => {
    const root = await tinyProject();
    roots.push(root);
    const build = () => bandTemplate({ serverUrl, kind: "url", root, band: "tiny", seed: 1, owner });

    const first = await build();
    made.push({ server: serverUrl, fingerprint: first.fingerprint });
    expect(first.built).toBe(true);
    expect(await databaseFlags(serverUrl, first.name)).toEqual({ template: true, connections: false });
    const again = await build();
    expect(again).toMatchObject({ name: first.name, built: false });

    const presetFile = join(root, "presets", "chat.json");
    const preset = JSON.parse(await readFile(presetFile, "utf8"));
    preset.bands.tiny.messages = 2500;
    await writeFile(presetFile, JSON.stringify(preset, null, 2));
    const specChanged = await build();
    made.push({ server: serverUrl, fingerprint: specChanged.fingerprint });
    expect(specChanged.fingerprint).not.toBe(first.fingerprint);
    expect(specChanged.name).not.toBe(first.name);
    expect(specChanged.built).toBe(true);

    const migration = join(root, "prisma", "migrations", "20250201000000_handle_index");
    await mkdir(migration);
    await writeFile(
      join(migration, "migration.sql"),
      'CREATE INDEX "users_displayName_idx" ON "users" ("displayName");\n',
    );
    const migrationAdded = await build();
    made.push({ server: serverUrl, fingerprint: migrationAdded.fingerprint });
    expect(new Set([first.name, specChanged.name, migrationAdded.name]).size).toBe(3);
    expect(migrationAdded.built).toBe(true);
    // The earlier snapshots stay published: going back to old inputs costs nothing.
    expect(await databaseFlags(serverUrl, first.name)).toEqual({ template: true, connections: false });
  });

  it("concurrent builders of one snapshot: one builds, the others wait and reuse it", async () => {
    const fingerprint = `concurrent-${randomBytes(6).toString("hex")}`;
    made.push({ server: serverUrl, fingerprint });
    const source = `seedband_src_${randomBytes(6).toString("hex")}`;
    const mark: OwnerMark = {
      v: 1,
      band: "conc",
      seed: 1,
      fingerprint,
      status: "complete",
      createdAt: new Date().toISOString(),
    };
    await createOwnedDatabase(serverUrl, source, mark);
    let builds = 0;
    const waited: string[] = [];
    const builder = (i: number) =>
      ensureTemplate({
        serverUrl,
        band: "conc",
        seed: 1,
        fingerprint,
        owner,
        onEvent: (m) => m.startsWith("waiting") && waited.push(`${i}`),
        build: async () => {
          builds++;
          await new Promise((done) => setTimeout(done, 400));
          return source;
        },
      });
    const results = await Promise.all([builder(1), builder(2), builder(3)]);
    expect(builds).toBe(1);
    expect(results.filter((r) => r.built)).toHaveLength(1);
    expect(new Set(results.map((r) => r.name)).size).toBe(1);
    expect(waited.length).toBeGreaterThan(0);
    const published = (await listOwnedDatabases(serverUrl)).filter((d) => d.mark.fingerprint === fingerprint);
    // The source and exactly one snapshot; no temporary build database left.
    expect(published.map((d) => d.mark.kind ?? "band").sort()).toEqual(["band", "snapshot"]);
  });
});

describe("a killed build", () => {
  const { url: serverUrl } = servers[servers.length - 1]!;

  it("leaves no published snapshot; the next build publishes one", async () => {
    const root = await tinyProject();
    roots.push(root);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "jiti/register",
        join(PACKAGE_ROOT, "test/integration/fixtures/snapshot-builder.ts"),
        serverUrl,
        root,
        "tiny",
        "3",
      ],
      { cwd: PACKAGE_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.setEncoding("utf8");
    // Killed while it seeds the band (the snapshot is published only after that).
    await new Promise<void>((done, fail) => {
      child.stdout.on("data", (chunk: string) => {
        output += chunk;
        if (output.includes("seeding band tiny")) setTimeout(done, 300);
      });
      child.on("exit", () => fail(new Error(`the builder finished before it was killed:\n${output}`)));
    });
    child.kill("SIGKILL");
    await new Promise((done) => child.once("exit", done));
    expect(output).not.toContain("published");

    const rebuilt = await bandTemplate({ serverUrl, kind: "url", root, band: "tiny", seed: 3, owner });
    made.push({ server: serverUrl, fingerprint: rebuilt.fingerprint });
    // Had the killed builder published anything under this key, this build would have reused it.
    expect(rebuilt.built).toBe(true);
    const mine = (await listOwnedDatabases(serverUrl)).filter(
      (d) => d.mark.fingerprint === rebuilt.fingerprint && d.mark.seed === 3,
    );
    expect(mine.filter((d) => d.mark.kind === "snapshot").map((d) => [d.name, d.mark.status])).toEqual([
      [rebuilt.name, "complete"],
    ]);
  });
});

describe("leftovers of dead runs", () => {
  const { url: serverUrl } = servers[servers.length - 1]!;

  it("are dropped; databases of live runs and of other hosts stay", async () => {
    const dead = spawn(process.execPath, ["-e", ""]);
    const deadPid = dead.pid!;
    await new Promise((done) => dead.once("exit", done));
    const fingerprint = `leftover-${randomBytes(6).toString("hex")}`;
    made.push({ server: serverUrl, fingerprint });
    const owners: Record<string, RunOwner> = {
      dead: { runId: "dead", pid: deadPid, host: hostname() },
      live: owner,
      elsewhere: { runId: "elsewhere", pid: deadPid, host: `not-${hostname()}` },
    };
    const names: Record<string, string> = {};
    for (const [which, o] of Object.entries(owners)) {
      names[which] = `seedband_t_left_${randomBytes(5).toString("hex")}`;
      await createOwnedDatabase(serverUrl, names[which]!, {
        v: 1,
        kind: "clone",
        band: "left",
        fingerprint,
        status: "complete",
        owner: o,
        createdAt: new Date().toISOString(),
        project: fingerprint,
      });
    }
    // Another project's dead clone is not this project's to drop.
    names.otherProject = `seedband_t_left_${randomBytes(5).toString("hex")}`;
    await createOwnedDatabase(serverUrl, names.otherProject, {
      v: 1,
      kind: "clone",
      band: "left",
      fingerprint,
      status: "complete",
      owner: owners.dead!,
      createdAt: new Date().toISOString(),
      project: `other-${fingerprint}`,
    });
    const dropped = await dropLeftovers(serverUrl, fingerprint);
    expect(dropped).not.toContain(names.otherProject);
    expect(await dropLeftovers(serverUrl, `other-${fingerprint}`)).toEqual([names.otherProject]);
    expect(dropped).toContain(names.dead);
    expect(dropped).not.toContain(names.live);
    expect(dropped).not.toContain(names.elsewhere);
    const left = (await listOwnedDatabases(serverUrl)).map((d) => d.name);
    expect(left).not.toContain(names.dead);
    expect(left).toEqual(expect.arrayContaining([names.live, names.elsewhere]));
  });
});
