// `seedband generate` writes a band (or one shard of it) as COPY-ready files with a manifest;
// `seedband load DIR` loads such a folder into the band's database, as a shard of the same load
// (the first prepares the database, the last finishes it), checking every file's SHA-256.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { projectPaths, seedbandVersion } from "../config/project.js";
import { redactUrl, SeedbandError } from "../errors.js";
import type { CopyFormat } from "../generate/index.js";
import {
  checkManifestFiles,
  checkManifestTables,
  databaseNameFor,
  type LoadManifest,
  readLoadManifest,
} from "../load/index.js";
import { intFlag, maxPositionals, type Parsed } from "./args.js";
import type { Io } from "./commands.js";
import { checkOutputFolder, makeOutputFolder } from "./output-folder.js";
import { prepareBand, runSeed } from "./prepared-band.js";
import { Progress } from "./progress.js";
import { resolveServer } from "./server.js";

const FILE_EXTENSION: Record<CopyFormat, string> = { text: "copy", csv: "csv", binary: "bin" };

export async function generateCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband generate <band> --out DIR [--shard k/N] [--format text|csv|binary]");
  const band = args.positionals[0];
  const out = typeof args.flags.out === "string" ? resolve(process.cwd(), args.flags.out) : undefined;
  if (!band || !out)
    throw new SeedbandError(
      "BAD_INPUT",
      "`seedband generate` needs a band and --out DIR, e.g. `seedband generate dev --out data/dev`.",
    );
  const format = args.flags.format ?? "text";
  if (format !== "text" && format !== "csv" && format !== "binary") {
    throw new SeedbandError(
      "BAD_INPUT",
      `--format ${JSON.stringify(format)}: seedband writes text (COPY's text format, the default), csv or binary (COPY's binary format).`,
    );
  }
  const shard = parseShard(args.flags.shard) ?? { k: 1, n: 1 };
  const seed = intFlag(args.flags.seed, "seed", 1);
  checkOutputFolder(out);
  const paths = projectPaths();
  const prepared = await prepareBand(
    paths,
    { preset: str(args.flags.preset), schema: str(args.flags.schema) },
    band,
    seed,
  );
  const { inputs, generator } = prepared;
  generator.checkFormat(format);
  makeOutputFolder(out);
  const progress = new Progress(args.flags.json === true);
  progress.line(
    `seedband: generating band "${band}" (seed ${seed}, shard ${shard.k}/${shard.n}, ${format}) into ${out}`,
  );
  const tables: LoadManifest["tables"] = [];
  for (const table of generator.tables()) {
    const blocks = Array.from({ length: table.planned.blockRows.length }, (_, b) => b).filter(
      (b) => b % shard.n === shard.k - 1,
    );
    const file = `${table.tableName}.${FILE_EXTENSION[format]}`;
    const stream = createWriteStream(join(out, file));
    const hash = createHash("sha256");
    let rows = 0;
    const started = performance.now();
    for (const chunk of generator.copyChunks(table.planned, blocks, format)) {
      hash.update(chunk.bytes);
      rows += chunk.rows;
      if (!stream.write(chunk.bytes)) await once(stream, "drain");
    }
    stream.end();
    await once(stream, "finish");
    tables.push({ model: table.modelName, table: table.tableName, file, rows, sha256: hash.digest("hex") });
    progress.event({
      kind: "tableDone",
      table: table.tableName,
      rows,
      seconds: (performance.now() - started) / 1000,
    });
  }
  const manifest: LoadManifest = {
    version: 1,
    band,
    seed,
    preset: inputs.preset,
    fingerprint: prepared.fingerprint,
    schemaFingerprint: inputs.schemaFingerprint,
    seedbandVersion: seedbandVersion(),
    shard,
    ...(typeof args.flags.schema === "string" && {
      schema: relative(paths.root, resolve(process.cwd(), args.flags.schema)),
    }),
    format,
    tables,
  };
  // Written last: a folder without a manifest is an interrupted generate, never loadable.
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  if (args.flags.json === true) io.stdout(`${JSON.stringify(manifest, null, 2)}\n`);
  else
    progress.line(
      `seedband: wrote ${tables.length} files and manifest.json to ${out}; load them with \`seedband load ${out}\``,
    );
  return 0;
}

export async function loadCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 1, "seedband load DIR");
  const dir = args.positionals[0] ? resolve(process.cwd(), args.positionals[0]) : undefined;
  if (!dir)
    throw new SeedbandError(
      "BAD_INPUT",
      "`seedband load` needs the folder `seedband generate` wrote, e.g. `seedband load data/dev`.",
    );
  const fix = `give the folder \`seedband generate <band> --out DIR\` wrote, after it finished (generate it again if a file changed).`;
  const { manifest, file: manifestFile } = await readLoadManifest(dir, fix);
  const paths = projectPaths();
  const prepared = await prepareBand(
    paths,
    { preset: manifest.preset, schema: manifest.schema && resolve(paths.root, manifest.schema) },
    manifest.band,
    manifest.seed,
  );
  if (prepared.fingerprint !== manifest.fingerprint) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${manifestFile}: $.fingerprint does not match this project (schema, preset "${manifest.preset}", seedband.config.ts or seedband's version differ). Nothing was loaded. Fix: load files into the project that generated them, or generate them again.`,
    );
  }
  // Every file inside the folder and whole before any server is touched.
  checkManifestTables(
    manifest,
    manifestFile,
    prepared.generator.tables().map((t) => t.tableName),
    fix,
  );
  const files = await checkManifestFiles(dir, manifest, manifestFile, fix);
  const server = await resolveServer(args.flags, paths);
  const json = args.flags.json === true;
  const progress = new Progress(json);
  progress.line(
    `seedband: loading ${dir} (band ${manifest.band}, seed ${manifest.seed}, shard ${manifest.shard.k}/${manifest.shard.n}) into ${databaseNameFor(manifest.band, manifest.seed, prepared.fingerprint)} on ${redactUrl(server.url)}`,
  );
  const { record, file } = await runSeed(prepared, server, paths, {
    shard: manifest.shard,
    files: { format: manifest.format, tables: files },
    onEvent: progress.event,
    signal: io.signal,
  });
  if (json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else
    progress.line(
      `seedband: ${record.shard?.finished ? `done: ${record.database.name} is complete` : `shard ${manifest.shard.k}/${manifest.shard.n} loaded; the last shard finishes the database`}; run record ${file}`,
    );
  return record.status === "ok" ? 0 : 1;
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** `--shard k/N`. */
export function parseShard(value: string | boolean | undefined): { k: number; n: number } | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === "string" ? /^(\d+)\/(\d+)$/.exec(value) : null;
  const k = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (!match || n < 1 || k < 1 || k > n) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--shard must be k/N with 1 ≤ k ≤ N (got ${JSON.stringify(value)}), e.g. --shard 2/3.`,
    );
  }
  return { k, n };
}
