// A warm pool of clones per template: the run's global setup keeps `size` clones of each band's
// template ready (ClonePool, refilling in the background as they are taken), and `claimPooledClone`
// hands one over in a single round trip — an anonymous block that renames a ready database to the
// clone's name and writes the clone's mark in one transaction — so a claim is a catalog update, not
// a copy. A claim that finds the pool empty waits for the refiller's next clone (READY_CHANNEL)
// rather than copying the template beside the refills. PostgreSQL locks the database while
// renaming it: of two claimers of one pool database, the second finds the name gone and takes
// another, so no two callers (threads, forks, processes) ever get the same database, and a claimed
// (dirty) database has left the pool for good. A finished clone goes back the other way:
// `discardClone` renames it to the run's discard prefix, and the refiller drops it in the
// background (a DROP DATABASE forces a checkpoint, on PostgreSQL 15 and 18 alike: the test does not
// wait for it).
import { randomBytes } from "node:crypto";
import {
  connect,
  databaseUrl,
  dropOwnedDatabase,
  formatMark,
  MARK_PREFIX,
  quoteIdent,
  quoteLiteral,
  type RunOwner,
  type Session,
} from "../db/index.js";
import { type Clone, type CopyHow, cloneMark, cloneName, copyTemplate } from "./clone-template.js";
import type { TemplateSnapshot } from "./template-snapshot.js";

/** The template a pool copies, with how to copy it (see cloneChoice). */
export type PoolTemplate = Pick<TemplateSnapshot, "name" | "band" | "seed" | "fingerprint" | "project"> &
  CopyHow;

/** Claimers wake the refiller through this channel (payload: the pool's prefix). */
const CHANNEL = "seedband_pool";
/** The refiller tells waiting claimers a clone is ready through this one (payload: the prefix). */
const READY_CHANNEL = "seedband_pool_ready";

/**
 * How long a claim that finds the pool empty waits for the refiller's next clone before copying
 * the template itself. A copy of its own would compete with the refills for the same disk and
 * checkpoints, so waiting is the quicker way to a database whenever the refiller is working; the
 * limit only matters when it is not (stopped, or failing).
 */
export const CLAIM_WAIT_MS = 2000;

/**
 * The name prefix of one run's pool of one template: `seedband_p_<run>_<template>_`. The run is
 * part of it so that runs sharing a server (shards, several projects) each claim their own.
 */
export function poolPrefix(runId: string, template: Pick<PoolTemplate, "name">): string {
  return `seedband_p_${runId.slice(0, 8)}_${shortHash(template.name)}_`;
}

/** Used clones a run lets wait for the refiller's drop; past that, drop() drops them itself. */
export const MAX_DISCARDED = 8;

/** Finished clones of run `runId` waiting for the refiller to drop them. */
export function discardPrefix(runId: string): string {
  return `seedband_x_${runId.slice(0, 8)}_`;
}

