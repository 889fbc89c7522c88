// seedband as a new user meets it: the package `npm pack` makes (so only what package.json's
// `files` ships), unpacked into a new app (test/fixtures/new-user: its own shop schema, Prisma 7's
// `prisma-client` and `prisma-client-js` clients generated here, a prisma.config.ts, then
// `seedband init` and the counts the tests rely on), whose own tests must pass: `tsc --strict` over all of them, then
// Vitest, Jest and node:test. No DATABASE_URL: the app takes the path a new user takes (Docker when
// reachable, else the embedded server under its .seedband/pg, stopped by each run), so it never
// touches the test servers. The app's dependencies are links to seedband's own node_modules
// (offline, fast); `npm run build` first (the tarball holds dist/ as it is). A second app is the
// same project for a Jest-only team: no vitest installed, its Jest and node:test tests only.
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "./helpers.js";
import { makeUserApp, prismaGenerate, run, runNode, tsc, type UserApp } from "./user-app.js";

const FIXTURE = join(PACKAGE_ROOT, "test", "fixtures", "new-user");
// A user's shell: no server named, so seedband provisions one as for a new user.
const USER_ENV = {
  DATABASE_URL: undefined,
  SEEDBAND_TEST_PG_URL: undefined,
  FORCE_COLOR: undefined,
  NO_COLOR: "1",
};

let packDir: string;
let tarball: string;
beforeAll(async () => {
  packDir = await mkdtemp(join(tmpdir(), "sb-pack-"));
  const packed = await run(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir],
    PACKAGE_ROOT,
  );
  expect(packed.code, packed.output).toBe(0);
  const [info] = JSON.parse(packed.output.slice(packed.output.indexOf("["))) as Array<{ filename: string }>;
  tarball = join(packDir, info!.filename);
});
afterAll(async () => {
  if (packDir) await rm(packDir, { recursive: true, force: true });
});

/** The fixture as a new app from the tarball, its clients generated through prisma.config.ts. */
async function newApp(without: readonly string[] = []): Promise<UserApp> {
  const app = await makeUserApp(FIXTURE, { tarball }, without);
  try {
    await rename(join(app.dir, "gitignore.txt"), join(app.dir, ".gitignore"));
    // `npx seedband init`, then the user's one edit: the counts their tests rely on.
    const init = await runNode("node_modules/seedband/bin/seedband.js", ["init"], app.dir, USER_ENV);
    expect(init.code, init.output).toBe(0);
    expect(await readFile(join(app.dir, ".gitignore"), "utf8")).toContain(".seedband/");
    expect(await readFile(join(app.dir, "vitest.config.ts"), "utf8")).toMatch(/plugins: \[seedband\(/);
    const config = join(app.dir, "seedband.config.ts");
    const written = await readFile(config, "utf8");
    expect(written).toMatch(/\/\/ Customer: \{/);
    expect(written).toContain("// Order: {},");
    await writeFile(
      config,
      written.replace(
        "  models: {\n",
        "  models: {\n    Customer: { count: { ci: 30 } },\n    Order: { count: { ci: 120 } },\n",
      ),
    );
    const generated = await prismaGenerate(app.dir);
    expect(generated.code, generated.output).toBe(0);
    // Through prisma.config.ts (no --schema given): both generators ran.
    expect(generated.output).toContain("./generated/prisma");
    expect(generated.output).toContain("./generated/js");
  } catch (error) {
    await app.remove();
    throw error;
  }
  return app;
}

const runJest = (dir: string) =>
  runNode("--experimental-vm-modules", ["node_modules/jest/bin/jest.js"], dir, USER_ENV);

describe("a new user's project, from the npm pack tarball", () => {
  let app: UserApp;
  beforeAll(async () => {
    app = await newApp();
  });
  afterAll(() => app?.remove());

  it("ships the Jest and runner entries, and no source file of the repository", async () => {
    const pkg = JSON.parse(await readFile(join(app.dir, "node_modules/seedband/package.json"), "utf8"));
    for (const entry of [
      ".",
      "./vitest",
      "./jest",
      "./jest/global-setup",
      "./jest/global-teardown",
      "./runner",
    ]) {
      expect(Object.keys(pkg.exports)).toContain(entry);
    }
    await expect(
      readFile(join(app.dir, "node_modules/seedband/dist/jest/global-setup.js")),
    ).resolves.toBeTruthy();
    await expect(readFile(join(app.dir, "node_modules/seedband/src/index.ts"))).rejects.toThrow();
  });

  it("type-checks under tsc --strict: Vitest and Jest tests, node:test files, the configs", async () => {
    const checked = await tsc(app.dir);
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
  });

  it("passes its Vitest tests (the seedband/vitest plugin, a Prisma 7 client per clone)", async () => {
    const ran = await runNode("node_modules/vitest/vitest.mjs", ["run"], app.dir, USER_ENV);
    expect(ran.output).toMatch(/Tests\s+2 passed/);
    expect(ran.code, ran.output).toBe(0);
  });

  it("passes its Jest tests (seedband/jest's global setup and teardown, a prisma-client-js client)", async () => {
    const ran = await runJest(app.dir);
    expect(ran.output).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(ran.code, ran.output).toBe(0);
  });

  it("passes its node:test tests (the documented recipe: startSeedband() around node --test)", async () => {
    const ran = await runNode("test-node/run.mjs", [], app.dir, USER_ENV);
    expect(ran.output).toMatch(/# pass 1\b/);
    expect(ran.output).toMatch(/# fail 0\b/);
    expect(ran.code, ran.output).toBe(0);
  });
});

describe("the same project for a Jest-only team (vitest not installed)", () => {
  let app: UserApp;
  beforeAll(async () => {
    app = await newApp(["vitest", "@vitest"]);
    await rm(join(app.dir, "test"), { recursive: true });
    await rm(join(app.dir, "vitest.config.ts"));
  });
  afterAll(() => app?.remove());

  it("has no vitest to find, type-checks under tsc --strict, and passes its Jest and node:test tests", async () => {
    const probe = await runNode(
      "-e",
      ['import("vitest").then(() => process.exit(0), () => process.exit(7))'],
      app.dir,
    );
    expect(probe.code).toBe(7);
    const checked = await tsc(app.dir, "tsconfig.jest.json");
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
    const jest = await runJest(app.dir);
    expect(jest.output).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(jest.code, jest.output).toBe(0);
    const node = await runNode("test-node/run.mjs", [], app.dir, USER_ENV);
    expect(node.output).toMatch(/# pass 1\b/);
    expect(node.code, node.output).toBe(0);
  });
});
