// `seedband init`: a project's first step. Finds the Prisma schema (prisma.config.ts, the usual
// paths, or --schema), then writes what a project needs to start and says what it did: a typed
// seedband.config.ts naming the models, the Vitest plugin, `.seedband/` in .gitignore, a query
// catalog example. Idempotent: a file that exists is left alone (reported as skipped) unless
// --force, and a Vitest config is only ever edited, never replaced.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { CONFIG_FILES, findProjectRoot, prismaLocations } from "../config/index.js";
import { SeedbandError } from "../errors.js";
import { loadSchemaFile } from "../migrate/index.js";
import { maxPositionals, type Parsed } from "./args.js";
import {
  configText,
  exampleQueryText,
  PLUGIN_CALL,
  PLUGIN_IMPORT,
  vitestConfigText,
  withGitignore,
  withPlugin,
} from "./init-files.js";
import type { Io } from "./io.js";

const VITEST_CONFIGS = [
  "vitest.config.ts",
  "vitest.config.mts",
  "vitest.config.cts",
  "vitest.config.js",
  "vitest.config.mjs",
  "vitest.config.cjs",
];

export interface InitStep {
  file: string;
  action: "wrote" | "updated" | "skipped" | "print";
  why: string;
}

export async function initCommand(args: Parsed, io: Io): Promise<number> {
  maxPositionals(args, 0, "seedband init [--schema PATH] [--force] [--json]");
  const json = args.flags.json === true;
  const force = args.flags.force === true;
  const root = findProjectRoot();
  if (!existsSync(join(root, "package.json"))) {
    throw new SeedbandError(
      "BAD_INPUT",
      `No package.json in ${root} or above: run \`seedband init\` inside your project (where package.json is), or create one with \`npm init -y\`.`,
    );
  }
  const schemaFlag =
    typeof args.flags.schema === "string" ? resolve(process.cwd(), args.flags.schema) : undefined;
  const found = schemaFlag ? undefined : await prismaLocations(root);
  const schema = schemaFlag ?? found!.schema;
  if (!existsSync(schema)) {
    throw new SeedbandError(
      "BAD_INPUT",
      schemaFlag
        ? `--schema ${args.flags.schema}: no such file or folder (${schema}). Give the path of your schema.prisma or of your schema folder.`
        : `No Prisma schema found in ${root}: looked for prisma.config.ts's \`schema\`, prisma/schema.prisma, prisma/schema/ and schema.prisma. Create one (\`npx prisma init\`), or pass --schema path/to/schema.prisma.`,
    );
  }
  // Before anything is written: a schema that does not parse is exit 2, nothing changed.
  const graph = await loadSchemaFile(schema);
  const steps: InitStep[] = [];
  const label = (file: string) => relative(root, file) || file;

  // seedband.config.ts: names `schema` only when seedband would not find it on its own.
  const existingConfig = CONFIG_FILES.map((f) => join(root, f)).find((f) => existsSync(f));
  const configFile = join(root, "seedband.config.ts");
  if (existingConfig && !force) {
    steps.push({ file: label(existingConfig), action: "skipped", why: "exists (--force rewrites it)" });
  } else {
    const named = schemaFlag ? relative(root, schemaFlag).split("\\").join("/") : undefined;
    await writeFile(configFile, configText(graph, named));
    steps.push({
      file: label(configFile),
      action: existingConfig ? "updated" : "wrote",
      why: `names ${graph.models.filter((m) => !m.implicit).length} model(s) of ${label(schema)}`,
    });
  }

  steps.push(await vitestStep(root, label));
  steps.push(await gitignoreStep(root, label));
  steps.push(await queriesStep(root, label, graph, force));

  const next = "npx seedband seed ci";
  if (json) {
    io.stdout(`${JSON.stringify({ status: "ok", root, schema: label(schema), steps, next }, null, 2)}\n`);
  } else {
    io.stderr(
      `seedband init: ${label(schema)} (${found?.source ?? "--schema"}), ${graph.models.length} model(s)\n`,
    );
    for (const step of steps) {
      io.stderr(`  ${step.action.padEnd(8)} ${step.file.padEnd(22)} ${step.why}\n`);
      if (step.action === "print")
        io.stderr(
          `             add to it:\n               ${PLUGIN_IMPORT}\n               plugins: [${PLUGIN_CALL}],\n`,
        );
    }
    io.stderr(`Next: \`${next}\` (builds the ci band and verifies it), then \`npx vitest\`.\n`);
  }
  return 0;
}

async function vitestStep(root: string, label: (f: string) => string): Promise<InitStep> {
  const existing = VITEST_CONFIGS.map((f) => join(root, f)).find((f) => existsSync(f));
  if (!existing) {
    const file = join(root, "vitest.config.ts");
    await writeFile(file, vitestConfigText());
    return { file: label(file), action: "wrote", why: `the plugin: ${PLUGIN_CALL}` };
  }
  const text = await readFile(existing, "utf8");
  if (text.includes("seedband/vitest"))
    return { file: label(existing), action: "skipped", why: "already uses seedband/vitest" };
  const edited = withPlugin(text);
  if (edited === undefined)
    return { file: label(existing), action: "print", why: "cannot be edited safely; add the plugin by hand" };
  await writeFile(existing, edited);
  return { file: label(existing), action: "updated", why: `added ${PLUGIN_CALL} to plugins` };
}

async function gitignoreStep(root: string, label: (f: string) => string): Promise<InitStep> {
  const file = join(root, ".gitignore");
  const text = existsSync(file) ? await readFile(file, "utf8") : undefined;
  const next = withGitignore(text);
  if (next === undefined) return { file: label(file), action: "skipped", why: "already ignores .seedband/" };
  await writeFile(file, next);
  return { file: label(file), action: text === undefined ? "wrote" : "updated", why: "ignores .seedband/" };
}

async function queriesStep(
  root: string,
  label: (f: string) => string,
  graph: Parameters<typeof exampleQueryText>[0],
  force: boolean,
): Promise<InitStep> {
  const dir = join(root, "queries");
  const file = join(dir, "example.sql");
  const present = existsSync(dir) ? (await readdir(dir)).filter((f) => /\.(sql|ts)$/.test(f)) : [];
  if (present.length > 0 && !(force && present.includes("example.sql") && present.length === 1))
    return {
      file: label(dir),
      action: "skipped",
      why: `holds ${present.length} quer${present.length === 1 ? "y" : "ies"} already`,
    };
  const text = exampleQueryText(graph);
  if (text === undefined)
    return {
      file: label(file),
      action: "skipped",
      why: "the schema has no relation to write an example for",
    };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return {
    file: label(file),
    action: present.length > 0 ? "updated" : "wrote",
    why: "a plan baseline example",
  };
}
