// The `datasource` and `generator` blocks of Prisma schema text, property by property and with
// offsets into the file: what the normaliser blanks out, and what the engine code reads
// (provider, schemas, preview features). Lenient like schema-text.ts: Prisma's parser, which runs
// afterwards, has the last word on what is valid.

import { closingIndex, stringEnd, stringLiteral, stripComments } from "./schema-text.js";

export interface ConfigProperty {
  name: string;
  /** Offset of the property's name in the file's text. */
  start: number;
  /** Offset just past its value (a trailing `//` comment is not part of it). */
  end: number;
  /** Offset of the value, and the value as written (`env("DATABASE_URL")`, `["views"]`). */
  valueStart: number;
  value: string;
}

export interface ConfigBlock {
  keyword: "datasource" | "generator";
  name: string;
  file: string;
  properties: ConfigProperty[];
}

/** One element of an array value such as `["multiSchema", "views"]`, with offsets into the file. */
export interface ArrayItem {
  text: string;
  start: number;
  end: number;
  /** Offset of the comma after the item, when there is one. */
  commaAfter?: number;
}

/** What seedband needs to know of a schema's configuration blocks. */
export interface SchemaConfig {
  /** The datasource's provider (`"postgresql"`), undefined when there is no datasource or no provider. */
  provider?: string;
  /** The file holding the datasource block. */
  datasourceFile?: string;
  /** Postgres schemas of the datasource's `schemas = [...]`; empty when it has none. */
  schemas: string[];
  /** Preview features of every generator, as written. */
  previewFeatures: string[];
}

/** The datasource and generator blocks of every file, in file order. */
export function scanConfigBlocks(files: ReadonlyArray<readonly [string, string]>): ConfigBlock[] {
  const blocks: ConfigBlock[] = [];
  for (const [file, text] of files) {
    const source = stripComments(text);
    let headerStart = 0;
    for (let i = 0; i < source.length; i += 1) {
      const ch = source[i];
      if (ch === '"') {
        i = stringEnd(source, i) - 1;
      } else if (ch === "{") {
        // A block opens at top level: its header is the text since the previous block.
        const end = closingIndex(source, i);
        const header = /\b([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*$/.exec(source.slice(headerStart, i));
        const keyword = header?.[1];
        if ((keyword === "datasource" || keyword === "generator") && header?.[2]) {
          blocks.push({ keyword, name: header[2], file, properties: scanProperties(source, i + 1, end) });
        }
        i = end;
        headerStart = end + 1;
      }
    }
  }
  return blocks;
}

/** Provider, schemas and preview features of a (possibly multi-file) schema. */
export function readSchemaConfig(files: ReadonlyArray<readonly [string, string]>): SchemaConfig {
  const config: SchemaConfig = { schemas: [], previewFeatures: [] };
  const texts = new Map(files.map(([file, text]) => [file, text]));
  for (const block of scanConfigBlocks(files)) {
    const text = texts.get(block.file) ?? "";
    const property = (name: string) => block.properties.find((p) => p.name === name);
    if (block.keyword === "datasource" && config.datasourceFile === undefined) {
      config.datasourceFile = block.file;
      const provider = stringLiteral(property("provider")?.value);
      if (provider !== undefined) config.provider = provider;
      const schemas = property("schemas");
      if (schemas) config.schemas = stringItems(text, schemas);
    } else if (block.keyword === "generator") {
      const features = property("previewFeatures");
      if (features) config.previewFeatures.push(...stringItems(text, features));
    }
  }
  return config;
}

/** Whether the schema enables a preview feature (Prisma compares names case-insensitively). */
export function hasPreviewFeature(config: SchemaConfig, feature: string): boolean {
  return config.previewFeatures.some((f) => f.toLowerCase() === feature.toLowerCase());
}

/** The elements of an array value, with offsets into `text`; [] when the value is not an array. */
export function arrayItems(text: string, property: ConfigProperty): ArrayItem[] {
  const source = stripComments(text);
  const open = source.indexOf("[", property.valueStart);
  if (open < 0 || open >= property.end) return [];
  const close = Math.min(closingIndex(source, open), property.end);
  const items: ArrayItem[] = [];
  let start = open + 1;
  const push = (end: number, comma?: number) => {
    const raw = source.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== "") {
      const item: ArrayItem = { text: trimmed, start: start + lead, end: start + lead + trimmed.length };
      if (comma !== undefined) item.commaAfter = comma;
      items.push(item);
    }
  };
  let depth = 0;
  for (let i = open + 1; i < close; i += 1) {
    const ch = source[i];
    if (ch === '"') {
      i = stringEnd(source, i) - 1;
    } else if (ch === "(" || ch === "[" || ch === "{") {
      depth += 1;
    } else if (ch === ")" || ch === "]" || ch === "}") {
      depth -= 1;
    } else if (ch === "," && depth === 0) {
      push(i, i);
      start = i + 1;
    }
  }
  push(close);
  return items;
}

function stringItems(text: string, property: ConfigProperty): string[] {
  return arrayItems(text, property)
    .map((item) => stringLiteral(item.text))
    .filter((s): s is string => s !== undefined);
}

/** `name = value` lines of a block body; a value may span lines inside brackets. */
function scanProperties(source: string, bodyStart: number, bodyEnd: number): ConfigProperty[] {
  const properties: ConfigProperty[] = [];
  let lineStart = bodyStart;
  let depth = 0;
  const takeLine = (lineEnd: number) => {
    const line = source.slice(lineStart, lineEnd);
    const head = /^(\s*)([A-Za-z_]\w*)\s*=\s*/.exec(line);
    if (head?.[1] !== undefined && head[2] !== undefined) {
      const valueStart = lineStart + head[0].length;
      const value = source.slice(valueStart, lineEnd).trimEnd();
      properties.push({
        name: head[2],
        start: lineStart + head[1].length,
        end: valueStart + value.length,
        valueStart,
        value,
      });
    }
  };
  for (let i = bodyStart; i < bodyEnd; i += 1) {
    const ch = source[i];
    if (ch === '"') {
      i = stringEnd(source, i) - 1;
    } else if (ch === "(" || ch === "[") {
      depth += 1;
    } else if (ch === ")" || ch === "]") {
      depth = Math.max(0, depth - 1);
    } else if (ch === "\n" && depth === 0) {
      takeLine(i);
      lineStart = i + 1;
    }
  }
  takeLine(bodyEnd);
  return properties;
}
