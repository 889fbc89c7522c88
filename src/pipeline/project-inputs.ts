// What a seed or verify reads from the project: the Prisma schema, its migrations and the preset.
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  type LoadedConfig,
  loadConfig,
  loadSpec,
  PACKAGE_ROOT,
  type ProjectPaths,
  prismaLocations,
} from "../config/index.js";
import { SeedbandError } from "../errors.js";
import {
  loadSchemaFile,
  type Migration,
  migrationsFingerprint,
  prepareEngineSchema,
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
  // Without --schema or seedband.config.ts's `schema`: prisma.config.ts's, else the usual paths.
  const prisma = schemaOption ? undefined : await prismaLocations(paths.root);
  const schemaPath = schemaOption ? resolve(process.cwd(), schemaOption) : prisma!.schema;
  if (!existsSync(schemaPath)) {
    throw new SeedbandError(
      "BAD_INPUT",
      schemaOption
        ? `No Prisma schema at ${schemaPath}. Fix the path given ${options.schema ? "with --schema" : `as \`schema\` in ${config.file}`}.`
        : `No Prisma schema found: looked for prisma.config.ts's \`schema\`, prisma/schema.prisma, prisma/schema/ and schema.prisma under ${paths.root}. Pass --schema path/to/schema.prisma, or declare \`schema\` in prisma.config.ts.`,
    );
  }
  const schemaFiles = await readSchemaFiles(schemaPath);
  checkNotEmpty(schemaFiles, schemaPath);
  const graph = await loadSchemaFile(schemaPath);
  if (graph.models.length === 0) {
    throw new SeedbandError(
      "SCHEMA_INVALID",
      `The Prisma schema ${schemaPath} defines no models: there is nothing to seed. Fix: add a model (model User { id Int @id }), or pass --schema with the schema of your project.`,
    );
  }
  // Migrations beside the schema (a folder schema: inside it or beside it) for a schema given
  // here; else prisma.config.ts's migrations.path, else Prisma's default beside the schema.
  const schemaDir = statSync(schemaPath).isDirectory() ? schemaPath : dirname(schemaPath);
  const migrationsDir = schemaOption
    ? [join(schemaDir, "migrations"), join(dirname(schemaDir), "migrations")].find((d) => existsSync(d))
    : prisma!.migrationsDir;
  if (options.toMigration && !migrationsDir) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--to-migration ${options.toMigration}: the project has no migrations folder (looked for ${join(schemaDir, "migrations")}${prisma?.configFile ? ` and ${prisma.configFile}'s migrations.path` : ""}).`,
    );
  }
  const migrations = migrationsDir
    ? await readMigrations(migrationsDir, options.toMigration ? { upTo: options.toMigration } : {})
    : [];
  // Without migrations the schema engine writes the DDL: what it would refuse is refused now,
  // before any server is touched.
  if (migrations.length === 0) prepareEngineSchema(schemaFiles);
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

/** An empty schema (nothing but blanks and comments) is refused by name, before Prisma's parser. */
function checkNotEmpty(files: ReadonlyArray<SchemaFile>, schemaPath: string): void {
  const meaningful = files.some(([, text]) => text.replace(/\/\/.*$/gm, "").trim().length > 0);
  if (files.length === 0 || !meaningful) {
    throw new SeedbandError(
      "SCHEMA_INVALID",
      `The Prisma schema ${schemaPath} is empty. Fix: point --schema (or schema in seedband.config.ts) at your schema.prisma, which has a datasource block and your models.`,
    );
  }
}

function fixFile(paths: ProjectPaths, config: LoadedConfig, specFile: string): string {
  if (config.file) return config.file;
  const builtin = !relative(join(PACKAGE_ROOT, "presets"), specFile).startsWith("..");
  return builtin ? `${join(paths.root, "seedband.config.ts")} (models: { … } in defineConfig)` : specFile;
}
