// Merging seedband.config.ts over the preset: serialisable overrides become spec entries (and
// are validated like any spec); functions and traits go to the row source as overrides.
import { SeedbandError } from "../errors.js";
import type { GeneratorFunction, Overrides, TraitOverride } from "../factories/index.js";
import type { ModelGraph } from "../schema/index.js";
import { type FieldSpec, parseSpec, type Spec } from "../spec/index.js";
import type { SeedbandConfig } from "./define-config.js";
import { fieldPlaces } from "./load-config.js";

export function applyConfig(
  spec: Spec,
  config: SeedbandConfig,
  band: string,
  graph: ModelGraph,
  file: string,
): { spec: Spec; overrides: Overrides } {
  const merged: Spec = structuredClone(spec);
  const overrides: Overrides = {
    functions: {},
    traits: {},
    places: fieldPlaces(file, (config.models ?? {}) as Record<string, { fields?: object }>),
  };
  for (const [b, vars] of Object.entries(config.bands ?? {}))
    merged.bands[b] = { ...(merged.bands[b] ?? {}), ...vars };
  for (const [modelName, model] of Object.entries(config.models ?? {})) {
    const at = `${file}: $.models.${modelName}`;
    if (!graph.models.some((m) => m.modelName === modelName)) {
      throw new SeedbandError(
        "BAD_INPUT",
        `${at} names a model the Prisma schema does not have. Models: ${graph.models.map((m) => m.modelName).join(", ")}.`,
      );
    }
    const { count, fields, traits, ...rest } = model;
    const target = { ...(merged.models[modelName] ?? {}), ...rest } as Spec["models"][string];
    if (count !== undefined) {
      if (typeof count === "object") {
        if (count[band] !== undefined) target.count = count[band];
      } else target.count = count;
    }
    const relations = new Set(
      graph.models.find((m) => m.modelName === modelName)!.foreignKeys.map((fk) => fk.relationField),
    );
    const known = graph.models.find((m) => m.modelName === modelName)!;
    const fieldNames = new Set([...known.columns.map((c) => c.fieldName), ...relations]);
    const checkFields = (where: string, names: string[]) => {
      const unknown = names.find((n) => !fieldNames.has(n));
      if (unknown === undefined) return;
      throw new SeedbandError(
        "BAD_INPUT",
        `${where}.${unknown}: ${modelName} has no field "${unknown}". Its fields: ${[...fieldNames].join(", ")}.${nearest(unknown, [...fieldNames])}`,
      );
    };
    checkFields(`${at}.fields`, Object.keys(fields ?? {}));
    for (const [name, trait] of Object.entries(traits ?? {}))
      checkFields(`${at}.traits.${name}.fields`, Object.keys(trait.fields ?? {}));
    const { specFields, functions } = splitFields(fields ?? {}, relations);
    for (const name of Object.keys(functions)) {
      if (relations.has(name)) {
        throw new SeedbandError(
          "BAD_INPUT",
          `${at}.fields.${name} is a relation: it takes { value: null } (always NULL, for an optional relation) or a spec generator such as { among: "…" }, not a function. Fix: give a function to its foreign-key column instead.`,
        );
      }
    }
    target.fields = { ...(target.fields ?? {}), ...specFields };
    if (Object.keys(functions).length > 0) overrides.functions[modelName] = functions;
    for (const [name, trait] of Object.entries(traits ?? {})) {
      if (!(trait.share >= 0 && trait.share <= 1)) {
        throw new SeedbandError("BAD_INPUT", `${at}.traits.${name}.share must be between 0 and 1.`);
      }
      const split = splitFields(trait.fields);
      (overrides.traits[modelName] ??= []).push({ name, share: trait.share, ...split });
    }
    merged.models[modelName] = target;
  }
  const total = (traits: TraitOverride[]) => traits.reduce((s, t) => s + t.share, 0);
  for (const [modelName, traits] of Object.entries(overrides.traits)) {
    if (total(traits) > 1)
      throw new SeedbandError(
        "BAD_INPUT",
        `${file}: $.models.${modelName}.traits: the shares add up to more than 1.`,
      );
  }
  // Validate the merged spec exactly as a preset file is validated.
  return { spec: parseSpec(JSON.stringify(merged), `${file} (merged over the preset)`), overrides };
}

/** " Did you mean …?" for a name one or two edits from a known one. */
function nearest(name: string, names: string[]): string {
  const close = names.find((n) => editDistance(n.toLowerCase(), name.toLowerCase()) <= 2);
  return close ? ` Did you mean "${close}"?` : "";
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

function splitFields(
  fields: Record<string, unknown>,
  relations: ReadonlySet<string> = new Set(),
): {
  specFields: Record<string, FieldSpec>;
  functions: Record<string, GeneratorFunction>;
} {
  const specFields: Record<string, FieldSpec> = {};
  const functions: Record<string, GeneratorFunction> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === "function") functions[field] = value as GeneratorFunction;
    else if (relations.has(field)) specFields[field] = value as FieldSpec;
    else if (value && typeof value === "object" && "value" in value && Object.keys(value).length === 1) {
      const fixed = (value as { value: unknown }).value;
      functions[field] = () => fixed;
    } else specFields[field] = value as FieldSpec;
  }
  return { specFields, functions };
}
