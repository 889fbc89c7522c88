// Prisma's schema engine (the WASM build, @prisma/schema-engine-wasm), loaded once per process
// and used in sessions: an engine connected to one database through adapter-pg, then freed with
// its connections. Node 20 cannot import the package's `.wasm` as ESM, so it is
// instantiated by hand. A Rust panic inside the engine aborts its WASM instance; the panic is
// turned into a rejected call (not a crashed process) and the next session loads a fresh one.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import * as bundledGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { redactUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import type { SchemaFile } from "../schema/index.js";

type Glue = typeof bundledGlue;
export type SchemaEngine = Awaited<ReturnType<Glue["SchemaEngine"]["new"]>>;
export type { DiffParams, DiffResult, DiffTarget } from "@prisma/schema-engine-wasm/schema_engine_bg";

// The little of the WebAssembly API used here (the project's type libraries do not declare it).
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
  RuntimeError: new (message?: string) => Error;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** One WASM instance of the engine and the promise that rejects when it traps. */
interface Instance {
  glue: Glue;
  trapped: boolean;
  trap: Promise<never>;
  onTrap(error: unknown): void;
}

/** Where Prisma's WASM modules report a panic's message just before they trap. */
interface PanicRegistry {
  set_message(message: string): void;
  get?(): string;
}
const panics = installPanicRegistry();

let compiled: Promise<object> | undefined;
let current: Promise<Instance> | undefined;
let loads = 0;

/**
 * Runs `use` with a schema engine connected to `databaseUrl`, then frees the engine and closes
 * its connections. Engine failures become SeedbandErrors: SCHEMA_INVALID (Prisma rejected the
 * schema), SCHEMA_UNSUPPORTED (the engine failed or panicked on it), UNREACHABLE (the server).
 *
 * @example
 * const sql = await withSchemaEngine(files, url, async (engine) => (await engine.diff(params)).stdout);
 */
export async function withSchemaEngine<T>(
  files: ReadonlyArray<SchemaFile>,
  databaseUrl: string,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const instance = await loadInstance();
  // Loaded on first use: adapter-pg brings pg (~40 ms), which most users of this stage never need.
  const { engineAdapter } = await import("./engine-adapter.js");
  const adapter = engineAdapter(databaseUrl);
  let engine: SchemaEngine | undefined;
  try {
    const datamodels = files.map(([path, text]): [string, string] => [path, text]);
    engine = await Promise.race([
      instance.glue.SchemaEngine.new({ datamodels }, () => {}, adapter.factory),
      instance.trap,
    ]);
    const session = engine;
    return await Promise.race([use(session), instance.trap]);
  } catch (error) {
    if (error instanceof wasmApi.RuntimeError) instance.onTrap(error);
    throw engineError(error, databaseUrl, instance.trapped);
  } finally {
    // A trapped instance's memory is not to be touched again, not even to free.
    if (!instance.trapped) engine?.free();
    await adapter.dispose();
  }
}

/** The loaded instance; a new one after the last one trapped. */
function loadInstance(): Promise<Instance> {
  const loading = (current ??= instantiate().catch((error: unknown) => {
    current = undefined;
    throw new SeedbandError(
      "SCHEMA_UNSUPPORTED",
      `Cannot load Prisma's schema engine (@prisma/schema-engine-wasm): ${message(error)}. ` +
        "Fix: reinstall dependencies (npm ci) so node_modules/@prisma/schema-engine-wasm is complete.",
      { cause: error },
    );
  }));
  return loading;
}

async function instantiate(): Promise<Instance> {
  // The package exports its JS glue but not the .wasm; both sit beside its main file.
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("@prisma/schema-engine-wasm"));
  compiled ??= readFile(join(dir, "schema_engine_bg.wasm")).then((bytes) => wasmApi.compile(bytes));
  const module = await compiled;
  // The glue keeps its instance (and views of its memory) in module state: a fresh instance needs
  // a fresh copy of the glue module, which a distinct URL gives. The first one is the bundled one.
  loads += 1;
  const glue: Glue =
    loads === 1
      ? bundledGlue
      : ((await import(`${pathToFileURL(join(dir, "schema_engine_bg.js")).href}?instance=${loads}`)) as Glue);

  let onTrap: (error: unknown) => void = () => {};
  const trap = new Promise<never>((_, reject) => {
    onTrap = reject;
  });
  trap.catch(() => {}); // observed through Promise.race only
  const instance: Instance = {
    glue,
    trapped: false,
    trap,
    onTrap: (error) => {
      if (instance.trapped) return;
      instance.trapped = true;
      current = undefined;
      onTrap(error);
    },
  };
  const wasm = await wasmApi.instantiate(module, { "./schema_engine_bg.js": glue });
  const exports = guardExports(wasm.exports, instance.onTrap);
  glue.__wbg_set_wasm(exports);
  (exports.__wbindgen_start as () => void)();
  return instance;
}

