// Generation in worker threads, so the main thread only streams into COPY: on a 2-core machine
// one core generates while the server's backend ingests. Each thread receives the band's recipe
// and plans it itself; with N threads, thread i makes the blocks of shard i+1 of N (blocksOf)
// and the chunks are put back in block order: the same bytes for any N.
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type ErrorCode, SeedbandError } from "../errors.js";
import type { CopyChunk } from "./band-generator.js";
import type { BandRecipe } from "./band-recipe.js";
import { shardOf } from "./blocks-of.js";
import type { FromThread, GeneratorThreadData, ToThread } from "./generator-thread.js";

interface ThreadState {
  worker: Worker;
  queue: FromThread[];
  notify?: () => void;
  failure?: SeedbandError;
}

export class GeneratorPool {
  private readonly threads: ThreadState[];

  private constructor(threads: ThreadState[]) {
    this.threads = threads;
  }

  static async start(recipe: BandRecipe, workers: number): Promise<GeneratorPool> {
    const file = threadFile();
    const threads = Array.from({ length: workers }, (_, worker): ThreadState => {
      const state: ThreadState = {
        worker: new Worker(file, { workerData: { recipe, worker, workers } satisfies GeneratorThreadData }),
        queue: [],
      };
      state.worker.on("message", (m: FromThread) => {
        if ("error" in m)
          state.failure = new SeedbandError((m.error.code as ErrorCode) ?? "DB_ERROR", m.error.message);
        else state.queue.push(m);
        state.notify?.();
      });
      state.worker.on("error", (error) => {
        state.failure =
          (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND"
            ? new SeedbandError(
                "PROVISION_FAILED",
                `The generator thread ${fileURLToPath(file)} is missing: run \`npm run build\` in the seedband package.`,
                { cause: error },
              )
            : new SeedbandError("COPY_FAILED", `A generator thread failed: ${error.message}`, {
                cause: error,
              });
        state.notify?.();
      });
      return state;
    });
    const pool = new GeneratorPool(threads);
    for (const t of threads) await pool.next(t, (m) => "ready" in m);
    return pool;
  }

  /** The table's COPY chunks, in block order, as the threads produce them. */
  async *chunks(modelName: string, blocks: number): AsyncGenerator<CopyChunk> {
    for (const t of this.threads) t.worker.postMessage({ table: modelName } satisfies ToThread);
    for (let block = 0; block < blocks; block++) {
      const t = this.threads[shardOf(block, this.threads.length) - 1]!;
      for (;;) {
        const m = await this.next(t, () => true);
        if ("blockDone" in m) break;
        if ("bytes" in m) {
          t.worker.postMessage({ credit: 1 } satisfies ToThread);
          yield { bytes: Buffer.from(m.bytes), rows: m.rows };
        }
      }
    }
    for (const t of this.threads) await this.next(t, (m) => "tableDone" in m);
  }

  /** Threads running. */
  get size(): number {
    return this.threads.length;
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private async next(t: ThreadState, wanted: (m: FromThread) => boolean): Promise<FromThread> {
    for (;;) {
      if (t.failure) throw t.failure;
      const m = t.queue.shift();
      if (m) {
        if (wanted(m)) return m;
        continue;
      }
      await new Promise<void>((resolve) => (t.notify = resolve));
    }
  }
}

/** The compiled thread entry (tests run the TypeScript sources; the thread needs the build). */
function threadFile(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("../../dist/generate/generator-thread.js", import.meta.url)
    : new URL("./generator-thread.js", import.meta.url);
}
