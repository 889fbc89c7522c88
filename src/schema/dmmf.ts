// The parts of Prisma's DMMF (from the WASM `get_dmmf`) the schema reader uses. Types only.

// The part of Prisma's DMMF this module reads (`datamodel` of `get_dmmf`).
export interface DmmfField {
  name: string;
  /** The column name when the field has `@map`; absent otherwise. */
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  isUpdatedAt: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
  uniqueFields: string[][];
}

export interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: Array<{ name: string; dbName: string | null }>;
}

export interface DmmfDatamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
}

/**
 * An implicit many-to-many relation: Prisma's join table `_<relationName>`, whose column "A"
 * references model `a` (its id column `targetColumn`) and column "B" model `b`. `field` is the
 * relation field of that side (Prisma's field_a / field_b): on a row of `a.model`, `a.field`
 * lists the rows that column B references, and the other way round.
 */
export interface ImplicitManyToMany {
  relationName: string;
  tableName: string;
  a: { model: string; field: string; targetColumn: string };
  b: { model: string; field: string; targetColumn: string };
}
