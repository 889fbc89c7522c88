// Prisma's implicit many-to-many relations (`posts Post[]` on both sides, no join model) live in
// tables `_<RelationName>` with columns A and B that the DMMF does not list as models. seedband
// generates them like any join model: rows under A, distinct B per A (the pair is the key).

import type { Model } from "./model-graph.js";
import { type DmmfDatamodel, defaultForeignKeyName, implicitManyToMany } from "./read-schema.js";

export function implicitJoinModels(datamodel: DmmfDatamodel, models: readonly Model[]): Model[] {
  return implicitManyToMany(datamodel).flatMap((m2m) => {
    const a = models.find((x) => x.modelName === m2m.a.model);
    const b = models.find((x) => x.modelName === m2m.b.model);
    const aKey = a?.columns.find((c) => c.columnName === m2m.a.targetColumn);
    const bKey = b?.columns.find((c) => c.columnName === m2m.b.targetColumn);
    if (!a || !b || !aKey || !bKey) return [];
    const column = (name: "A" | "B", key: typeof aKey) => ({
      fieldName: name,
      columnName: name,
      type: key.type,
      isList: false,
      isRequired: true,
      isId: true,
      isUnique: false,
      isUpdatedAt: false,
      ...(key.nativeType ? { nativeType: key.nativeType } : {}),
    });
    const fk = (name: "A" | "B", target: Model, key: typeof aKey, relationField: string) => ({
      relationField,
      relationName: m2m.relationName,
      fields: [name],
      columns: [name],
      targetModel: target.modelName,
      targetTable: target.tableName,
      targetFields: [key.fieldName],
      targetColumns: [key.columnName],
      isRequired: true,
      constraintName: defaultForeignKeyName(m2m.tableName, [name]),
    });
    return [
      {
        modelName: m2m.tableName,
        tableName: m2m.tableName,
        schemaName: a.schemaName,
        columns: [column("A", aKey), column("B", bKey)],
        primaryKey: ["A", "B"],
        uniques: [],
        // Relation fields named after the sides, so a spec can describe the table like any model.
        foreignKeys: [
          fk("A", a, aKey, m2m.a.model.charAt(0).toLowerCase() + m2m.a.model.slice(1)),
          fk("B", b, bKey, m2m.b.model.charAt(0).toLowerCase() + m2m.b.model.slice(1)),
        ],
        relations: [],
        implicit: true,
      },
    ];
  });
}
