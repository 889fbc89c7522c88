// Sessions against the system PostgreSQL 15: pinned session settings, connection failures as
// UNREACHABLE without passwords, and server errors translated with SQLSTATE and constraint.

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { connect, databaseUrl, quoteIdent, translatePgError, UrlProvider } from "../../src/db/index.js";
import { SeedbandError } from "../../src/errors.js";

const SYSTEM_URL = process.env.SEEDBAND_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function failure(promise: Promise<unknown>): Promise<SeedbandError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SeedbandError);
  return error as SeedbandError;
}

async function serverError(sql: string[]): Promise<unknown> {
  const session = await connect(SYSTEM_URL);
  try {
    for (const statement of sql.slice(0, -1)) await session.query(statement);
    return await session.query(sql.at(-1)!).then(
      () => null,
      (e: unknown) => e,
    );
  } finally {
    await session.end();
  }
}

describe("connect", () => {
  it("pins TimeZone, DateStyle, extra_float_digits and application_name", async () => {
    const session = await connect(SYSTEM_URL);
    try {
      const { rows } = await session.query<Record<string, string>>(
        `SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds,
                current_setting('extra_float_digits') AS efd, current_setting('application_name') AS app,
                '2024-01-02 03:04:05+02'::timestamptz::text AS ts`,
      );
      expect(rows[0]).toEqual({
        tz: "UTC",
        ds: expect.stringMatching(/^ISO/),
        efd: "1",
        app: "seedband",
        ts: "2024-01-02 01:04:05+00",
      });
    } finally {
      await session.end();
    }
  });

  it("keeps its settings over `options` in the URL, and the URL's other options", async () => {
    const url = `${SYSTEM_URL}?options=${encodeURIComponent("-c TimeZone=Europe/Paris -c work_mem=7MB")}`;
    const session = await connect(url);
    try {
      const { rows } = await session.query(
        "SELECT current_setting('TimeZone') AS tz, current_setting('work_mem') AS wm",
      );
      expect(rows[0]).toEqual({ tz: "UTC", wm: "7MB" });
    } finally {
      await session.end();
    }
  });

  it("turns a refused connection (port 1) into UNREACHABLE without the password", async () => {
    const error = await failure(connect("postgresql://alice:s3cret-pw@127.0.0.1:1/postgres"));
    expect(error.code).toBe("UNREACHABLE");
    expect(error.exitCode).toBe(2);
    expect(error.message).not.toContain("s3cret-pw");
    expect(error.message).toContain("postgresql://***:***@127.0.0.1:1/postgres");
    expect(error.message).not.toContain("alice");
    expect(error.message).toContain("refused");
    expect(error.message).toContain("--database-url / DATABASE_URL");
  });

  it("turns a missing database and an unknown host into UNREACHABLE", { timeout: 15_000 }, async () => {
    const missing = await failure(
      connect(databaseUrl(SYSTEM_URL, `sbtest_missing_${randomBytes(4).toString("hex")}`)),
    );
    expect(missing.code).toBe("UNREACHABLE");
    expect(missing.message).toContain("does not exist");
    const host = await failure(connect("postgresql://bob:hunter2-pw@no-such-host.invalid:5432/postgres"));
    expect(host.code).toBe("UNREACHABLE");
    expect(host.message).not.toContain("hunter2-pw");
  });

  it("rejects a malformed URL as BAD_INPUT without the password", async () => {
    const error = await failure(connect("postgresql://carol:pw-123@[oops/db"));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).not.toContain("pw-123");
  });
});

describe("UrlProvider", () => {
  it("starts on a reachable server and reports major version 15", async () => {
    const server = await new UrlProvider({ url: SYSTEM_URL }).start();
    expect(server.kind).toBe("url");
    expect(server.url).toBe(SYSTEM_URL);
    expect(await server.majorVersion()).toBe(15);
    await server.stop();
    const session = await connect(SYSTEM_URL); // stop() left the user's server alone
    await session.end();
  });

  it("fails with UNREACHABLE on port 1", async () => {
    const error = await failure(new UrlProvider({ url: "postgresql://u:pw-xyz@127.0.0.1:1/db" }).start());
    expect(error.code).toBe("UNREACHABLE");
    expect(error.message).not.toContain("pw-xyz");
  });
});

describe("translatePgError", () => {
  it("names the unique constraint for 23505", async () => {
    const raw = await serverError([
      "CREATE TEMP TABLE sb_users (email text CONSTRAINT sb_users_email_key UNIQUE)",
      "INSERT INTO sb_users VALUES ('a@example.com'), ('a@example.com')",
    ]);
    const error = translatePgError(raw, "Loading table sb_users");
    expect(error.code).toBe("DB_ERROR");
    expect(error.cause).toBe(raw);
    expect(error.message).toMatch(/^Loading table sb_users: unique constraint "sb_users_email_key"/);
    expect(error.message).toContain("23505");
  });

  it("names the foreign key and the missing parent for 23503, with the code the caller asks for", async () => {
    const raw = await serverError([
      "CREATE TEMP TABLE sb_parent (id int PRIMARY KEY)",
      "CREATE TEMP TABLE sb_child (parent int CONSTRAINT sb_child_parent_fkey REFERENCES sb_parent)",
      "INSERT INTO sb_child VALUES (42)",
    ]);
    const error = translatePgError(raw, "Loading table sb_child", "COPY_FAILED");
    expect(error.code).toBe("COPY_FAILED");
    expect(error.message).toContain('foreign key "sb_child_parent_fkey"');
    expect(error.message).toContain("parent row is missing");
    expect(error.message).toContain("23503");
  });

  it("gives other errors as DB_ERROR with SQLSTATE and the server's message", async () => {
    const error = translatePgError(await serverError(["SELECT 1 / 0"]), "Verifying");
    expect(error.code).toBe("DB_ERROR");
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain("22012");
    expect(error.message).toContain("division by zero");
  });
});

describe("databaseUrl and quoteIdent", () => {
  it("address another database on the same server with the same credentials", () => {
    expect(databaseUrl("postgresql://u:p%40ss@h:6543/postgres?sslmode=disable", "sb x")).toBe(
      "postgresql://u:p%40ss@h:6543/sb%20x?sslmode=disable",
    );
  });

  it("quotes identifiers that need it", async () => {
    const name = 'Odd "name"; DROP';
    expect(quoteIdent(name)).toBe('"Odd ""name""; DROP"');
    const session = await connect(SYSTEM_URL);
    try {
      await session.query(`CREATE TEMP TABLE ${quoteIdent(name)} (x int)`);
      const { rows } = await session.query<{ relname: string }>(
        "SELECT relname FROM pg_class WHERE relname = $1 AND relpersistence = 't'",
        [name],
      );
      expect(rows).toEqual([{ relname: name }]);
    } finally {
      await session.end();
    }
  });
});
