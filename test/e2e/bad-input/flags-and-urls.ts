// Flags and server URLs: `generate --out` that cannot be its folder, and URLs that fail — none of
// their credentials (user, password, password=/sslpassword=/sslkey parameters) in any output.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BadInputCase } from "./corpus.js";

const SECRETS = ["sb-user-x", "Pa55-secret", "q-secret-9", "ssl-secret-7"];
const UNREACHABLE = `postgresql://sb-user-x:Pa55-secret@127.0.0.1:1/postgres?password=q-secret-9&sslpassword=ssl-secret-7`;

export const FLAG_CASES: BadInputCase[] = [
  {
    name: "generate --out an existing file",
    exit: 2,
    server: false,
    async setup(ctx) {
      const out = join(await ctx.scratch(), "taken.txt");
      await writeFile(out, "a file\n");
      return { args: ["generate", ctx.band, "--out", out], where: ["--out", out, "a file, not a folder"] };
    },
  },
  {
    name: "generate --out a folder under a file",
    exit: 2,
    server: false,
    async setup(ctx) {
      const file = join(await ctx.scratch(), "taken.txt");
      await writeFile(file, "a file\n");
      return {
        args: ["generate", ctx.band, "--out", join(file, "sub")],
        where: ["--out", `${file} is a file`],
      };
    },
  },
  {
    name: "generate --out a folder that already holds a manifest",
    exit: 2,
    server: false,
    async setup(ctx) {
      const out = await ctx.scratch();
      await mkdir(out, { recursive: true });
      await writeFile(join(out, "manifest.json"), "{}");
      return { args: ["generate", ctx.band, "--out", out], where: ["--out", out, "manifest.json"] };
    },
  },
];

export const URL_CASES: BadInputCase[] = [
  {
    name: "--database-url with a user, a password and password=/sslpassword= that cannot be reached",
    exit: 2,
    server: false,
    async setup() {
      return {
        args: ["verify", "--database-url", UNREACHABLE],
        where: ["127.0.0.1:1", "--database-url"],
        never: SECRETS,
      };
    },
  },
  {
    name: "DATABASE_URL with credentials that cannot be reached (seed, after planning)",
    exit: 2,
    server: false,
    async setup(ctx) {
      return {
        args: ["seed", ctx.band],
        env: { DATABASE_URL: UNREACHABLE },
        where: ["127.0.0.1:1", "DATABASE_URL"],
        never: SECRETS,
      };
    },
  },
  {
    name: "a malformed --database-url holding a password",
    exit: 2,
    server: false,
    async setup() {
      return {
        args: ["db", "status", "--database-url", "postgresql://sb-user-x:Pa55-secret@[oops/db"],
        where: ["--database-url"],
        never: SECRETS,
      };
    },
  },
  {
    name: "--database-url naming an sslkey file that does not exist (pg quotes the path)",
    exit: 2,
    server: false,
    async setup(ctx) {
      const url = new URL(ctx.server);
      url.searchParams.set("sslkey", "/nonexistent/sb-secret-key.pem");
      url.searchParams.set("sslmode", "require");
      return {
        args: ["verify", "--database-url", url.toString()],
        where: ["--database-url"],
        never: ["sb-secret-key.pem"],
      };
    },
  },
];
