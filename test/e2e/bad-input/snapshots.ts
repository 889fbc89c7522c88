// `seedband snapshot restore` of a damaged logical snapshot: the whole snapshot is checked before
// any server work, so --fresh never drops the good database (the runner seeded one) for nothing.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BadInputCase } from "./corpus.js";

type Manifest = { band: string; tables: Array<{ table: string; file: string }> };

const manifestOf = async (path: string) =>
  JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest;

export const SNAPSHOT_CASES: BadInputCase[] = [
  {
    name: "restore --fresh of a snapshot whose COPY file is damaged (the band's database exists)",
    exit: 2,
    async setup(ctx) {
      const { dir, path } = await ctx.snapshot();
      const manifest = await manifestOf(path);
      const copy = join(path, manifest.tables[2]!.file);
      await writeFile(copy, `${await readFile(copy, "utf8")}999\tdamaged\n`);
      return {
        args: ["snapshot", "restore", ctx.band, "--dir", dir, "--fresh"],
        where: [copy, "SHA-256", "snapshot save"],
      };
    },
  },
  {
    name: "restore of a snapshot with a truncated manifest.json",
    exit: 2,
    async setup(ctx) {
      const { dir, path } = await ctx.snapshot();
      const file = join(path, "manifest.json");
      await writeFile(file, (await readFile(file, "utf8")).slice(0, 100));
      return {
        args: ["snapshot", "restore", ctx.band, "--dir", dir, "--fresh"],
        where: [file, "truncated or damaged"],
      };
    },
  },
  {
    name: "restore of a snapshot with a missing COPY file",
    exit: 2,
    async setup(ctx) {
      const { dir, path } = await ctx.snapshot();
      const manifest = await manifestOf(path);
      await rm(join(path, manifest.tables[0]!.file));
      return {
        args: ["snapshot", "restore", ctx.band, "--dir", dir],
        where: [join(path, "manifest.json"), "$.tables[0].file", "is missing"],
      };
    },
  },
  {
    name: "restore of a snapshot whose manifest names a file outside it",
    exit: 2,
    async setup(ctx) {
      const { dir, path } = await ctx.snapshot();
      const file = join(path, "manifest.json");
      const manifest = await manifestOf(path);
      manifest.tables[1]!.file = "../../elsewhere.copy";
      await writeFile(file, JSON.stringify(manifest));
      return {
        args: ["snapshot", "restore", ctx.band, "--dir", dir, "--fresh"],
        where: [file, "$.tables[1].file", "leads out of"],
      };
    },
  },
  {
    name: "restore of a snapshot whose manifest is of another band than its snapshot.json",
    exit: 2,
    async setup(ctx) {
      const { dir, path } = await ctx.snapshot();
      const file = join(path, "manifest.json");
      const manifest = await manifestOf(path);
      manifest.band = "other";
      await writeFile(file, JSON.stringify(manifest));
      return {
        args: ["snapshot", "restore", ctx.band, "--dir", dir, "--fresh"],
        where: [file, "band other"],
      };
    },
  },
  {
    name: "restore from a folder that holds no snapshot of the band",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.scratch();
      return { args: ["snapshot", "restore", ctx.band, "--dir", dir], where: [dir, "No snapshot"] };
    },
  },
];
