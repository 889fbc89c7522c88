// The COPY folder format, both ways: `seedband generate` writes one file per table in COPY's
// text, CSV or binary format and manifest.json last (rows and SHA-256 per file), so a folder
// without a manifest is an interrupted generate, never loadable; `seedband load` and on-disk
// snapshots read it back, the manifest and every file checked (load/manifest.ts) before any
// server is touched, and each file's SHA-256 again while its COPY streams.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SeedbandError } from "../errors.js";
import {
  type BandGenerator,
  blocksOf,
  type CopyChunk,
  type CopyFormat,
  type Shard,
} from "../generate/index.js";
import type { Emit } from "./load-event.js";
import { checkManifestFiles, checkManifestTables, type LoadManifest } from "./manifest.js";

const FILE_EXTENSION: Record<CopyFormat, string> = { text: "copy", csv: "csv", binary: "bin" };

/** Per table, its file and the SHA-256 it must have (from a manifest). */
export interface CopyFiles {
  format: CopyFormat;
  tables: Record<string, { path: string; sha256: string }>;
}

/** What the manifest says besides the files: the band's identity and where it came from. */
export type ManifestHeader = Omit<LoadManifest, "version" | "shard" | "format" | "tables">;

/** Writes shard `shard` of the band into the empty folder `out`, manifest last. */
export async function writeCopyFolder(
  generator: BandGenerator,
  out: string,
  header: ManifestHeader,
  options: { shard: Shard; format: CopyFormat; emit: Emit },
): Promise<LoadManifest> {
  const { shard, format } = options;
  mkdirSync(out, { recursive: true });
  if (existsSync(join(out, "manifest.json"))) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${out} already holds a manifest.json: give --out an empty folder, so files of two runs never mix.`,
    );
  }
  const tables: LoadManifest["tables"] = [];
  for (const table of generator.tables()) {
    const file = `${table.tableName}.${FILE_EXTENSION[format]}`;
    const stream = createWriteStream(join(out, file));
    const hash = createHash("sha256");
    let rows = 0;
    const started = performance.now();
    const blocks = blocksOf(table.planned.blockRows.length, shard);
    for (const chunk of generator.copyChunks(table.planned, blocks, format)) {
      hash.update(chunk.bytes);
      rows += chunk.rows;
      if (!stream.write(chunk.bytes)) await once(stream, "drain");
    }
    stream.end();
    await once(stream, "finish");
    tables.push({ model: table.modelName, table: table.tableName, file, rows, sha256: hash.digest("hex") });
    const seconds = (performance.now() - started) / 1000;
    options.emit({ kind: "tableDone", table: table.tableName, rows, seconds });
  }
  const { schema, ...identity } = header;
  const manifest: LoadManifest = {
    version: 1,
    ...identity,
    shard,
    ...(schema !== undefined && { schema }),
    format,
    tables,
  };
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The files of a manifest (read by readLoadManifest), checked before any server is touched: it
 * lists exactly the band's `tables`, each file inside `dir` (no absolute path, `..` or link
 * leading out) and of the SHA-256 it records. `fix` says how to get a good folder.
 */
export async function checkCopyFolder(
  dir: string,
  read: { manifest: LoadManifest; file: string },
  tables: readonly string[],
  fix: string,
): Promise<CopyFiles> {
  const { manifest, file } = read;
  checkManifestTables(manifest, file, tables, fix);
  return { format: manifest.format, tables: await checkManifestFiles(dir, manifest, file, fix) };
}

/** A file's bytes, checked against the SHA-256 its manifest gives before the end. */
export async function* fileChunks(table: string, files: CopyFiles): AsyncGenerator<CopyChunk> {
  const entry = files.tables[table];
  if (!entry) throw new SeedbandError("BAD_INPUT", `The manifest lists no file for table ${table}.`);
  const hash = createHash("sha256");
  for await (const bytes of createReadStream(entry.path, { highWaterMark: 256 * 1024 })) {
    hash.update(bytes as Buffer);
    yield { bytes: bytes as Buffer, rows: 0 };
  }
  if (hash.digest("hex") !== entry.sha256) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${entry.path} does not have the SHA-256 its manifest records: the file changed or is incomplete. Generate it again; nothing of it was kept.`,
    );
  }
}
