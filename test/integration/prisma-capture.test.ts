// Prisma Client calls in the query catalog: the client generated from the reference schema runs
// through seedband's recording adapter, and the SQL Prisma really sends (in and out of a
// transaction) is what gets explained.
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT, projectPaths } from "../../src/config/index.js";
import { connect, databaseUrl, dropOwnedDatabase } from "../../src/db/index.js";
import { loadCatalog, measure, planCases } from "../../src/explain/index.js";
import { prepareBand, readProjectInputs, seedDatabase } from "../../src/pipeline/index.js";

const server = inject("servers")[0]!.url;
// Inside the package, so that the generated client finds @prisma/client in node_modules.
let dir: string;
let dbName: string;

beforeAll(async () => {
  await mkdir(join(PACKAGE_ROOT, ".seedband"), { recursive: true });
  dir = await mkdtemp(join(PACKAGE_ROOT, ".seedband", "prisma-catalog-"));
  await cp(join(PACKAGE_ROOT, "prisma"), join(dir, "prisma"), { recursive: true });
  await writeFile(join(dir, "no-engine"), "");
  // `prisma generate` never runs the schema engine; it only needs the variable to name a file.
  execFileSync(
    process.execPath,
    [join(PACKAGE_ROOT, "node_modules", "prisma", "build", "index.js"), "generate"],
    {
      cwd: dir,
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: join(dir, "no-engine") },
      stdio: "pipe",
    },
  );
  await mkdir(join(dir, "queries"));
  await writeFile(
    join(dir, "queries", "app.ts"),
    `import { PrismaClient } from "../generated/prisma/client";
export default {
  client: (adapter) => new PrismaClient({ adapter }),
  queries: [
    {
      name: "latest-messages-prisma",
      params: { conversationId: "messages.conversationId heavy" },
      assert: ["uses-index-on messages"],
      run: (db, p) => db.message.findMany({ where: { conversationId: p.conversationId }, orderBy: { createdAt: "desc" }, take: 25 }),
    },
    {
      name: "inbox-in-a-transaction",
      run: (db) => db.$transaction([db.user.count(), db.conversation.findMany({ orderBy: { updatedAt: "desc" }, take: 5 })]),
    },
  ],
};
`,
  );
  // The band prepared through the pipeline, as the CLI does (seedbandVersion "test": a database of our own).
  const inputs = await readProjectInputs(projectPaths(PACKAGE_ROOT), {});
  const record = await seedDatabase(prepareBand(inputs, "ci", 181, "test"), { url: server, kind: "url" });
  dbName = record.database.name;
}, 120_000);

afterAll(async () => {
  if (dbName) await dropOwnedDatabase(server, dbName).catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("Prisma Client calls in the catalog", () => {
  it("explains the SQL and arguments Prisma sends through the adapter, transactions included", async () => {
    const queries = await loadCatalog(join(dir, "queries"), dir);
    expect(queries.map((q) => [q.name, q.source.kind, q.variants])).toEqual([
      ["latest-messages-prisma", "prisma", ["heavy"]],
      ["inbox-in-a-transaction", "prisma", ["default"]],
    ]);
    const url = databaseUrl(server, dbName);
    const session = await connect(url);
    try {
      const [latest] = await planCases(session, url, queries[0]!);
      expect(latest!.sql).toMatch(
        /^SELECT .*FROM "public"\."messages" WHERE "public"\."messages"\."conversationId" = \$1 ORDER BY "public"\."messages"\."createdAt" DESC LIMIT \$2/,
      );
      const heavy = latest!.params.conversationId!;
      expect(heavy.binding).toBe("messages.conversationId heavy");
      expect(heavy.fanout).toBeGreaterThan(100);
      // Prisma sends LIMIT as a BigInt; pg gets it as text, as the adapter would send it.
      expect(latest!.args.slice(0, 2)).toEqual([heavy.value, "25"]);
      const m = await measure(session, latest!, { warmup: 0, runs: 2 });
      expect(m.plan.join("\n")).toContain("messages_conversationId_createdAt_idx");

      const tx = await planCases(session, url, queries[1]!);
      expect(tx.map((c) => c.key)).toEqual(["default", "default#2"]);
      expect(tx[0]!.sql).toMatch(/COUNT\(\*\)/i);
      expect(tx[1]!.sql).toMatch(
        /FROM "public"\."conversations" .*ORDER BY "public"\."conversations"\."updatedAt" DESC LIMIT \$1/,
      );
      expect(tx[1]!.args[0]).toBe("5");
    } finally {
      await session.end();
    }
  });
});
