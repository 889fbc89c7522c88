// seedBand("ci", { prisma: PrismaClient }): a client of the user's generated Prisma Client (the
// `prisma-client` generator, TypeScript output) connected to the clone through @prisma/adapter-pg.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { seedBand } from "../../src/index.js";

const dir = join(PACKAGE_ROOT, ".seedband", "prisma-client-test");
// biome-ignore lint/suspicious/noExplicitAny: the generated client's type exists only after generate
let PrismaClient: new (options: { adapter: unknown }) => any;

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  const schema = readFileSync(join(PACKAGE_ROOT, "prisma", "schema.prisma"), "utf8").replace(
    /^(\s*output\s*=).*$/m,
    '$1 "./client"',
  );
  writeFileSync(join(dir, "schema.prisma"), schema);
  // `prisma generate` never runs the schema engine; it only needs the variable to name a file.
  writeFileSync(join(dir, "no-engine"), "");
  execFileSync(
    process.execPath,
    [
      join(PACKAGE_ROOT, "node_modules", "prisma", "build", "index.js"),
      "generate",
      "--schema",
      join(dir, "schema.prisma"),
    ],
    { env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: join(dir, "no-engine") }, stdio: "pipe" },
  );
}, 120_000);

it("gives a Prisma client on the clone, disconnected by drop()", async () => {
  ({ PrismaClient } = await import(join(dir, "client", "client.ts")));
  const db = await seedBand("ci", { prisma: PrismaClient });
  expect(await db.prisma.user.count()).toBe(500);
  await db.prisma.user.create({
    data: { handle: "via-prisma", email: "via-prisma@example.com", displayName: "P" },
  });
  expect(await db.prisma.user.count()).toBe(501);
  const other = await seedBand("ci", { prisma: PrismaClient });
  expect(await other.prisma.user.count()).toBe(500);
  await other.drop();
  await db.drop();
});
