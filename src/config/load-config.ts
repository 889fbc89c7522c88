// Finding and loading `seedband.config.ts` (or .mts/.js/.mjs) at the project root. TypeScript is
// loaded with jiti, so the user's config needs no build step; its text is hashed into the
// fingerprint, since its functions cannot be.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { docRef, SeedbandError } from "../errors.js";
import type { SeedbandConfig } from "./define-config.js";
import { loadUserModule } from "./load-user-module.js";

export const CONFIG_FILES = [
  "seedband.config.ts",
  "seedband.config.mts",
  "seedband.config.js",
  "seedband.config.mjs",
];

export interface LoadedConfig {
  config: SeedbandConfig;
  file: string | undefined;
  /** SHA-256 of the file's text ("" without a file). */
  fingerprint: string;
}

export async function loadConfig(root: string): Promise<LoadedConfig> {
  const file = CONFIG_FILES.map((f) => join(root, f)).find((f) => existsSync(f));
  if (!file) return { config: {}, file: undefined, fingerprint: "" };
  const text = readFileSync(file, "utf8");
  const loaded = await loadUserModule(file, {
    fix: `Fix it there; the file must default-export defineConfig({ … }) from "seedband" (${docRef("getting-started.md")}).`,
  });
  checkShape(loaded, file);
  return {
    config: loaded as SeedbandConfig,
    file,
    fingerprint: createHash("sha256").update(text).digest("hex"),
  };
}

/**
 * Where each model's field is given in the config's text ("User.nickname" → "file:line"): the first
 * line naming the field after the first line naming the model. A guess, good for messages only.
 */
export function fieldPlaces(
  file: string,
  models: Record<string, { fields?: object; traits?: object }>,
): Record<string, string> {
  const places: Record<string, string> = {};
  if (!existsSync(file)) return places;
  const lines = readFileSync(file, "utf8").split("\n");
  const literal = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const find = (name: string, from: number) => {
    const pattern = new RegExp(`(^|[^\\w$])["']?${literal(name)}["']?\\s*:`);
    for (let i = from; i < lines.length; i++) if (pattern.test(lines[i]!)) return i;
    return -1;
  };
  for (const [model, config] of Object.entries(models)) {
    const modelLine = find(model, 0);
    if (modelLine < 0) continue;
    const traitFields = Object.values(config.traits ?? {}).flatMap((t) =>
      Object.keys((t as { fields?: object }).fields ?? {}),
    );
    for (const field of [...Object.keys(config.fields ?? {}), ...traitFields]) {
      const line = find(field, modelLine);
      if (line >= 0) places[`${model}.${field}`] ??= `${file}:${line + 1}`;
    }
  }
  return places;
}

function checkShape(value: unknown, file: string): void {
  const fail = (path: string, what: string) => {
    throw new SeedbandError(
      "BAD_INPUT",
      `${file}: ${path} ${what}. See ${docRef("getting-started.md")} (seedband.config.ts).`,
    );
  };
  if (!value || typeof value !== "object")
    fail("the default export", "must be an object: export default defineConfig({ … })");
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!["schema", "preset", "bands", "models", "requireApproval"].includes(key))
      fail(`$.${key}`, "is not a seedband.config key (schema, preset, bands, models, requireApproval)");
  }
  for (const key of ["schema", "preset"]) {
    if (config[key] !== undefined && typeof config[key] !== "string") fail(`$.${key}`, "must be a string");
  }
  if (config.requireApproval !== undefined && typeof config.requireApproval !== "boolean")
    fail("$.requireApproval", "must be true or false");
  if (config.bands !== undefined) {
    for (const [band, vars] of Object.entries(config.bands as object)) {
      for (const [name, v] of Object.entries(vars as object)) {
        if (typeof v !== "number") fail(`$.bands.${band}.${name}`, "must be a number");
      }
    }
  }
  if (config.models !== undefined && (typeof config.models !== "object" || config.models === null)) {
    fail("$.models", "must be an object keyed by Prisma model name");
  }
}
