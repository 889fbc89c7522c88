// The manifest of a folder of COPY files (`seedband generate`, on-disk logical snapshots), as
// `seedband load` and `snapshot restore` read it: written last, so a folder without one is never
// loadable. Before any server is touched, the manifest is read and validated, every file it names
// must lie inside its folder (no absolute path, no `..`, no link leading out) and match its
// SHA-256, and it must list each of the band's tables once: a damaged or foreign folder is bad
// input (exit 2), never a database dropped or half-written.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { z } from "zod";
import { SeedbandError } from "../errors.js";
import type { CopyFormat } from "../generate/index.js";
import { jsonPath } from "../spec/index.js";

export interface LoadManifest {
  version: 1;
  band: string;
  seed: number;
  preset: string;
  fingerprint: string;
  schemaFingerprint: string;
  seedbandVersion: string;
  /** This folder is shard k of n of the load. */
  shard: { k: number; n: number };
  /** The Prisma schema given with --schema, relative to the project root (absent: the default). */
  schema?: string;
  format: CopyFormat;
  tables: Array<{ model: string; table: string; file: string; rows: number; sha256: string }>;
}

/** The files of a checked manifest, by table, as the seed run reads them. */
export type ManifestFiles = Record<string, { path: string; sha256: string }>;

const manifestSchema = z.object({
  version: z.literal(1),
  band: z.string().min(1),
  seed: z.number().int(),
  preset: z.string().min(1),
  fingerprint: z.string().regex(/^[0-9a-f]+$/, "a hex fingerprint"),
  schemaFingerprint: z.string(),
  seedbandVersion: z.string(),
  shard: z
    .object({ k: z.number().int().min(1), n: z.number().int().min(1) })
    .refine((s) => s.k <= s.n, "k must be at most n"),
  schema: z.string().min(1).optional(),
  format: z.enum(["text", "csv", "binary"]),
  tables: z.array(
    z.object({
      model: z.string().min(1),
      table: z.string().min(1),
      file: z.string().min(1),
      rows: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex characters"),
    }),
  ),
});

function bad(message: string, fix: string, cause?: unknown): SeedbandError {
  return new SeedbandError(
    "BAD_INPUT",
    `${message} Nothing was loaded. Fix: ${fix}`,
    cause ? { cause } : undefined,
  );
}

/**
 * `<dir>/manifest.json`, read and validated. `fix` says how to get a good folder (generate it
 * again, save the snapshot again).
 */
export async function readLoadManifest(
  dir: string,
  fix: string,
): Promise<{ manifest: LoadManifest; file: string }> {
  const file = join(dir, "manifest.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw bad(
      e.code === "ENOENT"
        ? `${dir} holds no manifest.json: it is not a folder seedband wrote, or its writing did not finish.`
        : `Cannot read ${file}: ${e.message}.`,
      fix,
      error,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw bad(
      `${file} is not valid JSON (${(error as Error).message}): it is truncated or damaged.`,
      fix,
      error,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `  ${jsonPath(i.path as (string | number)[])}: ${i.message}`);
    throw bad(`${file} is not a seedband manifest (version 1):\n${issues.join("\n")}\n`, fix);
  }
  const manifest = parsed.data as LoadManifest;
  const seen = new Set<string>();
  manifest.tables.forEach((t, i) => {
    if (seen.has(t.table)) throw bad(`${file}: $.tables[${i}] lists table ${t.table} a second time.`, fix);
    seen.add(t.table);
  });
  return { manifest, file };
}

/**
 * Checks that the manifest lists exactly the band's tables (`tables`, the generator's), each once.
 */
export function checkManifestTables(
  manifest: LoadManifest,
  file: string,
  tables: readonly string[],
  fix: string,
): void {
  const expected = new Set(tables);
  const listed = new Set(manifest.tables.map((t) => t.table));
  const unknown = [...listed].filter((t) => !expected.has(t));
  const missing = tables.filter((t) => !listed.has(t));
  if (unknown.length > 0 || missing.length > 0)
    throw bad(
      `${file} does not list the band's tables${missing.length ? `: it lacks ${missing.join(", ")}` : ""}${unknown.length ? `${missing.length ? ";" : ":"} it lists tables the schema does not have (${unknown.join(", ")})` : ""}.`,
      fix,
    );
}

/**
 * Checks every file the manifest names: inside `dir` (after following links), a regular file, of
 * the SHA-256 the manifest records. Returns the files by table.
 */
export async function checkManifestFiles(
  dir: string,
  manifest: LoadManifest,
  file: string,
  fix: string,
): Promise<ManifestFiles> {
  const base = await realpath(dir);
  const inside = (p: string) => p.startsWith(base + sep);
  const out: ManifestFiles = {};
  for (const [i, t] of manifest.tables.entries()) {
    const where = `${file}: $.tables[${i}].file ${JSON.stringify(t.file)}`;
    if (isAbsolute(t.file))
      throw bad(`${where} is an absolute path: a manifest names files inside its own folder (${dir}).`, fix);
    const path = resolve(base, t.file);
    if (!inside(path))
      throw bad(`${where} leads out of ${dir}: seedband reads only files inside the manifest's folder.`, fix);
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      throw bad(`${where}: the file ${relative(base, path)} is missing from ${dir}.`, fix, error);
    }
    if (!inside(real))
      throw bad(
        `${where} is a link that leads out of ${dir} (to ${real}): seedband reads only files inside the manifest's folder.`,
        fix,
      );
    if (!(await stat(real)).isFile()) throw bad(`${where} is not a regular file.`, fix);
    const sha256 = await fileSha256(real);
    if (sha256 !== t.sha256)
      throw bad(
        `${join(dir, t.file)} does not have the SHA-256 ${file} records for table ${t.table}: the file changed, or is incomplete or damaged.`,
        fix,
      );
    out[t.table] = { path: real, sha256: t.sha256 };
  }
  return out;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}
