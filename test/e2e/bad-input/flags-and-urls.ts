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

const SEED_FLAGS: Array<[string, string[], Array<string | RegExp>, RegExp]> = [
  ["an unknown command", ["frobnicate"], ['unknown command "frobnicate"'], /seedband --help/],
  ["an unknown flag of seed", ["seed", "BAND", "--frob"], ["--frob"], /Its flags: /],
  ["--seed that is not a number", ["seed", "BAND", "--seed", "abc"], ["--seed", '"abc"'], /e\.g\. --seed 1/],
  ["--seed below 0", ["seed", "BAND", "--seed", "-1"], ["--seed"], /e\.g\. --seed 1/],
  ["--seed with a fraction", ["seed", "BAND", "--seed", "1.5"], ["--seed"], /e\.g\. --seed 1/],
  ["--shard with k above N", ["seed", "BAND", "--shard", "3/2"], ["--shard", '"3/2"'], /e\.g\. --shard 2\/3/],
  ["--shard that is not k/N", ["seed", "BAND", "--shard", "half"], ["--shard"], /e\.g\. --shard 2\/3/],
  ["seed without a band", ["seed"], ["`seedband seed` takes one band"], /e\.g\. `seedband seed ci`/],
  ["--preset naming no preset", ["seed", "BAND", "--preset", "nosuch"], ['"nosuch"'], /--preset chat/],
  [
    "--to-migration naming no migration",
    ["seed", "BAND", "--to-migration", "nosuch"],
    ["--to-migration nosuch"],
    /Fix: pass one of those/,
  ],
  [
    "generate --format of no COPY format",
    ["generate", "BAND", "--out", "never-written", "--format", "bogus"],
    ['--format "bogus"'],
    /text .*csv or binary/,
  ],
  [
    "load of a folder that does not exist",
    ["load", "/nonexistent/sb-folder"],
    ["/nonexistent/sb-folder"],
    /\bFix\b/,
  ],
  ["approve without --by", ["approve", "metrics.json"], ["`seedband approve` needs"], /--by "Jane Doe"/],
];

FLAG_CASES.push(
  ...SEED_FLAGS.map(
    ([name, args, where, fix]): BadInputCase => ({
      name,
      exit: 2,
      server: false,
      fix,
      async setup(ctx) {
        return { args: args.map((a) => (a === "BAND" ? ctx.band : a)), where };
      },
    }),
  ),
);

URL_CASES.push(
  {
    name: "--database-url of another database (mysql://) holding a password",
    exit: 2,
    server: false,
    async setup(ctx) {
      return {
        args: ["seed", ctx.band, "--database-url", "mysql://sb-user-x:Pa55-secret@127.0.0.1/db"],
        where: ["mysql: URL", "--database-url"],
        never: SECRETS,
      };
    },
  },
  {
    name: "--database-url with a port out of range",
    exit: 2,
    server: false,
    async setup(ctx) {
      return {
        args: ["seed", ctx.band, "--database-url", "postgresql://sb-user-x:Pa55-secret@127.0.0.1:99999/db"],
        where: ["--database-url"],
        never: SECRETS,
      };
    },
  },
  {
    name: "DATABASE_URL with sslpassword= and sslkey= on an unreachable host (verify)",
    exit: 2,
    server: false,
    async setup(ctx) {
      return {
        args: ["verify", ctx.band],
        env: {
          DATABASE_URL: "postgresql://127.0.0.1:1/db?sslpassword=ssl-secret-7&sslkey=/k/q-secret-9.pem",
        },
        where: ["127.0.0.1:1", "DATABASE_URL"],
        never: SECRETS,
      };
    },
  },
);
