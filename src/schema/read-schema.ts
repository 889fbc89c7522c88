// Prisma schema text → ModelGraph. Parses with Prisma's own parser (the WASM `get_dmmf`, no
// binary, no network), converts its DMMF to the model graph, and fills the few gaps of the DMMF
// (relation `map:` names, Unsupported columns, views) from the schema text. Pure: the caller
// reads the files (src/migrate/load-schema-file.ts).

import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { SeedbandError } from "../errors.js";
import type { DmmfDatamodel, DmmfEnum, DmmfField, DmmfModel } from "./dmmf.js";
import { implicitJoinModels } from "./implicit-join-models.js";
import type {
  Column,
  EnumType,
  FieldDefault,
  ForeignKey,
  Model,
  ModelGraph,
  ScalarType,
} from "./model-graph.js";
import { normaliseSchemaFiles } from "./normalise-schema-files.js";
import { schemaInvalidError } from "./prisma-diagnostics.js";
import { defaultForeignKeyName } from "./prisma-names.js";
import type { SchemaFile } from "./schema-file.js";
import {
  type ScannedBlock,
  type ScannedField,
  scanArguments,
  scanSchemaText,
  stringLiteral,
} from "./schema-text.js";

export type { SchemaFile };

const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>([
  "String",
  "Int",
  "BigInt",
  "Float",
  "Decimal",
  "Boolean",
  "DateTime",
  "Json",
  "Bytes",
]);

/**
 * Reads a Prisma schema (one file, or the files of a multi-file schema folder) into the model
 * graph. Throws SeedbandError("SCHEMA_INVALID") naming file, line and column when Prisma
 * rejects it.
 *
 * @example
 * const graph = readSchema([["prisma/schema.prisma", text]]);
 * graph.models.map((m) => m.tableName); // ["users", "conversations", …]
 */
export function readSchema(files: ReadonlyArray<SchemaFile>): ModelGraph {
  const datamodel = readDmmf(files);
  const blocks = scanSchemaText(files);
  const modelBlocks = new Map(
    blocks.filter((b) => b.keyword === "model" || b.keyword === "view").map((b) => [b.name, b]),
  );
  // Views come through the DMMF as ordinary models; nothing can be loaded into them.
  const dmmfModels = datamodel.models.filter((m) => modelBlocks.get(m.name)?.keyword !== "view");
  const byName = new Map(dmmfModels.map((m) => [m.name, m]));
  const enums = datamodel.enums.map(toEnumType);
  const dmmfEnums = new Map(datamodel.enums.map((e) => [e.name, e]));

  const models = dmmfModels.map((model): Model => {
    const block = modelBlocks.get(model.name);
    const primaryKey = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
    const columns: Column[] = [];
    for (const field of model.fields) {
      if (field.kind !== "scalar" && field.kind !== "enum") continue;
      columns.push(toColumn(model, field, primaryKey, dmmfEnums));
    }
    if (block) insertUnsupportedColumns(columns, block, primaryKey);
    const uniques = [
      ...model.fields.filter((f) => f.isUnique && f.kind !== "object").map((f) => [f.name]),
      ...model.uniqueFields.map((fields) => [...fields]),
    ];
    return {
      modelName: model.name,
      tableName: tableNameOf(model),
      schemaName: model.schema ?? "public",
      columns,
      primaryKey: [...primaryKey],
      uniques,
      foreignKeys: [],
      relations: model.fields
        .filter((f) => f.kind === "object" && byName.has(f.type))
        .map((f) => ({
          fieldName: f.name,
          relationName: f.relationName ?? "",
          targetModel: f.type,
          isList: f.isList,
        })),
    };
  });

  // Foreign keys need every model's columns first (the target's column names).
  for (const model of models) {
    const dmmf = byName.get(model.modelName);
    if (!dmmf) continue;
    const block = modelBlocks.get(model.modelName);
    for (const field of dmmf.fields) {
      const fk = toForeignKey(model, field, models, block);
      if (fk) model.foreignKeys.push(fk);
    }
  }
  return { models: [...models, ...implicitJoinModels(datamodel, models)], enums };
}

