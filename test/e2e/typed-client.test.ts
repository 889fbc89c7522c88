// seedBand()'s public types against real generated clients: test/fixtures/typed-client holds a
// schema with Prisma 7's `prisma-client` generator and the older `prisma-client-js` one, and
// uses.ts calling seedBand() as the docs do. `prisma generate` makes both clients in a temporary
// copy, then `tsc --strict` must pass over uses.ts, whose @ts-expect-error lines check that
// `db.prisma` is the client's own type (an `any` or `never` would leave them unused, an error).
// Uses the built package (dist/*.d.ts, as a user gets it): `npm run build` first.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "./helpers.js";
import { makeUserApp, prismaGenerate, tsc, type UserApp } from "./user-app.js";

const FIXTURE = join(PACKAGE_ROOT, "test", "fixtures", "typed-client");

describe("seedBand() with a generated PrismaClient, under tsc --strict", () => {
  let app: UserApp;
  beforeAll(async () => {
    app = await makeUserApp(FIXTURE);
    const generated = await prismaGenerate(app.dir);
    expect(generated.output).toContain("Generated Prisma Client");
    expect(generated.code, generated.output).toBe(0);
  });
  afterAll(() => app?.remove());

  it("compiles, db.prisma typed as the client of either generator", async () => {
    const checked = await tsc(app.dir);
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
  });

  it("fails to compile a misuse of the client (the check is not vacuous)", async () => {
    const uses = await readFile(join(app.dir, "uses.ts"), "utf8");
    await writeFile(
      join(app.dir, "misuse.ts"),
      `${uses}\nexport async function misuse() {\n  const db = await seedBand("ci", { prisma: PrismaClient });\n  return db.prisma.post.findMany({ where: { nosuch: 1 } });\n}\n`,
    );
    await writeFile(
      join(app.dir, "tsconfig.misuse.json"),
      JSON.stringify({ extends: "./tsconfig.json", files: ["misuse.ts"] }),
    );
    const checked = await tsc(app.dir, "tsconfig.misuse.json");
    expect(checked.code).not.toBe(0);
    expect(checked.output).toContain("misuse.ts");
    expect(checked.output).toContain("nosuch");
  });
});
