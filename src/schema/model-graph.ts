// The model graph: what seedband knows of a Prisma schema, with Prisma names and SQL names
// side by side (modelName/fieldName vs tableName/columnName). Built from the DMMF by
// read-schema.ts; everything downstream (factories, plan, load) reads only this.

export type ScalarType =
  | "String"
  | "Int"
  | "BigInt"
  | "Float"
  | "Decimal"
  | "Boolean"
  | "DateTime"
  | "Json"
  | "Bytes";

/** A column's default as Prisma declares it. */
export type FieldDefault =
  | { kind: "autoincrement" }
  | { kind: "now" }
  | { kind: "uuid" }
  | { kind: "cuid" }
  | { kind: "dbgenerated"; sql?: string }
  | { kind: "literal"; value: string | number | boolean | null | Array<string | number | boolean> }
  | { kind: "other"; name: string };

export interface Column {
  fieldName: string; // Prisma field name
  columnName: string; // SQL column name (@map)
  /** Scalar type, or "Enum" with `enumName` set. "Unsupported" columns are carried but never filled. */
  type: ScalarType | "Enum" | "Unsupported";
  enumName?: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean; // part of the primary key (single or composite)
  isUnique: boolean; // @unique on this field alone
  isUpdatedAt: boolean;
  default?: FieldDefault;
  /** Native type, e.g. { name: "VarChar", args: ["120"] } for @db.VarChar(120). */
  nativeType?: { name: string; args: string[] };
}

export interface ForeignKey {
  /** Prisma relation field on the model holding the key, e.g. "conversation". */
  relationField: string;
  relationName: string;
  /** Columns on this table, in order, as field names and column names. */
  fields: string[];
  columns: string[];
  /** The referenced model, its table, and the referenced fields/columns in the same order. */
  targetModel: string;
  targetTable: string;
  targetFields: string[];
  targetColumns: string[];
  /** True when every key column is required (a required relation). */
  isRequired: boolean;
  /** The constraint name Prisma gives it (`<table>_<columns>_fkey` unless mapped). */
  constraintName: string;
}

export interface Model {
  modelName: string;
  tableName: string;
  /** Postgres schema of the table ("public" unless @@schema). */
  schemaName: string;
  columns: Column[];
  /** Primary key as field names (composite @@id included). Empty when the model has none. */
  primaryKey: string[];
  /** Unique constraints as lists of field names (single @unique and composite @@unique). */
  uniques: string[][];
  foreignKeys: ForeignKey[];
  /** Every relation field of the model, both sides (list back-relations included). */
  relations: RelationField[];
  /** Prisma's table of an implicit many-to-many relation (`_AToB`), not a model of the schema. */
  implicit?: boolean;
}

export interface RelationField {
  fieldName: string;
  relationName: string;
  targetModel: string;
  isList: boolean;
}

export interface EnumType {
  name: string; // Prisma enum name
  dbName: string; // SQL type name (@@map)
  values: string[]; // SQL values (@map applied)
}

export interface ModelGraph {
  models: Model[];
  enums: EnumType[];
}

export function findModel(graph: ModelGraph, modelName: string): Model | undefined {
  return graph.models.find((m) => m.modelName === modelName);
}

export function findColumn(model: Model, fieldName: string): Column | undefined {
  return model.columns.find((c) => c.fieldName === fieldName);
}