/**
 * Parses and validates the schema with Prisma's parser and returns the DMMF datamodel.
 * Prisma 5/6 schemas are accepted as they are (see normaliseSchemaFiles). Throws
 * SeedbandError("SCHEMA_INVALID") with Prisma's diagnostics when it is invalid.
 */
export function readDmmf(files: ReadonlyArray<SchemaFile>): DmmfDatamodel {
  if (files.length === 0) {
    throw new SeedbandError(
      "SCHEMA_INVALID",
      "No Prisma schema files were given. Fix: pass the path of schema.prisma (or of a folder of .prisma files) with --schema.",
    );
  }
  let json: string;
  try {
    // Normalising blanks characters out in place, so Prisma's lines and columns stay the user's.
    const prismaSchema = normaliseSchemaFiles(files).map(([path, text]) => [path, text]);
    json = get_dmmf(JSON.stringify({ prismaSchema }));
  } catch (error) {
    throw schemaInvalidError(files, error);
  }
  const dmmf = JSON.parse(json) as { datamodel: DmmfDatamodel };
  return dmmf.datamodel;
}

function toColumn(
  model: DmmfModel,
  field: DmmfField,
  primaryKey: readonly string[],
  enums: ReadonlyMap<string, DmmfEnum>,
): Column {
  const column: Column = {
    fieldName: field.name,
    columnName: field.dbName ?? field.name,
    type: "Enum",
    isList: field.isList,
    isRequired: field.isRequired,
    isId: field.isId || primaryKey.includes(field.name),
    isUnique: field.isUnique,
    isUpdatedAt: field.isUpdatedAt,
  };
  if (field.kind === "enum") {
    column.enumName = field.type;
  } else if (SCALAR_TYPES.has(field.type)) {
    column.type = field.type as ScalarType;
  } else {
    throw new SeedbandError(
      "SCHEMA_UNSUPPORTED",
      `Field ${model.name}.${field.name} has type ${field.type}, which seedband does not know. ` +
        "Fix: use a scalar type (String, Int, BigInt, Float, Decimal, Boolean, DateTime, Json, Bytes) or an enum.",
    );
  }
  if (field.default !== undefined) {
    const enumInfo = field.kind === "enum" ? enums.get(field.type) : undefined;
    column.default = toDefault(field.default, enumInfo);
  }
  if (field.nativeType) {
    column.nativeType = { name: field.nativeType[0], args: [...field.nativeType[1]] };
  }
  return column;
}

function toDefault(value: unknown, enumInfo: DmmfEnum | undefined): FieldDefault {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "name" in value) {
    const fn = value as { name: string; args?: unknown[] };
    switch (fn.name) {
      case "autoincrement":
      case "now":
      case "uuid":
      case "cuid":
        return { kind: fn.name };
      case "dbgenerated": {
        const sql = fn.args?.[0];
        return typeof sql === "string" ? { kind: "dbgenerated", sql } : { kind: "dbgenerated" };
      }
      default:
        return { kind: "other", name: fn.name };
    }
  }
  // Enum defaults come as Prisma value names; the graph speaks SQL values (@map applied).
  const sqlValue = (v: unknown) =>
    enumInfo && typeof v === "string" ? (enumInfo.values.find((e) => e.name === v)?.dbName ?? v) : v;
  if (Array.isArray(value)) {
    return { kind: "literal", value: value.map(sqlValue) as Array<string | number | boolean> };
  }
  return { kind: "literal", value: sqlValue(value) as string | number | boolean | null };
}

