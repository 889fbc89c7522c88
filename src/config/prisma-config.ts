// Where the project's Prisma schema and migrations are: `prisma.config.ts` (Prisma 7: `schema`, a
// file or a folder of .prisma files, and `migrations.path`, both relative to the config file) when
// the project root has one, else the usual places (prisma/schema.prisma, the folder prisma/schema,
// schema.prisma). A `--schema` flag or seedband.config.ts's `schema` still wins over both.
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SeedbandError } from "../errors.js";
import { loadUserModule } from "./load-user-module.js";

/** The names Prisma looks for at the project root, in its order. */
export const PRISMA_CONFIG_FILES = [
  "prisma.config.ts",
  "prisma.config.mts",
  "prisma.config.cts",
  "prisma.config.js",
  "prisma.config.mjs",
  "prisma.config.cjs",
  ".config/prisma.ts",
  ".config/prisma.mts",
  ".config/prisma.js",
  ".config/prisma.mjs",
];

/** Where Prisma finds a schema without a config (file or multi-file folder). */
const USUAL_SCHEMAS = ["prisma/schema.prisma", "prisma/schema", "schema.prisma"];

export interface PrismaLocations {
  /** The schema file or folder (may not exist: then the caller says so). */
  schema: string;
  /** The migrations folder, when one exists. */
  migrationsDir: string | undefined;
  /** prisma.config.ts, when the project has one. */
  configFile: string | undefined;
  /** Where `schema` came from, for messages. */
  source: "prisma.config" | "usual path";
}

// Without an extension: jiti finds the .ts beside this file in the sources, the .js in dist/.
const STAND_IN = fileURLToPath(new URL("./prisma-config-stand-in", import.meta.url));

export async function prismaLocations(root: string): Promise<PrismaLocations> {
  const configFile = PRISMA_CONFIG_FILES.map((f) => join(root, f)).find((f) => existsSync(f));
  const config = configFile ? await readPrismaConfig(configFile) : {};
  const base = configFile ? dirname(configFile) : root;
  if (config.schema !== undefined) {
    const schema = resolve(base, config.schema);
    if (!existsSync(schema)) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${configFile}: $.schema names ${schema}, which does not exist. Fix the path (relative to ${base}), or remove \`schema\` to use prisma/schema.prisma.`,
      );
    }
    return {
      schema,
      migrationsDir: migrationsOf(config, base, schema),
      configFile,
      source: "prisma.config",
    };
  }
  const schema =
    USUAL_SCHEMAS.map((s) => join(root, s)).find((s) => existsSync(s)) ?? join(root, USUAL_SCHEMAS[0]!);
  return { schema, migrationsDir: migrationsOf(config, base, schema), configFile, source: "usual path" };
}

interface PrismaConfigShape {
  schema?: string;
  migrations?: { path?: string };
}

function migrationsOf(config: PrismaConfigShape, base: string, schema: string): string | undefined {
  if (config.migrations?.path !== undefined) {
    const dir = resolve(base, config.migrations.path);
    return existsSync(dir) ? dir : undefined;
  }
  // Prisma's default: `migrations` beside the schema file; for a schema folder, inside it or
  // beside it (prisma/schema/ with prisma/migrations/). Never a folder further up.
  const folder = existsSync(schema) && statSync(schema).isDirectory();
  const candidates = folder
    ? [join(schema, "migrations"), join(dirname(schema), "migrations")]
    : [join(dirname(schema), "migrations")];
  return candidates.find((d) => existsSync(d));
}

async function readPrismaConfig(file: string): Promise<PrismaConfigShape> {
  const fix = `Fix it there; it must default-export defineConfig({ schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" } }) from "prisma/config".`;
  const loaded = await loadUserModule(file, {
    alias: { "prisma/config": STAND_IN, "@prisma/config": STAND_IN },
    fix,
  });
  const fail = (path: string, what: string): never => {
    throw new SeedbandError("BAD_INPUT", `${file}: ${path} ${what}. ${fix}`);
  };
  if (!loaded || typeof loaded !== "object") return fail("the default export", "is not an object");
  const config = loaded as Record<string, unknown>;
  if (config.schema !== undefined && typeof config.schema !== "string") fail("$.schema", "must be a string");
  const migrations = config.migrations;
  if (migrations !== undefined) {
    if (!migrations || typeof migrations !== "object") fail("$.migrations", "must be an object");
    const path = (migrations as Record<string, unknown>).path;
    if (path !== undefined && typeof path !== "string") fail("$.migrations.path", "must be a string");
  }
  return config as PrismaConfigShape;
}
