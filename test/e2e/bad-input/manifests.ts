// `seedband load DIR` on a folder that is not what `generate` wrote: every file it names must be
// inside the folder and whole, and the manifest must be seedband's, before anything is created.
import { readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BadInputCase } from "./corpus.js";

type Manifest = {
  fingerprint: string;
  version: number;
  tables: Array<{ table: string; file: string; sha256: string; rows: number }>;
};

async function editManifest(dir: string, edit: (m: Manifest) => void): Promise<string> {
  const file = join(dir, "manifest.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as Manifest;
  edit(manifest);
  await writeFile(file, JSON.stringify(manifest, null, 2));
  return file;
}

export const MANIFEST_CASES: BadInputCase[] = [
  {
    name: "a file path with .. leading out of the folder",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.tables[0]!.file = "../../../../etc/passwd";
      });
      return { args: ["load", dir], where: [file, "$.tables[0].file", "leads out of"] };
    },
  },
  {
    name: "a file path leading into a sibling folder (the reported attack: another band's data)",
    exit: 2,
    async setup(ctx) {
      const foreign = await ctx.generated();
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.tables[1]!.file = `../${foreign.split("/").at(-1)}/${m.tables[1]!.file}`;
      });
      return { args: ["load", dir], where: [file, "$.tables[1].file", "leads out of"] };
    },
  },
  {
    name: "an absolute file path",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.tables[0]!.file = join(dir, m.tables[0]!.file);
      });
      return { args: ["load", dir], where: [file, "$.tables[0].file", "absolute path"] };
    },
  },
  {
    name: "a file that is a link leading out of the folder",
    exit: 2,
    async setup(ctx) {
      const foreign = await ctx.generated();
      const dir = await ctx.generated();
      const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Manifest;
      const name = manifest.tables[2]!.file;
      await rm(join(dir, name));
      await symlink(join(foreign, name), join(dir, name));
      return {
        args: ["load", dir],
        where: [join(dir, "manifest.json"), "$.tables[2].file", "a link that leads out"],
      };
    },
  },
  {
    name: "a missing COPY file",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Manifest;
      await rm(join(dir, manifest.tables[3]!.file));
      return { args: ["load", dir], where: ["$.tables[3].file", `${manifest.tables[3]!.file} is missing`] };
    },
  },
  {
    name: "a COPY file changed after generate (its SHA-256 differs)",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Manifest;
      const copy = join(dir, manifest.tables[0]!.file);
      const text = await readFile(copy, "utf8");
      await writeFile(copy, text.slice(0, Math.floor(text.length / 2)));
      return { args: ["load", dir], where: [copy, "SHA-256", `table ${manifest.tables[0]!.table}`] };
    },
  },
  {
    name: "a truncated manifest.json",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = join(dir, "manifest.json");
      const text = await readFile(file, "utf8");
      await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
      return { args: ["load", dir], where: [file, "truncated or damaged"] };
    },
  },
  {
    name: "no manifest.json (an interrupted generate)",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      await rm(join(dir, "manifest.json"));
      return { args: ["load", dir], where: [dir, "no manifest.json"] };
    },
  },
  {
    name: "a manifest of another version",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.version = 2;
      });
      return { args: ["load", dir], where: [file, "$.version"] };
    },
  },
  {
    name: "a malformed SHA-256 in the manifest",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.tables[2]!.sha256 = "not-a-hash";
      });
      return { args: ["load", dir], where: [file, "$.tables[2].sha256"] };
    },
  },
  {
    name: "a negative row count in the manifest",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.tables[1]!.rows = -5;
      });
      return { args: ["load", dir], where: [file, "$.tables[1].rows"] };
    },
  },
  {
    name: "a table listed twice",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.tables.push({ ...m.tables[0]! });
      });
      return { args: ["load", dir], where: [file, "a second time"] };
    },
  },
  {
    name: "a table missing from the manifest",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      let dropped = "";
      const file = await editManifest(dir, (m) => {
        dropped = m.tables.pop()!.table;
      });
      return { args: ["load", dir], where: [file, `lacks ${dropped}`] };
    },
  },
  {
    name: "a table the schema does not have",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.tables[0]!.table = "no_such_table";
      });
      return { args: ["load", dir], where: [file, "no_such_table"] };
    },
  },
  {
    name: "a manifest of another project (its fingerprint differs)",
    exit: 2,
    async setup(ctx) {
      const dir = await ctx.generated();
      const file = await editManifest(dir, (m) => {
        m.fingerprint = "0".repeat(64);
      });
      return { args: ["load", dir], where: [file, "$.fingerprint"] };
    },
  },
];
