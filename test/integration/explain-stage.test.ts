// The explain stage on a ci band seedband seeded: representative parents chosen from the data,
// and the plan matchers as a user's perf test uses them (expect.extend(planMatchers)): index use,
// seq scans, sort nodes, and toMatchPlanBaseline against baseline files, failing with the tree
// diff once the index a baselined plan uses is dropped.
import { cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_ROOT, projectPaths } from "../../src/config/index.js";
import { connect, databaseUrl, dropOwnedDatabase } from "../../src/db/index.js";
import {
  baselineDocuments,
  captureCatalog,
  loadCatalog,
  serverFacts,
  writeBaselines,
} from "../../src/explain/index.js";
import { RepresentativeFinder } from "../../src/explain/representative.js";
import { prepareBand, readProjectInputs, seedDatabase } from "../../src/pipeline/index.js";
import { planMatchers } from "../../src/vitest/plan-matchers.js";

expect.extend(planMatchers);

const server = inject("servers")[0]!.url;
let root: string;
let url: string;
let dbName: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sb-matchers-"));
  await mkdir(join(root, "queries"));
  for (const f of (await readdir(join(PACKAGE_ROOT, "queries"))).filter((x) => x.endsWith(".sql")))
    await cp(join(PACKAGE_ROOT, "queries", f), join(root, "queries", f));
  // The band prepared through the pipeline, as the CLI does (seedbandVersion "test": a database of our own).
  const inputs = await readProjectInputs(projectPaths(PACKAGE_ROOT), {});
  const record = await seedDatabase(prepareBand(inputs, "ci", 191, "test"), { url: server, kind: "url" });
  dbName = record.database.name;
  url = databaseUrl(server, dbName);
  const session = await connect(url);
  try {
    const captures = await captureCatalog(session, url, await loadCatalog(join(root, "queries"), root), {
      runs: 3,
    });
    writeBaselines(
      join(root, "baselines", "ci"),
      baselineDocuments(captures, {
        band: "ci",
        bandFingerprint: null,
        server: await serverFacts(session),
        descriptions: {},
      }),
    );
  } finally {
    await session.end();
  }
}, 120_000);

afterAll(async () => {
  if (dbName) await dropOwnedDatabase(server, dbName).catch(() => {});
  if (root) await rm(root, { recursive: true, force: true });
});

const LATEST = `SELECT id FROM messages WHERE "conversationId" = $1 ORDER BY "createdAt" DESC LIMIT 20`;

describe("representative parents", () => {
  it("takes the p50 and p99 fan-out and the largest (smallest key among ties), the same every time", async () => {
    const session = await connect(url);
    try {
      // Parent k has k children (k = 1..100); parents 300 and 200 tie with 150 children each.
      await session.query(`CREATE TEMP TABLE kids AS
        SELECT k AS parent FROM generate_series(1, 100) k, generate_series(1, k) i
        UNION ALL SELECT 300 FROM generate_series(1, 150)
        UNION ALL SELECT 200 FROM generate_series(1, 150)`);
      const finder = new RepresentativeFinder(session);
      // 102 parents sorted by (fan-out, key): p50 is the 51st, p99 the 101st.
      expect(await finder.find("kids", "parent", "typical")).toEqual({ value: 51, fanout: 51 });
      expect(await finder.find("kids", "parent", "heavy")).toEqual({ value: 200, fanout: 150 });
      expect(await finder.find("kids", "parent", "largest")).toEqual({ value: 200, fanout: 150 });
      const again = new RepresentativeFinder(session);
      expect(await again.find("kids", "parent", "typical")).toEqual({ value: 51, fanout: 51 });
      await expect(finder.find("kids", "nope", "typical")).rejects.toThrow(/Cannot count kids\.nope/);
    } finally {
      await session.end();
    }
  });
});

describe("plan matchers", () => {
  it("a failure on a table below PLAN_MEANINGFUL_ROWS says the band is too small for its plan to mean much", async () => {
    // users holds 500 rows in the ci band: the planner reads it sequentially, index or not.
    const small = expect({ url, sql: "SELECT * FROM users WHERE id > $1", args: [10] }).toUseIndexOn("users");
    await expect(small).rejects.toThrow(/users \(~\d+ rows\) holds fewer than 10000 rows.*bigger band/s);
    // messages holds 50k: the same failure is the query's, and says nothing about the band.
    const big = expect({ url, sql: `SELECT count(*) FROM messages WHERE content LIKE '%zz%'` }).toUseIndexOn(
      "messages",
    );
    await expect(big).rejects.toThrow(/expected the plan to read messages through an index/);
    await expect(
      expect({ url, sql: `SELECT count(*) FROM messages WHERE content LIKE '%zz%'` }).toUseIndexOn(
        "messages",
      ),
    ).rejects.not.toThrow(/fewer than/);
  });

  it("index use, sequential scans and sort nodes of a statement", async () => {
    await expect({ url, sql: LATEST, args: [3] }).toUseIndex("messages_conversationId_createdAt_idx");
    await expect({ url, sql: LATEST, args: [3] }).toUseIndexOn("messages");
    await expect({ url, sql: LATEST, args: [3] }).toHaveNoSortNode();
    await expect({ url, sql: LATEST, args: [3] }).toHaveNoSeqScan();
    const scan = { url, sql: `SELECT count(*) FROM messages WHERE content LIKE '%zz%'` };
    await expect(scan).not.toUseIndexOn("messages");
    await expect(scan).toHaveNoSeqScan({ overRows: 100_000 }); // messages has 50k rows here
    await expect(expect(scan).toHaveNoSeqScan({ overRows: 1000 })).rejects.toThrow(/Seq Scan on messages/);
    await expect(
      expect({ url, sql: 'SELECT id FROM users ORDER BY "displayName" LIMIT 3' }).toHaveNoSortNode(),
    ).rejects.toThrow(/expected the plan to have no sort node/);
  });

  it("a catalog query matches its baseline, and fails with the tree diff when its index is dropped", async () => {
    await expect({ url, query: "recent-conversations", root }).toUseIndex("conversations_updatedAt_idx");
    await expect({ url, query: "latest-messages", root }).toMatchPlanBaseline();
    await connect(url).then(async (s) => {
      await s.query('DROP INDEX "messages_conversationId_createdAt_idx"');
      await s.end();
    });
    await expect(
      expect({ url, query: "latest-messages", root }).toMatchPlanBaseline({ band: "ci" }),
    ).rejects.toThrow(
      /latest-messages \[typical\]: plan-changed[\s\S]*- {3}-> Index Scan using messages_conversationId_createdAt_idx on messages/,
    );
    await expect({ url, query: "recent-conversations", root }).toMatchPlanBaseline();
  });
});
