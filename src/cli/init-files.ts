// What `seedband init` writes, as text: a typed seedband.config.ts naming the project's models,
// a query catalog example, the Vitest config (new, or the plugin added to an existing one when the
// edit is unambiguous), and the .gitignore line. Pure: the command decides what to write.
import type { Model, ModelGraph } from "../schema/index.js";

export const GITIGNORE_LINE = ".seedband/";
export const PLUGIN_IMPORT = `import { seedband } from "seedband/vitest";`;
export const PLUGIN_CALL = `seedband({ band: "ci" })`;

/** seedband.config.ts: every model named, the overrides commented out (the defaults already work). */
export function configText(graph: ModelGraph, schema: string | undefined): string {
  const models = graph.models.filter((m) => !m.implicit);
  const example = models.find((m) => textField(m) !== undefined);
  const entries = models.map((m) => modelEntry(m, m === example)).join("\n");
  return `// seedband.config.ts: how seedband seeds this project (written by \`seedband init\`).
// Without overrides the schema-aware defaults apply (node_modules/seedband/docs/getting-started.md).
// Overrides win over the preset; uncomment and edit.
import { defineConfig } from "seedband";

export default defineConfig({
${schema ? `  schema: ${JSON.stringify(schema)},\n` : ""}  // Band variables: rows of each root model in a band (the generic preset's \`rows\`: ci 200, dev 20k).
  // bands: { ci: { rows: 500 } },
  models: {
${entries}
  },
});
`;
}

function modelEntry(model: Model, example: boolean): string {
  const text = textField(model);
  if (!example || !text) return `    // ${model.modelName}: {},`;
  return [
    `    // ${model.modelName}: {`,
    `    //   count: { ci: 200, dev: 20_000 }, // rows per band (a model no required relation owns)`,
    `    //   fields: {`,
    `    //     ${text.fieldName}: ({ faker }) => faker.lorem.words(3), // a function of the row`,
    `    //   },`,
    `    //   traits: { flagged: { share: 0.05, fields: { ${text.fieldName}: { value: "flagged" } } } },`,
    `    // },`,
  ].join("\n");
}

/** A plain text column to show a field override on. */
function textField(model: Model): Model["columns"][number] | undefined {
  return model.columns.find(
    (c) => c.type === "String" && !c.isId && !c.isList && !c.isUnique && !isKey(model, c.fieldName),
  );
}

function isKey(model: Model, fieldName: string): boolean {
  return model.foreignKeys.some((fk) => fk.fields.includes(fieldName));
}

/**
 * queries/example.sql: the children of a typical parent, through the first foreign key of the
 * schema (a query every schema with a relation has); undefined when the schema has none.
 */
export function exampleQueryText(graph: ModelGraph): string | undefined {
  for (const model of graph.models) {
    const fk = model.foreignKeys.find((k) => k.columns.length === 1);
    if (!fk || model.primaryKey.length === 0) continue;
    const column = fk.columns[0]!;
    const order = model.primaryKey
      .map((f) => model.columns.find((c) => c.fieldName === f)?.columnName ?? f)
      .map((c) => `"${c}"`)
      .join(", ");
    return `-- name: ${model.tableName}-by-${fk.targetTable}
-- description: Example written by \`seedband init\`: the ${model.tableName} of one ${fk.targetModel}.
--   \`npx seedband baseline capture\` records its plan; \`baseline check\` fails when it changes.
--   See node_modules/seedband/docs/plan-baselines.md.
-- param parent: ${model.tableName}.${column} typical heavy
--   To fail when its plan stops using an index on "${column}", add the header line
--   "-- assert: uses-index-on ${model.tableName}" (see the page above for the assertions).
SELECT *
  FROM "${model.tableName}"
 WHERE "${column}" = :parent
 ORDER BY ${order}
 LIMIT 50
`;
  }
  return undefined;
}

/** A new vitest.config.ts with the plugin. */
export function vitestConfigText(): string {
  return `import { defineConfig } from "vitest/config";
${PLUGIN_IMPORT}

// The ci band is built once before the tests (or reused from its template); every seedBand()
// call in a test clones it.
export default defineConfig({
  plugins: [${PLUGIN_CALL}],
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
`;
}

/**
 * The plugin added to an existing Vitest config, or undefined when the edit is not unambiguous
 * (then the command prints the lines instead): exactly one `plugins: [` to add to, or no plugins
 * and exactly one `defineConfig({` to add them to; the import goes after the last import line.
 */
export function withPlugin(text: string): string | undefined {
  const lines = text.split("\n");
  const lastImport = lines.reduce((at, line, i) => (/^import\s/.test(line) ? i : at), -1);
  if (lastImport < 0 || lines.slice(lastImport + 1).some((l) => /^import\s/.test(l))) return undefined;
  const plugins = [...text.matchAll(/\bplugins\s*:\s*\[/g)];
  const calls = [...text.matchAll(/\bdefineConfig\(\s*\{/g)];
  let edited: string;
  if (plugins.length === 1) {
    const at = plugins[0]!.index! + plugins[0]![0].length;
    const empty = /^\s*\]/.test(text.slice(at));
    edited = `${text.slice(0, at)}${PLUGIN_CALL}${empty ? "" : ", "}${text.slice(at)}`;
  } else if (plugins.length === 0 && calls.length === 1) {
    const at = calls[0]!.index! + calls[0]![0].length;
    edited = `${text.slice(0, at)}\n  plugins: [${PLUGIN_CALL}],${text.slice(at)}`;
  } else return undefined;
  const editedLines = edited.split("\n");
  // The import line index is unchanged when the edit came after it (it always does: defineConfig
  // is called below the imports); refuse otherwise.
  if (plugins.length + calls.length > 0 && (plugins[0] ?? calls[0])!.index! < lineStart(text, lastImport + 1))
    return undefined;
  editedLines.splice(lastImport + 1, 0, PLUGIN_IMPORT);
  return editedLines.join("\n");
}

function lineStart(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) at = text.indexOf("\n", at) + 1;
  return at;
}

/** .gitignore with `.seedband/` added, or undefined when it already ignores the folder. */
export function withGitignore(text: string | undefined): string | undefined {
  const ignored = (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .some((l) => /^\/?\.seedband\/?(\*\*)?$/.test(l));
  if (ignored) return undefined;
  const base = text ?? "";
  const sep = base === "" || base.endsWith("\n") ? "" : "\n";
  return `${base}${sep}# seedband's state: embedded server, run records, snapshots\n${GITIGNORE_LINE}\n`;
}
