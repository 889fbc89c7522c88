// A generator thread: plans the band from its recipe (through planRecipe, as the main thread
// does), then produces the COPY chunks of its blocks (thread i of N takes the blocks of shard
// i+1 of N, blocksOf), with credit-based flow control so memory stays bounded. Blocks are
// independent, so the bytes do not depend on how many threads produce them.
import { dirname } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { loadConfig } from "../config/index.js";
import { type BandRecipe, planRecipe } from "./band-recipe.js";
import { blocksOf } from "./blocks-of.js";

export interface GeneratorThreadData {
  recipe: BandRecipe;
  worker: number;
  workers: number;
}

export type ToThread = { table: string } | { credit: number };
export type FromThread =
  | { ready: true }
  | { block: number; bytes: ArrayBuffer; rows: number }
  | { blockDone: number }
  | { tableDone: string }
  | { error: { message: string; code?: string } };

const CREDIT = 8;

async function main(): Promise<void> {
  const port = parentPort!;
  const { recipe, worker, workers } = workerData as GeneratorThreadData;
  let credit = CREDIT;
  let wake: (() => void) | undefined;
  const tables: string[] = [];
  port.on("message", (m: ToThread) => {
    if ("credit" in m) credit += m.credit;
    else tables.push(m.table);
    wake?.();
  });
  const waitFor = (ready: () => boolean) =>
    ready() ? Promise.resolve() : new Promise<void>((r) => (wake = () => ready() && r()));

  try {
    const config = recipe.configFile ? (await loadConfig(dirname(recipe.configFile))).config : {};
    const { generator } = planRecipe(recipe, config);
    port.postMessage({ ready: true } satisfies FromThread);
    for (;;) {
      await waitFor(() => tables.length > 0);
      const name = tables.shift()!;
      const table = generator.tables().find((t) => t.modelName === name)!;
      for (const block of blocksOf(table.planned.blockRows.length, { k: worker + 1, n: workers })) {
        for (const chunk of generator.copyChunks(table.planned, [block])) {
          await waitFor(() => credit > 0);
          credit--;
          const { buffer, byteOffset, byteLength } = chunk.bytes;
          // Transfer, not copy: a chunk that owns its whole ArrayBuffer moves as it is.
          const own = (
            byteOffset === 0 && byteLength === buffer.byteLength
              ? buffer
              : buffer.slice(byteOffset, byteOffset + byteLength)
          ) as ArrayBuffer;
          port.postMessage({ block, bytes: own, rows: chunk.rows } satisfies FromThread, [own]);
        }
        port.postMessage({ blockDone: block } satisfies FromThread);
      }
      port.postMessage({ tableDone: name } satisfies FromThread);
    }
  } catch (error) {
    const e = error as Error & { code?: string };
    port.postMessage({ error: { message: e.message, code: e.code } } satisfies FromThread);
  }
}

void main();