/**
 * The instance's exports, each function wrapped so that a trap (a Rust panic) marks the instance
 * dead. The engine's async work resumes through exported closure invokers called from
 * microtasks and timers; a trap there would be an uncaught exception, so it is swallowed there
 * and reported through the instance's `trap` promise instead.
 */
function guardExports(
  exports: Record<string, unknown>,
  onTrap: (error: unknown) => void,
): Record<string, unknown> {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value !== "function") {
      guarded[name] = value;
      continue;
    }
    const callback = /closure/.test(name) && /invoke/.test(name);
    guarded[name] = (...args: unknown[]) => {
      try {
        return (value as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        if (!(error instanceof wasmApi.RuntimeError)) throw error;
        onTrap(error);
        if (!callback) throw error;
        return undefined;
      }
    };
  }
  return guarded;
}

function installPanicRegistry(): { last(): string | undefined } {
  const scope = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  let latest: string | undefined;
  // Prisma's own tools install one too (and prisma-schema-wasm reports to the same global).
  const existing = scope.PRISMA_WASM_PANIC_REGISTRY;
  if (existing === undefined) {
    scope.PRISMA_WASM_PANIC_REGISTRY = {
      set_message(value: string) {
        latest = value;
      },
    };
  }
  return { last: () => (existing?.get ? existing.get() : latest) };
}

function engineError(error: unknown, databaseUrl: string, trapped: boolean): SeedbandError {
  if (error instanceof SeedbandError) return error;
  const text = redactSecrets(plain(message(error)), databaseUrl);
  if (trapped) {
    const panic = redactSecrets(plain(panics.last() ?? text), databaseUrl);
    return new SeedbandError(
      "SCHEMA_UNSUPPORTED",
      `Prisma's schema engine crashed (a Rust panic): ${firstLines(panic, 6)}. This is a bug or a limit of ` +
        "Prisma's engine for this schema or database. Fix: check the schema with `npx prisma validate`, and report " +
        "the message above to Prisma (https://github.com/prisma/prisma/issues) if it persists.",
      { cause: error },
    );
  }
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  if (name === "SchemaConnectorError") {
    if (code === "P1012") {
      return new SeedbandError(
        "SCHEMA_INVALID",
        `Prisma's schema engine rejected the schema:\n${firstLines(text, 20)}\nFix: correct the schema at the ` +
          "places above (`npx prisma validate` reports the same errors), and run again.",
        { cause: error },
      );
    }
    return new SeedbandError(
      "SCHEMA_UNSUPPORTED",
      `Prisma's schema engine cannot handle this schema: ${firstLines(text, 6)}. Fix: change what the message ` +
        "names, or give the project a prisma/migrations folder so seedband applies those instead of asking the engine.",
      { cause: error },
    );
  }
  // Anything else comes from the driver adapter: the server, the database or the credentials.
  const where = redactUrl(databaseUrl);
  if (/reach|connect|timed? ?out|does not exist|denied|authentication|password|ECONN|ENOTFOUND/i.test(text)) {
    return new SeedbandError(
      "UNREACHABLE",
      `Prisma's schema engine cannot use the database at ${where}: ${firstLines(text, 3)}. Fix: check that the ` +
        "server is running and the URL (host, port, user, database) is right, then run again.",
      { cause: error },
    );
  }
  return new SeedbandError(
    "DB_ERROR",
    `Prisma's schema engine failed on the database at ${where}: ${firstLines(text, 6)}. Fix: check the server's ` +
      "log for the failing statement, then run again.",
    { cause: error },
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Without ANSI colours and the engine's Rust span trace (`   0: schema_engine_wasm::…`). */
function plain(text: string): string {
  const lines = text.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
  const trace = lines.findIndex((line) => /^\s+\d+: \w+::/.test(line));
  return (trace < 0 ? lines : lines.slice(0, trace)).join("\n").trim();
}

/** At most `count` lines of `text`, without a final period (the caller's sentence goes on). */
function firstLines(text: string, count: number): string {
  const lines = text.split("\n");
  const kept = lines.length <= count ? text : `${lines.slice(0, count).join("\n")}\n…`;
  return kept.replace(/[.\s]+$/, "");
}

/** Removes the URL's password wherever it might appear in an engine message. */
function redactSecrets(text: string, databaseUrl: string): string {
  let password = "";
  try {
    password = decodeURIComponent(new URL(databaseUrl).password);
  } catch {
    // Not a URL we can parse: nothing to look for.
  }
  return password.length > 0 ? text.split(password).join("***") : text;
}
