// Each test gets its own copy of the ci band: change it freely, nothing leaks into other tests.
import pg from "pg";
import { type BandDatabase, seedBand } from "seedband";
import { afterEach, describe, expect, it } from "vitest";

const opened: BandDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.drop();
});

async function open(): Promise<{ db: BandDatabase; client: pg.Client }> {
  const db = await seedBand("ci");
  opened.push(db);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return { db, client };
}

async function count(client: pg.Client, sql: string): Promise<number> {
  return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) q`)).rows[0]!.n);
}

describe("the blog, on a fresh ci band per test", () => {
  it("holds the rows seedband.config.ts asks for, every comment on an existing post", async () => {
    const { client } = await open();
    try {
      expect(await count(client, 'SELECT 1 FROM "Author"')).toBe(40);
      expect(await count(client, 'SELECT 1 FROM "Post"')).toBe(200);
      expect(await count(client, 'SELECT 1 FROM "Comment"')).toBe(600);
      expect(
        await count(
          client,
          'SELECT 1 FROM "Comment" c LEFT JOIN "Post" p ON p.id = c."postId" WHERE p.id IS NULL',
        ),
      ).toBe(0);
    } finally {
      await client.end();
    }
  });

  it("deleting every post here leaves the next database untouched", async () => {
    const first = await open();
    try {
      await first.client.query('DELETE FROM "Comment"; DELETE FROM "Post"');
      expect(await count(first.client, 'SELECT 1 FROM "Post"')).toBe(0);
    } finally {
      await first.client.end();
    }
    const second = await open();
    try {
      expect(second.db.name).not.toBe(first.db.name);
      expect(await count(second.client, 'SELECT 1 FROM "Post"')).toBe(200);
    } finally {
      await second.client.end();
    }
  });

  it("new rows get ids after the generated ones (sequences were advanced)", async () => {
    const { client } = await open();
    try {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO "Author" (email, name) VALUES ('new-author@example.com', 'New Author') RETURNING id`,
      );
      expect(rows[0]!.id).toBeGreaterThan(40);
    } finally {
      await client.end();
    }
  });

  it("has the plan matchers the plugin registers: a sort is seen, a key lookup has none", async () => {
    const { db, client } = await open();
    await client.end();
    await expect({ url: db.url, sql: 'SELECT id FROM "Post" WHERE id = $1', args: [7] }).toHaveNoSortNode();
    await expect({ url: db.url, sql: 'SELECT id FROM "Post" ORDER BY random()' }).not.toHaveNoSortNode();
  });
});
