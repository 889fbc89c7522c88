// The load loop, for single runs and shards alike: every table in foreign-key order, the rows of
// a set of blocks (all of them, or a shard's) streamed into COPY — generated in this thread, by
// generator threads, or read from files `seedband generate` wrote. Returns what it loaded.
import { createHash } from "node:crypto";
import { pauseAt, type Session } from "../db/index.js";
import {
  type BandGenerator,
  blocksOf,
  type CopyChunk,
  type GeneratorPool,
  type Shard,
  type TableOutput,
} from "../generate/index.js";
import type { TableCheck } from "../verify/index.js";
import { arrayElementOids, withElementOids } from "./array-element-oids.js";
import { type CopyFiles, fileChunks } from "./copy-folder.js";
import { copyInto } from "./copy-loader.js";
import { elapsedSeconds, roundSeconds } from "./elapsed.js";
import type { Emit } from "./load-event.js";

export interface LoadBlocksOptions {
  /** Only this shard's blocks (default: all). */
  shard?: Shard;
  /** Generator threads that make the chunks (whole tables only). */
  pool?: GeneratorPool;
  /** The tables' COPY files instead of generated rows. */
  files?: CopyFiles;
  /**
   * Hash the stream of tables whose generated COPY text is canonical (whole tables only): their
   * checksum then needs no read-back, and verify recomputes the same value from the database.
   */
  streamChecksums?: boolean;
  emit: Emit;
  check: () => void;
  signal?: AbortSignal;
}

export interface LoadedBlocks {
  /** Rows the server took, per table. */
  rows: Record<string, number>;
  /** Checksums taken from the stream (streamChecksums). */
  streamed: Map<string, TableCheck>;
  /** Time COPY waited for generated chunks (with threads: only the wait). */
  generateSeconds: number;
  seconds: number;
}

export async function loadBlocks(
  session: Session,
  generator: BandGenerator,
  tables: TableOutput[],
  options: LoadBlocksOptions,
): Promise<LoadedBlocks> {
  const started = performance.now();
  const result: LoadedBlocks = { rows: {}, streamed: new Map(), generateSeconds: 0, seconds: 0 };
  let generateMs = 0;
  for (const table of tables) {
    options.check();
    const tableStart = performance.now();
    const blocks = blocksOf(table.planned.blockRows.length, options.shard);
    const planned = blocks.reduce((sum, b) => sum + table.planned.blockRows[b]!, 0);
    const hash =
      options.streamChecksums && generator.streamIsCanonical(table.planned)
        ? createHash("sha256")
        : undefined;
    const addGenerate = (ms: number) => (generateMs += ms);
    const chunks = options.files
      ? await fileStream(session, table, options.files)
      : options.pool
        ? timedAsync(options.pool.chunks(table.modelName, blocks.length), addGenerate)
        : timed(generator.copyChunks(table.planned, blocks), addGenerate);
    let done = 0;
    let bytes = 0;
    const loaded = await copyInto(
      session,
      { ...table, format: options.files?.format ?? "text" },
      chunks,
      (chunk: CopyChunk) => {
        hash?.update(chunk.bytes);
        bytes += chunk.bytes.length;
        done += chunk.rows;
        options.emit({ kind: "table", table: table.tableName, rows: planned, done, bytes });
      },
      options.signal,
    );
    result.rows[table.tableName] = loaded;
    if (hash) result.streamed.set(table.tableName, { rows: loaded, checksum: hash.digest("hex") });
    options.emit({
      kind: "tableDone",
      table: table.tableName,
      rows: planned,
      seconds: elapsedSeconds(tableStart),
    });
    // Kill tests stop here: one table loaded, the others not.
    if (Object.keys(result.rows).length === 1) await pauseAt(options.files ? "restore" : "copy");
  }
  result.seconds = elapsedSeconds(started);
  result.generateSeconds = roundSeconds(generateMs / 1000);
  return result;
}

/**
 * A table's COPY file; binary files written offline get their array element OIDs from the
 * target's catalog on the way (array-element-oids.ts).
 */
async function fileStream(
  session: Session,
  table: TableOutput,
  files: CopyFiles,
): Promise<AsyncIterable<CopyChunk>> {
  const chunks = fileChunks(table.tableName, files);
  return files.format === "binary" ? withElementOids(chunks, await arrayElementOids(session, table)) : chunks;
}

/** Time spent waiting for the next chunk: with threads, the part of generation COPY waited for. */
async function* timedAsync<T>(source: AsyncIterable<T>, add: (ms: number) => void): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    const t = performance.now();
    const next = await it.next();
    add(performance.now() - t);
    if (next.done) return;
    yield next.value;
  }
}

function* timed<T>(source: Iterable<T>, add: (ms: number) => void): Generator<T> {
  const it = source[Symbol.iterator]();
  for (;;) {
    const t = performance.now();
    const next = it.next();
    add(performance.now() - t);
    if (next.done) return;
    yield next.value;
  }
}