function toForeignKey(
  model: Model,
  field: DmmfField,
  models: readonly Model[],
  block: ScannedBlock | undefined,
): ForeignKey | undefined {
  if (field.kind !== "object" || !field.relationFromFields?.length) return undefined;
  const target = models.find((m) => m.modelName === field.type);
  if (!target) return undefined; // a relation to a view: no constraint to honour
  const fields = [...field.relationFromFields];
  const targetFields = [...(field.relationToFields ?? [])];
  const keyColumns = fields.map((name) => columnOf(model, name));
  const columns = keyColumns.map((c, i) => c?.columnName ?? fields[i] ?? "");
  const targetColumns = targetFields.map((name) => columnOf(target, name)?.columnName ?? name);
  const mapped = relationMap(block?.fields.find((f) => f.name === field.name));
  return {
    relationField: field.name,
    relationName: field.relationName ?? "",
    fields,
    columns,
    targetModel: target.modelName,
    targetTable: target.tableName,
    targetFields,
    targetColumns,
    isRequired: keyColumns.every((c) => c?.isRequired === true),
    constraintName: mapped ?? defaultForeignKeyName(model.tableName, columns),
  };
}

/** The `map: "…"` argument of a field's `@relation(…)`, which the DMMF does not carry. */
function relationMap(field: ScannedField | undefined): string | undefined {
  const relation = field?.attributes.find((a) => a.name === "relation");
  if (relation?.args === undefined) return undefined;
  return stringLiteral(scanArguments(relation.args).find((a) => a.name === "map")?.value);
}

/**
 * `Unsupported("…")` fields are absent from the DMMF but are real columns (a required one
 * without a default makes the table impossible to fill). They are carried with type
 * "Unsupported" and the SQL type as nativeType `{ name: "Unsupported", args: [sqlType] }`,
 * placed after the field that precedes them in the schema.
 */
function insertUnsupportedColumns(
  columns: Column[],
  block: ScannedBlock,
  primaryKey: readonly string[],
): void {
  let previous: string | undefined;
  for (const field of block.fields) {
    const sqlType = /^Unsupported\(([\s\S]*)\)$/.exec(field.type)?.[1];
    if (sqlType === undefined) {
      if (columns.some((c) => c.fieldName === field.name)) previous = field.name;
      continue;
    }
    const attr = (name: string) => field.attributes.find((a) => a.name === name);
    const mapArg = attr("map")?.args;
    const mapName = mapArg === undefined ? undefined : stringLiteral(scanArguments(mapArg)[0]?.value);
    const column: Column = {
      fieldName: field.name,
      columnName: mapName ?? field.name,
      type: "Unsupported",
      isList: field.isList,
      isRequired: !field.isOptional,
      isId: attr("id") !== undefined || primaryKey.includes(field.name),
      isUnique: attr("unique") !== undefined,
      isUpdatedAt: false,
      nativeType: { name: "Unsupported", args: [stringLiteral(sqlType) ?? sqlType.trim()] },
    };
    const defaultArgs = attr("default")?.args;
    if (defaultArgs !== undefined) {
      const sql = /^\s*dbgenerated\(([\s\S]*)\)\s*$/.exec(defaultArgs)?.[1];
      const text = sql === undefined ? undefined : stringLiteral(sql);
      column.default = text === undefined ? { kind: "dbgenerated" } : { kind: "dbgenerated", sql: text };
    }
    const at = previous === undefined ? 0 : columns.findIndex((c) => c.fieldName === previous) + 1;
    columns.splice(at, 0, column);
    previous = field.name;
  }
}

function toEnumType(e: DmmfEnum): EnumType {
  return { name: e.name, dbName: e.dbName ?? e.name, values: e.values.map((v) => v.dbName ?? v.name) };
}

function tableNameOf(model: DmmfModel): string {
  return model.dbName ?? model.name;
}

function columnOf(model: Model, fieldName: string): Column | undefined {
  return model.columns.find((c) => c.fieldName === fieldName);
}

/** Longest prefix of `text` within `maxBytes` UTF-8 bytes that does not split a character. */

/** Code-unit order, as Prisma (Rust) sorts names; never locale-dependent. */
