// The shape of `seedband.config.ts`: the project's own control over seeding. Overrides here win
// over the preset's spec, which wins over the schema-aware defaults.
import type { GeneratorFunction } from "../factories/index.js";
import type { FieldSpec, ModelSpec } from "../spec/index.js";

export type { GeneratorContext, GeneratorFunction } from "../factories/index.js";

/** A model's overrides: any spec entry, plus a count per band. */
export interface ModelConfig extends Omit<ModelSpec, "count" | "fields"> {
  /** Rows of a root model: a number, a band variable ("$users"), or per band ({ ci: 50, dev: 5000 }). */
  count?: number | string | Record<string, number>;
  /** Per field: a spec generator ({ "categorical": … }), a fixed value, or a function of the row. */
  fields?: Record<string, FieldSpec | GeneratorFunction | { value: unknown }>;
  /**
   * Named variants a share of the rows takes, e.g. `{ admin: { share: 0.05, fields: { role: { value: "ADMIN" } } } }`.
   * A row takes at most one trait; trait fields override the model's fields for that row.
   */
  traits?: Record<
    string,
    { share: number; fields: Record<string, FieldSpec | GeneratorFunction | { value: unknown }> }
  >;
}

export interface SeedbandConfig {
  /** Prisma schema file or folder (default prisma/schema.prisma). */
  schema?: string;
  /** Preset name or spec path (default: chat when the schema has its models, else generic). */
  preset?: string;
  /** Band variables to add or override, per band: { ci: { users: 800 } }. */
  bands?: Record<string, Record<string, number>>;
  /** Per-model overrides, by Prisma model name. */
  models?: Record<string, ModelConfig>;
  /**
   * `seedband calibrate` reads only metrics files approved with `seedband approve` (the record
   * beside the file: same SHA-256, not expired). See docs/privacy-engineering.md.
   */
  requireApproval?: boolean;
}

/**
 * Declares the project's seedband configuration (typed; returns it unchanged).
 *
 * @example
 * // seedband.config.ts
 * import { defineConfig } from "seedband";
 * export default defineConfig({
 *   models: {
 *     User: {
 *       count: { ci: 200, dev: 20_000 },
 *       fields: { nickname: ({ faker }) => faker.word.adjective() },
 *       traits: { admin: { share: 0.02, fields: { role: { value: "ADMIN" } } } },
 *     },
 *   },
 * });
 */
export function defineConfig(config: SeedbandConfig): SeedbandConfig {
  return config;
}
