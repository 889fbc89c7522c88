// Prisma's implicit many-to-many relations (`posts Post[]` on both sides, no join model) live in
// tables `_<RelationName>` with columns A and B that the DMMF does not list as models. seedband
// generates them like any join model: rows under A, distinct B per A (the pair is the key).

import type { DmmfDatamodel, ImplicitManyToMany } from "./dmmf.js";
import type { Model } from "./model-graph.js";
import { defaultForeignKeyName } from "./prisma-names.js";

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

/**
 * Lists the implicit many-to-many relations (`posts Post[]` on one side, `tags Tag[]` on the
 * other, no `fields:`), whose join tables `_<relationName>` Prisma creates but the DMMF does
 * not show as models. Side A is the model whose name sorts first (code-unit order); in a
 * self-relation, the side whose field name sorts first (Prisma's rule, psl RelationSide).
 *
 * @example
 * implicitManyToMany(readDmmf(files)); // [{ tableName: "_PostToTag", a: { model: "Post", … }, b: { model: "Tag", … } }]
 */
export function implicitManyToMany(datamodel: DmmfDatamodel): ImplicitManyToMany[] {
  const found = new Map<string, ImplicitManyToMany>();
  for (const model of datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.isList || !field.relationName) continue;
      if ((field.relationFromFields?.length ?? 0) > 0 || found.has(field.relationName)) continue;
      const other = datamodel.models
        .find((m) => m.name === field.type)
        ?.fields.find(
          (f) =>
            f.kind === "object" &&
            f.relationName === field.relationName &&
            f.isList &&
            !(f.name === field.name && field.type === model.name),
        );
      if (!other) continue;
      const sides = [
        { model: model.name, field: field.name },
        { model: field.type, field: other.name },
      ].sort((x, y) => compare(x.model, y.model) || compare(x.field, y.field));
      const [a, b] = sides as [{ model: string; field: string }, { model: string; field: string }];
      found.set(field.relationName, {
        relationName: field.relationName,
        tableName: `_${field.relationName}`,
        a: { ...a, targetColumn: idColumnOf(datamodel, a.model) },
        b: { ...b, targetColumn: idColumnOf(datamodel, b.model) },
      });
    }
  }
  return [...found.values()];
}

function idColumnOf(datamodel: DmmfDatamodel, modelName: string): string {
  const model = datamodel.models.find((m) => m.name === modelName);
  const id =
    model?.fields.find((f) => f.isId) ?? model?.fields.find((f) => model.primaryKey?.fields[0] === f.name);
  return id?.dbName ?? id?.name ?? "id";
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
