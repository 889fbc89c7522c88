// `pii check` and `calibrate` on input they cannot read: refused by name (exit 2), never a silent
// skip or "clean", and the personal data the broken input holds is never quoted.
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { BadInputCase } from "./corpus.js";

const EMAIL = "maria.garcia@gmail.com";
const PHONE = "+44 20 7123 4567";

/** A folder with one clean text file and `name` holding `bytes`. */
async function folderWith(dir: string, name: string, bytes: Buffer | string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "clean.txt"), "nothing to see here\n");
  await writeFile(join(dir, name), bytes);
  return join(dir, name);
}

export const PII_FILE_CASES: BadInputCase[] = [
  {
    name: "a binary file in the folder (a NUL byte)",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = await folderWith(dir, "export.dat", Buffer.from([0x61, 0x00, 0x62, 0x0a]));
      return { args: ["pii", "check", dir], where: [file, "control character 0x00"] };
    },
  },
  {
    name: "COPY's binary format in the folder",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const signature = Buffer.from([
        ...Buffer.from("PGCOPY\n"),
        0xff,
        0x0d,
        0x0a,
        0x00,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
      ]);
      const file = await folderWith(dir, "users.bin", signature);
      return { args: ["pii", "check", dir], where: [file, "COPY's binary format", "--format text or csv"] };
    },
  },
  {
    name: "a ZIP archive in the folder",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = await folderWith(dir, "dump", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
      return { args: ["pii", "check", dir], where: [file, "ZIP archive", "unzip"] };
    },
  },
  {
    name: "a truncated gzip file holding personal data",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const gz = gzipSync(`${`line ${EMAIL}\n`.repeat(2000)}`);
      const file = await folderWith(dir, "log.gz", gz.subarray(0, Math.floor(gz.length / 2)));
      return { args: ["pii", "check", dir], where: [file, "damaged gzip"], never: [EMAIL] };
    },
  },
  {
    name: "a Latin-1 file holding personal data (not UTF-8)",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = await folderWith(dir, "notes.txt", Buffer.from(`Ren\u00e9 ${EMAIL}\n`, "latin1"));
      return { args: ["pii", "check", dir], where: [file, "not UTF-8", "iconv"], never: [EMAIL] };
    },
  },
  {
    name: "an empty folder (never clean with 0 files)",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      await mkdir(join(dir, "empty", "nested"), { recursive: true });
      return { args: ["pii", "check", join(dir, "empty")], where: [join(dir, "empty"), "holds no files"] };
    },
  },
  {
    name: "a link to nothing in the folder",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      await folderWith(dir, "ok.txt", "fine\n");
      await symlink(join(dir, "gone.txt"), join(dir, "link.txt"));
      return { args: ["pii", "check", dir], where: [join(dir, "link.txt"), "does not exist"] };
    },
  },
  {
    name: "broken JSON whose key is an address: line and column, never the text",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = await folderWith(dir, "metrics.json", `{\n  "values": {\n    "${EMAIL}" 12\n  }\n}\n`);
      return { args: ["pii", "check", dir, "--json"], where: [`${file}:3:30`, "colon"], never: [EMAIL] };
    },
  },
  {
    name: "JSON that ends inside a string holding a phone number",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = await folderWith(dir, "m.json", `{"note": "call ${PHONE}`);
      return { args: ["pii", "check", file], where: [`${file}:1:`, "ends early"], never: [PHONE, "7123"] };
    },
  },
  {
    name: "CSV with a quote never closed, in a row holding an address",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = await folderWith(dir, "users.csv", `id,email\n1,ok@example.com\n2,"${EMAIL}\n`);
      return { args: ["pii", "check", file], where: [file, "row 3", "column 2"], never: [EMAIL] };
    },
  },
  {
    name: "calibrate: metrics whose JSON is broken next to an address",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const file = await folderWith(dir, "metrics.json", `{"format": "seedband-metrics", "${EMAIL}": }`);
      return {
        args: ["calibrate", file, "--out", join(dir, "spec.json")],
        where: [`${file}:1:`, "not valid JSON"],
        never: [EMAIL],
      };
    },
  },
  {
    name: "calibrate: metrics with an address as a category key (refused, its path masked)",
    exit: 2,
    server: false,
    async setup(ctx) {
      const dir = await ctx.scratch();
      const metrics = {
        format: "seedband-metrics",
        version: 1,
        models: { User: { fields: { email: { kind: "category", values: { [EMAIL]: 12 } } } } },
      };
      const file = await folderWith(dir, "metrics.json", JSON.stringify(metrics));
      return {
        args: ["calibrate", file, "--out", join(dir, "spec.json")],
        where: ["$.models.User.fields.email.values[<key 1: email>]", "calibrate refuses it"],
        never: [EMAIL, "maria", "garcia"],
      };
    },
  },
];
