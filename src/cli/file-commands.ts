// `seedband generate` writes a band (or one shard of it) as COPY-ready files with a manifest;
// `seedband load DIR` loads such a folder into the band's database, as a shard of the same load
// (the first prepares the database, the last finishes it). The manifest and every file it names
// are checked before any server is touched. The folder format itself is load/copy-folder.ts.
import { relative, resolve } from "node:path";
import { projectPaths } from "../config/index.js";
import { redactUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import { databaseNameFor } from "../generate/index.js";
import { checkCopyFolder, type ManifestHeader, readLoadManifest, writeCopyFolder } from "../load/index.js";
import { prepareProjectBand, runSeed } from "../pipeline/index.js";
import { intFlag, maxPositionals, type Parsed, parseShard } from "./args.js";
import type { Io } from "./io.js";
import { checkOutputFolder, makeOutputFolder } from "./output-folder.js";
import { Progress } from "./progress.js";
import { resolveServer } from "./server.js";

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
  const schema = str(args.flags.schema);
  const prepared = await prepareProjectBand(paths, { preset: str(args.flags.preset), schema }, band, seed);
  prepared.generator.checkFormat(format);
  makeOutputFolder(out);
  const progress = new Progress(args.flags.json === true);
  progress.line(
    `seedband: generating band "${band}" (seed ${seed}, shard ${shard.k}/${shard.n}, ${format}) into ${out}`,
  );
  const header: ManifestHeader = {
    band,
    seed,
    preset: prepared.inputs.preset,
    fingerprint: prepared.fingerprint,
    schemaFingerprint: prepared.inputs.schemaFingerprint,
    seedbandVersion: prepared.seedbandVersion,
    ...(schema !== undefined && { schema: relative(paths.root, resolve(process.cwd(), schema)) }),
  };
  const manifest = await writeCopyFolder(prepared.generator, out, header, {
    shard,
    format,
    emit: progress.event,
  });
  if (args.flags.json === true) io.stdout(`${JSON.stringify(manifest, null, 2)}\n`);
  else
    progress.line(
      `seedband: wrote ${manifest.tables.length} files and manifest.json to ${out}; load them with \`seedband load ${out}\``,
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
  const read = await readLoadManifest(dir, fix);
  const { manifest } = read;
  const paths = projectPaths();
  const prepared = await prepareProjectBand(
    paths,
    { preset: manifest.preset, schema: manifest.schema && resolve(paths.root, manifest.schema) },
    manifest.band,
    manifest.seed,
  );
  if (prepared.fingerprint !== manifest.fingerprint) {
    throw new SeedbandError(
      "BAD_INPUT",
      `${read.file}: $.fingerprint does not match this project (schema, preset "${manifest.preset}", seedband.config.ts or seedband's version differ). Nothing was loaded. Fix: load files into the project that generated them, or generate them again.`,
    );
  }
  // Every file inside the folder and whole before any server is touched.
  const tables = prepared.generator.tables().map((t) => t.tableName);
  const files = await checkCopyFolder(dir, read, tables, fix);
  const server = await resolveServer(args.flags, paths);
  const json = args.flags.json === true;
  const progress = new Progress(json);
  progress.line(
    `seedband: loading ${dir} (band ${manifest.band}, seed ${manifest.seed}, shard ${manifest.shard.k}/${manifest.shard.n}) into ${databaseNameFor(manifest.band, manifest.seed, prepared.fingerprint, prepared.inputs.project)} on ${redactUrl(server.url)}`,
  );
  const { record, file } = await runSeed(prepared, server, paths, {
    shard: manifest.shard,
    files,
    onEvent: progress.event,
    ...(io.signal ? { signal: io.signal } : {}),
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
