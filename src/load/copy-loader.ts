// COPY FROM STDIN through pg-copy-streams. Chunks go through stream.pipeline, so a failure on
// either side destroys the COPY and Postgres rolls it back: a failed load leaves nothing
// half-written in the table.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { quoteIdent, type Session, translatePgError } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { CopyChunk, CopyFormat } from "../generate/index.js";

export interface CopyTarget {
  /** The Prisma model, for messages. */
  modelName?: string;
  schemaName: string;
  tableName: string;
  columnNames: string[];
  /** COPY text (default), CSV or binary. */
  format?: CopyFormat;
}

export async function copyInto(
  session: Session,
  target: CopyTarget,
  chunks: Iterable<CopyChunk> | AsyncIterable<CopyChunk>,
  onChunk?: (chunk: CopyChunk) => void,
  signal?: AbortSignal,
): Promise<number> {
  const table = `${quoteIdent(target.schemaName)}.${quoteIdent(target.tableName)}`;
  const format = target.format && target.format !== "text" ? ` WITH (FORMAT ${target.format})` : "";
  const sql = `COPY ${table} (${target.columnNames.map(quoteIdent).join(", ")}) FROM STDIN${format}`;
  const sink = session.client.query(copyFrom(sql));
  const source = Readable.from(counting(chunks, onChunk), { objectMode: false });
  try {
    await pipeline(source, sink, signal ? { signal } : {});
    // The server's own count of the rows it took.
    return sink.rowCount;
  } catch (error) {
    if (signal?.aborted)
      throw new SeedbandError("INTERRUPTED", `Loading ${table} was interrupted; its COPY was rolled back.`, {
        cause: error,
      });
    const model = target.modelName ? ` (model ${target.modelName})` : "";
    throw translatePgError(
      error,
      `COPY into ${table}${model} failed (nothing of it was kept)`,
      "COPY_FAILED",
    );
  }
}

async function* counting(
  chunks: Iterable<CopyChunk> | AsyncIterable<CopyChunk>,
  onChunk?: (chunk: CopyChunk) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    onChunk?.(chunk);
    yield chunk.bytes;
  }
}
