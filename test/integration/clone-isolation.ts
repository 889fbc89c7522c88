// Shared body of the two clone-isolation test files: each one clones the ci band with seedBand(),
// changes its clone (a marker user, messages deleted) and checks that neither the other file's
// changes nor its own reach any other clone. Vitest runs the two files in parallel workers.
import pg from "pg";
import { afterAll, expect, inject, it } from "vitest";
import { listOwnedDatabases } from "../../src/db/index.js";
import { type BandDatabase, seedBand } from "../../src/index.js";

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function counts(url: string): Promise<{ users: number; messages: number }> {
  const [row] = await query<{ users: string; messages: string }>(
    url,
    "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM messages) AS messages",
  );
  return { users: Number(row!.users), messages: Number(row!.messages) };
}

async function markerCount(url: string, marker: string): Promise<number> {
  const [row] = await query<{ n: string }>(url, "SELECT count(*) AS n FROM users WHERE email = $1", [marker]);
  return Number(row!.n);
}

export function cloneIsolationSuite(mine: string, theirs: string): void {
  const opened: BandDatabase[] = [];
  afterAll(async () => {
    for (const db of opened) await db.drop();
  });

  it("gives a fresh, complete ci database that this file changes without touching any other", async () => {
    const db = await seedBand("ci");
    opened.push(db);
    const before = await counts(db.url);
    expect(before).toEqual({ users: 500, messages: 50_000 });

    await query(db.url, `INSERT INTO users (handle, email, "displayName") VALUES ($1, $1, 'Marker')`, [mine]);
    await query(
      db.url,
      `DELETE FROM messages WHERE "conversationId" IN (SELECT id FROM conversations ORDER BY id LIMIT 50)`,
    );
    const after = await counts(db.url);
    expect(after.users).toBe(501);
    expect(after.messages).toBeLessThan(50_000);
    expect(await markerCount(db.url, theirs)).toBe(0);

    // Another clone, made after the changes: the template did not take them.
    const fresh = await seedBand("ci");
    opened.push(fresh);
    expect(fresh.name).not.toBe(db.name);
    expect(await counts(fresh.url)).toEqual(before);
    expect(await markerCount(fresh.url, mine)).toBe(0);
  });

  it("marks every clone with this run, and drop() removes it", async () => {
    const db = await seedBand("ci");
    const { owner, serverUrl } = inject("seedband");
    const mark = (await listOwnedDatabases(serverUrl)).find((d) => d.name === db.name)?.mark;
    expect(mark).toMatchObject({ kind: "clone", band: "ci", seed: 1, status: "complete", owner });
    await db.drop();
    expect((await listOwnedDatabases(serverUrl)).some((d) => d.name === db.name)).toBe(false);
  });
}
