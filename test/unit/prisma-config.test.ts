// Where the schema and migrations are (config/prisma-config.ts): prisma.config.ts first, paths
// relative to it, else the usual places; never a migrations folder further up than Prisma looks.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prismaLocations } from "../../src/config/index.js";
import { SeedbandError } from "../../src/errors.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sb-prisma-config-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    if (path.endsWith("/")) mkdirSync(join(root, path), { recursive: true });
    else writeFileSync(join(root, path), text);
  }
  return root;
}

describe("prismaLocations", () => {
  it("takes schema and migrations.path from prisma.config.ts, relative to it; env() of an unset variable is fine", async () => {
    delete process.env.SB_TEST_UNSET_URL;
    const root = project({
      "prisma.config.ts": `import { defineConfig, env } from "prisma/config";\nexport default defineConfig({ schema: "db/app.prisma", migrations: { path: "db/sql" }, datasource: { url: env("SB_TEST_UNSET_URL") } });\n`,
      "db/app.prisma": "",
      "db/sql/": "",
      "prisma/schema.prisma": "",
      "prisma/migrations/": "",
    });
    const found = await prismaLocations(root);
    expect(found).toMatchObject({
      schema: join(root, "db/app.prisma"),
      migrationsDir: join(root, "db/sql"),
      configFile: join(root, "prisma.config.ts"),
      source: "prisma.config",
    });
  });

  it("without a config: prisma/schema.prisma, then the folder prisma/schema with prisma/migrations beside it", async () => {
    const file = project({ "prisma/schema.prisma": "", "prisma/migrations/": "" });
    expect(await prismaLocations(file)).toMatchObject({
      schema: join(file, "prisma/schema.prisma"),
      migrationsDir: join(file, "prisma/migrations"),
      source: "usual path",
    });
    const folder = project({ "prisma/schema/a.prisma": "", "prisma/migrations/": "" });
    expect(await prismaLocations(folder)).toMatchObject({
      schema: join(folder, "prisma/schema"),
      migrationsDir: join(folder, "prisma/migrations"),
    });
  });

  it("a migrations folder at the root is not the schema's (prisma/schema.prisma has none beside it)", async () => {
    const root = project({ "prisma/schema.prisma": "", "migrations/": "" });
    expect((await prismaLocations(root)).migrationsDir).toBeUndefined();
  });

  it("a config naming a schema that does not exist is BAD_INPUT naming $.schema", async () => {
    const root = project({ "prisma.config.ts": `export default { schema: "nope.prisma" };\n` });
    const error = await prismaLocations(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedbandError);
    expect((error as SeedbandError).message).toContain(`${join(root, "prisma.config.ts")}: $.schema`);
  });
});
