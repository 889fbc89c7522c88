// A generator thread: plans the band once, then produces the COPY chunks of the blocks it is
// given (block ≡ k mod N for worker k of N), with credit-based flow control so memory stays
// bounded. Rows are computed exactly as in the main thread: blocks are independent, so the
// bytes do not depend on how many threads produce them.
import { parentPort, workerData } from "node:worker_threads";
import { applyConfig } from "../config/apply-config.js";
import { loadConfig } from "../config/load-config.js";
import type { Overrides } from "../factories/user-generator.js";
import type { ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";
import { BandGenerator } from "./band-generator.js";

export interface GeneratorThreadData {
  graph: ModelGraph;
  spec: Spec;
  band: string;
  seed: number;
  file: string;
  /** Project root whose seedband.config.ts supplies generator functions (not transferable). */
  configRoot?: string;
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
  const data = workerData as GeneratorThreadData;
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
    let { spec } = data;
    let overrides: Overrides | undefined;
    if (data.configRoot) {
      const loaded = await loadConfig(data.configRoot);
      ({ spec, overrides } = applyConfig(
        spec,
        loaded.config,
        data.band,
        data.graph,
        loaded.file ?? "seedband.config.ts",
      ));
    }
    const generator = new BandGenerator(data.graph, spec, data.band, data.seed, data.file, overrides);
    port.postMessage({ ready: true } satisfies FromThread);
    for (;;) {
      await waitFor(() => tables.length > 0);
      const name = tables.shift()!;
      const table = generator.tables().find((t) => t.modelName === name)!;
      for (let block = data.worker; block < table.planned.blockRows.length; block += data.workers) {
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
