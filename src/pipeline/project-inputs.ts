// What a seed or verify reads from the project: the Prisma schema, its migrations and the preset.
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type LoadedConfig, loadConfig, loadSpec, PACKAGE_ROOT, type ProjectPaths } from "../config/index.js";
import { SeedbandError } from "../errors.js";
import {
  loadSchemaFile,
  type Migration,
  migrationsFingerprint,
  readMigrations,
  readSchemaFiles,
} from "../migrate/index.js";
import { type ModelGraph, type SchemaFile, schemaFilesFingerprint } from "../schema/index.js";
import type { Spec } from "../spec/index.js";

export interface ProjectInputs {
  graph: ModelGraph;
  migrations: Migration[];
  /** The schema's files (normalised when read): DDL without migrations, the drift check with them. */
  schemaFiles: SchemaFile[];
  schemaFingerprint: string;
  spec: Spec;
  specFile: string;
  /**
   * The file a planning message tells the user to edit: their seedband.config.ts when they have
   * one or when the preset is seedband's own (a preset inside the package is not theirs to edit),
   * else their preset (the preset's file when not given).
   */
  fixFile?: string;
  /** The preset used: the one asked for, else `chat` when the schema has its models, else `generic`. */
  preset: string;
  /** seedband.config.ts, when the project has one. */
  config: LoadedConfig;
  schemaPath: string;
  /**
   * The project's identity (ProjectPaths.projectId): written into every owner mark, and part of
   * the database and snapshot names, so projects sharing a server never take each other's.
   * Absent for inputs made by hand (tests): their databases carry no project.
   */
  project?: string;
}

/** What the user chose: `--schema`, `--preset`, `--to-migration`. */
export interface ProjectOptions {
  schema?: string | undefined;
  preset?: string | undefined;
  toMigration?: string | undefined;
}

export async function readProjectInputs(
  paths: ProjectPaths,
  options: ProjectOptions,
): Promise<ProjectInputs> {
  const config = await loadConfig(paths.root);
  const schemaOption =
    options.schema ?? (config.config.schema ? resolve(paths.root, config.config.schema) : undefined);
  const schemaPath = schemaOption ? resolve(process.cwd(), schemaOption) : paths.schema;
  if (!existsSync(schemaPath)) {
    throw new SeedbandError(
      "BAD_INPUT",
      `No Prisma schema at ${schemaPath}. Pass --schema path/to/schema.prisma, or run seedband from a project that has prisma/schema.prisma.`,
    );
  }
  const graph = await loadSchemaFile(schemaPath);
  const schemaFiles = await readSchemaFiles(schemaPath);
  // Migrations beside the schema (a folder schema: inside it or beside it); prisma/migrations by default.
  const schemaDir = statSync(schemaPath).isDirectory() ? schemaPath : dirname(schemaPath);
  const migrationsDir = schemaOption
    ? [join(schemaDir, "migrations"), join(dirname(schemaDir), "migrations")].find((d) => existsSync(d))
    : existsSync(paths.migrationsDir)
      ? paths.migrationsDir
      : undefined;
  if (options.toMigration && !migrationsDir) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--to-migration ${options.toMigration}: the project has no migrations folder (looked for ${join(schemaDir, "migrations")}).`,
    );
  }
  const migrations = migrationsDir
    ? await readMigrations(migrationsDir, options.toMigration ? { upTo: options.toMigration } : {})
    : [];
  const asked = options.preset ?? config.config.preset;
  let preset = asked ?? "chat";
  let { spec, file } = loadSpec(preset, paths.presetDirs);
  const fits = Object.keys(spec.models).every((m) => graph.models.some((x) => x.modelName === m));
  if (asked === undefined && !fits) {
    preset = "generic";
    ({ spec, file } = loadSpec(preset, paths.presetDirs));
  }
  return {
    graph,
    migrations,
    schemaFiles,
    // With migrations, they define the database; without, the schema itself does.
    schemaFingerprint:
      migrations.length > 0 ? migrationsFingerprint(migrations) : schemaFilesFingerprint(schemaFiles),
    spec,
    specFile: file,
    fixFile: fixFile(paths, config, file),
    preset,
    config,
    schemaPath,
    project: paths.projectId,
  };
}

function fixFile(paths: ProjectPaths, config: LoadedConfig, specFile: string): string {
  if (config.file) return config.file;
  const builtin = !relative(join(PACKAGE_ROOT, "presets"), specFile).startsWith("..");
  return builtin ? `${join(paths.root, "seedband.config.ts")} (models: { … } in defineConfig)` : specFile;
}
