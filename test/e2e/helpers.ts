// What the end-to-end tests need around the CLI: run `bin/seedband.js` as a user would (a child
// process in a temporary project), make such projects, and look at PostgreSQL directly with `pg`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll } from "vitest";
import type { ModelGraph } from "../../src/schema/index.js";

export const BIN = fileURLToPath(new URL("../../bin/seedband.js", import.meta.url));
export const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A line of a Node stack trace: the CLI must never print one. */
export const STACK_TRACE = /^\s+at .+:\d+/m;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to the environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * Runs `node bin/seedband.js ...args` in `cwd`, with DATABASE_URL (and SEEDBAND_DEBUG, which
 * prints stack traces) removed from the environment unless `env` sets them.
 */
export function runCli(
  args: string[],
  { cwd, env = {}, timeoutMs = 90_000 }: CliOptions,
): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.SEEDBAND_DEBUG;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`seedband ${args.join(" ")} did not finish in ${timeoutMs} ms.\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The one JSON document a `--json` command prints on stdout (fails when there is not exactly one). */
export function jsonOf<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${result.code}).\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
}

/** The temporary projects this test file made: removed after its last test, pass or fail. */
const madeProjects: string[] = [];
afterAll(async () => {
  for (const dir of madeProjects.splice(0)) await rm(dir, { recursive: true, force: true });
});

/**
 * A temporary project: a package.json (its root) and a copy of seedband's prisma/ folder. It is
 * removed after the test file's last test (a test may remove it earlier).
 */
export async function makeProject(): Promise<string> {
  // realpath: the CLI sees its working directory resolved, and names files by that path.
  const dir = await realpath(await mkdtemp(join(tmpdir(), "sb-e2e-")));
  madeProjects.push(dir);
  // mkdtemp makes the folder 0700. Run as root, the embedded server runs as another OS user
  // (PostgreSQL refuses root), which must be able to enter the project to reach .seedband/pg.
  await chmod(dir, 0o755);
  await writeFile(join(dir, "package.json"), `${JSON.stringify({ name: "sb-e2e", private: true })}\n`);
  await cp(join(PACKAGE_ROOT, "prisma"), join(dir, "prisma"), { recursive: true });
  return dir;
}

/** Copies the SQL files of seedband's query catalog into `dir`/queries (its Prisma file needs a generated client). */
export async function copySqlQueries(dir: string): Promise<void> {
  await mkdir(join(dir, "queries"), { recursive: true });
  for (const f of (await readdir(join(PACKAGE_ROOT, "queries"))).filter((x) => x.endsWith(".sql")))
    await cp(join(PACKAGE_ROOT, "queries", f), join(dir, "queries", f));
}

/** Replaces a project's prisma/ folder with a fixture schema of test/fixtures/schemas (no migrations). */
export async function useFixtureSchema(dir: string, fixture: string): Promise<void> {
  await rm(join(dir, "prisma"), { recursive: true, force: true });
  await mkdir(join(dir, "prisma"));
  await cp(
    join(PACKAGE_ROOT, "test", "fixtures", "schemas", fixture, "schema.prisma"),
    join(dir, "prisma", "schema.prisma"),
  );
}

/** seedband's built-in chat preset, parsed (to derive test presets from it). */
export async function chatPreset(): Promise<Record<string, unknown> & { bands: Record<string, unknown> }> {
  return JSON.parse(await readFile(join(PACKAGE_ROOT, "presets", "chat.json"), "utf8"));
}

export interface RunRecordFile {
  file: string;
  record: {
    command?: string;
    status: string;
    band: string;
    seed: number;
    database: { name: string; url: string };
    tables: Record<string, { rows: number; checksum: string }>;
  };
  text: string;
}

/** The text of each run record under `<project>/.seedband/runs/` (not parsed: others may be writing). */
export async function runRecordTexts(project: string): Promise<Array<{ file: string; text: string }>> {
  const dir = join(project, ".seedband", "runs");
  const files = await readdir(dir).catch(() => [] as string[]);
  const texts: Array<{ file: string; text: string }> = [];
  for (const name of files.filter((f) => /^run_.*\.json$/.test(f)).sort()) {
    texts.push({ file: join(dir, name), text: await readFile(join(dir, name), "utf8") });
  }
  return texts;
}

/** The run records under `<project>/.seedband/runs/`, parsed. */
export async function runRecords(project: string): Promise<RunRecordFile[]> {
  return (await runRecordTexts(project)).map(({ file, text }) => ({ file, text, record: JSON.parse(text) }));
}

export const hex = (bytes = 4) => randomBytes(bytes).toString("hex");

/** `serverUrl` with its database replaced by `name`. */
export function urlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

export async function query<R extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  return withClient(url, async (client) => (await client.query<R>(sql, params)).rows);
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The seedband marks (database comments) on the server, by database name. */
export async function seedbandMarks(
  serverUrl: string,
): Promise<Array<{ name: string; mark: { band?: string; seed?: number; status: string } }>> {
  const rows = await query<{ name: string; comment: string }>(
    serverUrl,
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE 'seedband:%'`,
  );
  return rows.flatMap(({ name, comment }) => {
    try {
      return [{ name, mark: JSON.parse(comment.slice("seedband:".length)) }];
    } catch {
      return [];
    }
  });
}

/** The comment on database `name` (null when none), or undefined when the database does not exist. */
export async function databaseComment(serverUrl: string, name: string): Promise<string | null | undefined> {
  const rows = await query<{ comment: string | null }>(
    serverUrl,
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
    [name],
  );
  return rows[0] === undefined ? undefined : rows[0].comment;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await query(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

/**
 * What a metrics document says beyond numbers: `strays`, the strings that are not a name of
 * `graph` (model, table, column, relation), an enum value, one of `extra`, a format word, a date,
 * a version or the schema fingerprint, and the keys that are not such names or camelCase words;
 * `tokens`, the values under `…Token` keys.
 */
export function metricsStrings(
  metrics: unknown,
  graph: ModelGraph,
  extra: readonly string[] = [],
): { strays: string[]; tokens: string[] } {
  const allowed = new Set<string>([
    ...["seedband-metrics", "none", "laplace", "hmac-sha256-16"],
    ...["text", "category", "boolean", "number", "timestamp"],
    ...graph.models.flatMap((m) => [
      m.modelName,
      m.tableName,
      ...m.columns.flatMap((c) => [c.fieldName, c.columnName]),
      ...m.relations.map((r) => r.fieldName),
      ...m.foreignKeys.map((f) => f.relationField),
    ]),
    ...graph.enums.flatMap((e) => e.values),
    ...extra,
  ]);
  const strays: string[] = [];
  const tokens: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === "string") {
      if (/Token$/.test(key)) tokens.push(v);
      else if (
        !allowed.has(v) &&
        !/^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d\.\d{3}Z)?$/.test(v) &&
        !/^\d+\.\d+\.\d+$/.test(v) &&
        !(key === "schemaFingerprint" && /^[0-9a-f]{64}$/.test(v))
      )
        strays.push(`${key}: ${v}`);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (!allowed.has(k) && !/^(?:[a-z]+[A-Z]?[a-zA-Z]*)$/.test(k)) strays.push(`key ${k}`);
        walk(x, k);
      }
  };
  walk(metrics, "");
  return { strays, tokens };
}
