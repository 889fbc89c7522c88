// Each test gets its own copy of the ci band: change it freely, nothing leaks into other tests.
import { afterEach, describe, expect, it } from "@jest/globals";
import pg from "pg";
import { seedBand } from "seedband/jest";

/** @type {import("seedband/jest").BandDatabase[]} */
const opened = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.drop();
});

async function open() {
  const db = await seedBand("ci");
  opened.push(db);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return { db, client };
}

/** @param {pg.Client} client @param {string} sql */
async function count(client, sql) {
  return Number((await client.query(`SELECT count(*) AS n FROM (${sql}) q`)).rows[0].n);
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
});