function shortHash(text: string): string {
  // FNV-1a: a stable 8-hex tag of the template's name (any collision only mixes two pools of one run).
  let h = 0x811c9dc5;
  for (const c of Buffer.from(text)) h = Math.imul(h ^ c, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

export interface ClonePoolOptions {
  serverUrl: string;
  owner: RunOwner;
  templates: PoolTemplate[];
  /** Ready clones kept per template. */
  size: number;
  /** Clones created at the same time (all templates together). */
  concurrency: number;
  /** start() resolves once each pool holds this many (default `size`); the rest fill in the background. */
  warm?: number;
  onEvent?: (message: string) => void;
}

export interface ClonePoolStats {
  /** Clones the pool created, and the seconds they took (summed over concurrent creates). */
  created: number;
  createSeconds: number;
  /** Wall seconds from start() until every pool was full the first time. */
  warmUpSeconds: number;
  /** Creates that failed (the next round retries). */
  failed: number;
  /** Discarded clones dropped in the background. */
  dropped: number;
}

/**
 * Keeps `size` ready clones of each template, named with `poolPrefix` and marked `kind: "pool"`
 * with the run's owner (so a crashed run's pool is a leftover like its clones). Refills when a
 * claimer notifies, and every `pollMs` in case a notification was missed.
 *
 * @example
 * const pool = new ClonePool({ serverUrl, owner, templates: [ci], size: 8, concurrency: 2 });
 * await pool.start();   // resolves once full
 * …
 * await pool.stop();    // then dropRunDatabases() drops what is left
 */
export class ClonePool {
  readonly stats: ClonePoolStats = { created: 0, createSeconds: 0, warmUpSeconds: 0, failed: 0, dropped: 0 };
  private listener: Session | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private inFlight = new Map<string, number>();
  private running = new Set<Promise<void>>();
  private round: Promise<void> | undefined;
  private dropping: Promise<void> | undefined;
  private again = false;
  private lastError = "";
  private asking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: ClonePoolOptions,
    private readonly pollMs = 250,
  ) {}

  /** Fills every pool, then keeps them full in the background until stop(). */
  async start(): Promise<ClonePoolStats> {
    const t = performance.now();
    this.listener = await connect(this.options.serverUrl);
    this.listener.client.on("notification", () => this.wake());
    await this.listener.query(`LISTEN ${CHANNEL}`);
    // The first fill, waited for: the tests start with full pools.
    const warm = Math.min(this.options.warm ?? this.options.size, this.options.size);
    while (!this.stopped) {
      const counts = await this.readyCounts();
      if (counts.every((n) => n >= warm)) break;
      // A template that cannot be copied fails the setup instead of retrying forever.
      if (this.stats.failed > this.options.concurrency + 2) {
        await this.stop();
        throw new Error(
          `Filling the clone pool failed ${this.stats.failed} times; the last: ${this.lastError}`,
        );
      }
      await this.refill();
    }
    this.stats.warmUpSeconds = (performance.now() - t) / 1000;
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake(); // the rest of the fill, in the background
    return this.stats;
  }

  /** Stops refilling and waits for the creates under way (their clones stay until dropped). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.round?.catch(() => {});
    await Promise.allSettled([...this.running]);
    await this.dropping;
    await this.asking;
    await this.listener?.end().catch(() => {});
  }

  /** A query on the pool's own session, one after another (the refill, the drops and the notifies share it). */
  private ask<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    const result = this.asking.then(() => this.listener!.query<R>(sql, params).then((r) => r.rows));
    this.asking = result.catch(() => {});
    return result;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.refill()
      .catch((error) => this.options.onEvent?.(`pool refill failed: ${(error as Error).message}`))
      .finally(() => {
        this.round = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Per template: the ready clones in its pool. */
  private async readyCounts(): Promise<number[]> {
    const { templates, owner } = this.options;
    const prefixes = templates.map((t) => poolPrefix(owner.runId, t));
    const rows = await this.ask<{ prefix: string; n: string }>(
      `SELECT p AS prefix, (SELECT count(*) FROM pg_database WHERE starts_with(datname::text, p)) AS n
         FROM unnest($1::text[]) AS p`,
      [prefixes],
    );
    const ready = new Map(rows.map((r) => [r.prefix, Number(r.n)]));
    return prefixes.map((p) => ready.get(p) ?? 0);
  }

  /** Per template: how many clones are missing (ready + being created < size). */
  private async deficits(): Promise<number[]> {
    const { templates, owner, size } = this.options;
    const ready = await this.readyCounts();
    return templates.map((t, i) => size - ready[i]! - (this.inFlight.get(poolPrefix(owner.runId, t)) ?? 0));
  }

  /** One round: start creates up to the concurrency, and wait until one of them ends. */
  private async refill(): Promise<void> {
    if (this.timer) this.dropDiscarded();
    const deficits = await this.deficits();
    const { templates, concurrency } = this.options;
    // Round-robin over the templates so one band's pool does not starve another's.
    let started = true;
    while (started && this.running.size < concurrency && !this.stopped) {
      started = false;
      for (const [i, template] of templates.entries()) {
        if (deficits[i]! <= 0 || this.running.size >= concurrency) continue;
        deficits[i]!--;
        this.startCreate(template);
        started = true;
      }
    }
    if (this.running.size > 0) await Promise.race(this.running);
  }

  /** Drops the run's discarded clones beside the creates. */
  private dropDiscarded(): void {
    if (this.dropping || this.stopped) return;
    const { serverUrl, owner } = this.options;
    this.dropping = (async () => {
      while (!this.stopped) {
        // As many at once as clones are made: concurrent drops share the checkpoint each forces.
        const rows = await this.ask<{ name: string }>(
          "SELECT datname AS name FROM pg_database WHERE starts_with(datname::text, $1) LIMIT $2",
          [discardPrefix(owner.runId), this.options.concurrency],
        );
        if (rows.length === 0) return;
        await Promise.all(
          rows.map(async ({ name }) => {
            if (await dropOwnedDatabase(serverUrl, name)) this.stats.dropped++;
          }),
        );
      }
    })()
      .catch((error) =>
        this.options.onEvent?.(`pool: dropping a used clone failed: ${(error as Error).message}`),
      )
      .finally(() => {
        this.dropping = undefined;
      });
  }

  private startCreate(template: PoolTemplate): void {
    const { serverUrl, owner } = this.options;
    const prefix = poolPrefix(owner.runId, template);
    this.inFlight.set(prefix, (this.inFlight.get(prefix) ?? 0) + 1);
    const t = performance.now();
    const task = copyTemplate(
      serverUrl,
      `${prefix}${randomBytes(6).toString("hex")}`,
      template,
      owner,
      "pool",
      template,
    )
      .then(
        () => {
          this.stats.created++;
          this.stats.createSeconds += (performance.now() - t) / 1000;
          // Claimers waiting on an empty pool take it at once.
          if (this.stopped) return;
          this.ask("SELECT pg_notify($1, $2)", [READY_CHANNEL, prefix]).catch((error) =>
            this.options.onEvent?.(`pool: notifying claimers failed: ${(error as Error).message}`),
          );
        },
        (error) => {
          this.stats.failed++;
          this.lastError = (error as Error).message;
          this.options.onEvent?.(`pool: cloning ${template.name} failed: ${(error as Error).message}`);
        },
      )
      .finally(() => {
        this.inFlight.set(prefix, this.inFlight.get(prefix)! - 1);
        this.running.delete(task);
        // A slot is free: look again (a claim may have come in meanwhile). During the first
        // fill, start() itself loops.
        if (this.timer) this.wake();
      });
    this.running.add(task);
  }
}

// One maintenance session per process and server for claims, kept open (a new connection costs
// more than the claim itself); between claims its socket is unref'd so it never keeps a process
// alive.
const sessions = new Map<string, Promise<Session>>();
let queue: Promise<unknown> = Promise.resolve();

interface Referable {
  ref?: () => void;
  unref?: () => void;
}

function socketOf(session: Session): Referable | undefined {
  return (session.client as unknown as { connection?: { stream?: Referable } }).connection?.stream;
}

function claimSession(serverUrl: string): Promise<Session> {
  let session = sessions.get(serverUrl);
  if (!session) {
    // A claim's commit need not wait for the WAL to reach the disk (behind the refiller's
    // WAL_LOG copies, that wait is most of a claim on a busy server): the rename is visible to
    // every other session at commit either way. Only a server crash could lose it, and a crash
    // ends the run's tests anyway.
    session = connect(serverUrl).then(async (s) => {
      await s.query("SET synchronous_commit = off");
      s.client.on("notification", (n) => {
        if (n.channel !== READY_CHANNEL) return;
        for (const wake of readyWaiters.get(n.payload ?? "") ?? []) wake();
      });
      await s.query(`LISTEN ${READY_CHANNEL}`);
      return s;
    });
    sessions.set(serverUrl, session);
    session.catch(() => sessions.delete(serverUrl));
  }
  return session;
}

/**
 * Takes a ready clone of `template` from the pool of run `owner.runId`: renamed to a clone's name
 * and marked `kind: "clone"` in one transaction. Returns null when the pool is empty (the caller
 * clones the template itself). Claims of one process run one after another on one session.
 */
export function claimPooledClone(
  serverUrl: string,
  template: PoolTemplate,
  owner: RunOwner,
  waitMs = CLAIM_WAIT_MS,
): Promise<Clone | null> {
  const claim = queue.then(async () => {
    const deadline = performance.now() + waitMs;
    const prefix = poolPrefix(owner.runId, template);
    for (;;) {
      // Listening before the attempt: a clone that becomes ready between an empty claim and the
      // wait still wakes it.
      const ready = readySignal(prefix);
      try {
        const clone = await claimOnce(serverUrl, template, owner);
        const left = deadline - performance.now();
        if (clone || left <= 0) return clone;
        if (!(await ready.wait(left))) return claimOnce(serverUrl, template, owner);
      } finally {
        ready.cancel();
      }
    }
  });
  queue = claim.catch(() => {});
  return claim;
}

/** Waiting claimers per pool prefix, woken by the refiller's READY_CHANNEL notifications. */
const readyWaiters = new Map<string, Set<() => void>>();

function readySignal(prefix: string): { wait(ms: number): Promise<boolean>; cancel(): void } {
  let signalled = false;
  let resolve: ((ready: boolean) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const wake = () => {
    signalled = true;
    resolve?.(true);
  };
  let set = readyWaiters.get(prefix);
  if (!set) readyWaiters.set(prefix, (set = new Set()));
  set.add(wake);
  return {
    wait: (ms) =>
      signalled
        ? Promise.resolve(true)
        : new Promise<boolean>((done) => {
            resolve = done;
            timer = setTimeout(() => done(false), ms);
          }),
    cancel: () => {
      if (timer) clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0) readyWaiters.delete(prefix);
    },
  };
}

async function claimOnce(serverUrl: string, template: PoolTemplate, owner: RunOwner): Promise<Clone | null> {
  try {
    return await claimOnSession(serverUrl, template, owner);
  } catch (error) {
    // A session the server closed (restart, terminate): once more on a new one.
    if (!isConnectionError(error)) throw error;
    const stale = sessions.get(serverUrl);
    sessions.delete(serverUrl);
    stale?.then((s) => s.end()).catch(() => {});
    return claimOnSession(serverUrl, template, owner);
  }
}

async function claimOnSession(serverUrl: string, template: PoolTemplate, owner: RunOwner) {
  const session = await claimSession(serverUrl);
  socketOf(session)?.ref?.();
  try {
    return await claimOn(session, serverUrl, template, owner);
  } finally {
    socketOf(session)?.unref?.();
  }
}

async function claimOn(
  session: Session,
  serverUrl: string,
  template: PoolTemplate,
  owner: RunOwner,
): Promise<Clone | null> {
  const prefix = poolPrefix(owner.runId, template);
  const name = cloneName(template.band);
  const mark = cloneMark(template, owner, "clone");
  // What a ready pool database's mark holds (the rest — dates — may differ). A pool database is
  // marked right after its CREATE DATABASE: one without the mark yet is not offered.
  const wanted = {
    kind: "pool",
    status: "complete",
    owner: { runId: owner.runId },
    band: template.band,
    seed: template.seed,
    fingerprint: template.fingerprint,
  };
  // One round trip: find the run's ready databases, rename the first one no other claimer has
  // taken (a lost race is 3D000 once the winner commits; 55006 if someone connected to it) and
  // mark it as this caller's clone, all in one anonymous block. A random order keeps concurrent
  // claimers from queueing on the same database. P0002: none was left.
  try {
    await session.query(`DO $claim$
DECLARE
  candidate text;
BEGIN
  FOR candidate IN
    SELECT datname FROM pg_database
     WHERE starts_with(datname::text, ${quoteLiteral(prefix)})
       AND starts_with(shobj_description(oid, 'pg_database'), ${quoteLiteral(MARK_PREFIX)})
       AND substr(shobj_description(oid, 'pg_database'), ${MARK_PREFIX.length + 1})::jsonb @> ${quoteLiteral(JSON.stringify(wanted))}::jsonb
     ORDER BY random()
  LOOP
    BEGIN
      EXECUTE format('ALTER DATABASE %I RENAME TO %I', candidate, ${quoteLiteral(name)});
      EXECUTE format('COMMENT ON DATABASE %I IS %L', ${quoteLiteral(name)}, ${quoteLiteral(formatMark(mark))});
      PERFORM pg_notify(${quoteLiteral(CHANNEL)}, ${quoteLiteral(prefix)});
      RETURN;
    EXCEPTION WHEN invalid_catalog_name OR object_in_use THEN
      NULL;
    END;
  END LOOP;
  RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'the pool is empty';
END
$claim$`);
    return { name, url: databaseUrl(serverUrl, name) };
  } catch (error) {
    if ((error as { code?: string }).code === "P0002") return null;
    throw error;
  }
}

/**
 * Hands a finished clone of run `owner.runId` to the refiller, which drops it in the background:
 * renamed to the run's discard prefix (still marked as the run's clone, so teardown and the
 * leftover sweep drop it too). Returns false when it cannot be renamed (a session is still
 * connected to it, or it is gone) or when MAX_DISCARDED wait already: the caller drops it itself.
 */
export function discardClone(serverUrl: string, name: string, owner: RunOwner): Promise<boolean> {
  const discard = queue.then(async () => {
    const session = await claimSession(serverUrl);
    socketOf(session)?.ref?.();
    try {
      // Back-pressure: when the refiller is behind, the caller drops it (and waits), so used
      // clones never pile up on the server's disk.
      const { rows } = await session.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_database WHERE starts_with(datname::text, $1)",
        [discardPrefix(owner.runId)],
      );
      if (Number(rows[0]!.n) >= MAX_DISCARDED) return false;
      const to = `${discardPrefix(owner.runId)}${randomBytes(6).toString("hex")}`;
      await session.query(`ALTER DATABASE ${quoteIdent(name)} RENAME TO ${quoteIdent(to)}`);
      await session.query("SELECT pg_notify($1, $2)", [CHANNEL, to]);
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "3D000" || code === "55006") return false;
      throw error;
    } finally {
      socketOf(session)?.unref?.();
    }
  });
  queue = discard.catch(() => {});
  return discard;
}

function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code?.startsWith("57P") || e.code?.startsWith("08")) return true;
  return /Connection terminated|not queryable|ECONNRESET|EPIPE/i.test(e.message ?? "");
}
