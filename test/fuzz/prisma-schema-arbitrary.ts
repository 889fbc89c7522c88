// Valid Prisma schemas with random relation topologies, for property-based tests of the planner:
// tenants with composite (id, tenantId) keys and tenant-scoped composite foreign keys, required
// and optional relations (cycles only through optional ones), one-to-ones, self relations, join
// tables with composite primary keys, settings tables keyed by their owner's id, unique pairs of
// foreign keys, uniques of a foreign key and an enum, uniques of enum and boolean columns, and
// model order shuffled. Built from a list of dice (fast-check shrinks them towards 0, the
// simplest choice), so a failure shrinks to a small schema.
import fc from "fast-check";

export interface FuzzSchema {
  text: string;
  /** What the dice chose, for a failure's message. */
  summary: string;
}

type IdKind = "int" | "cuid" | "uuid";

interface FuzzModel {
  name: string;
  id: IdKind;
  tenant: boolean;
  lines: string[];
  blockLines: string[];
  /** Primary key made of relation columns (join table, settings): no `id` column. */
  keyless: boolean;
}

const idDefault = (id: IdKind) =>
  id === "int" ? " @default(autoincrement())" : id === "cuid" ? " @default(cuid())" : " @default(uuid())";

const columnType = (id: IdKind) => (id === "int" ? "Int" : id === "uuid" ? "String @db.Uuid" : "String");

export function buildSchema(dice: readonly number[]): FuzzSchema {
  let k = 0;
  const d = (n: number) => (n <= 1 ? 0 : (dice[k++ % dice.length] ?? 0) % n);
  const count = 2 + d(7);
  const tenancy = d(2) === 1;
  const models: FuzzModel[] = [];
  let usesEnum = false;
  for (let i = 0; i < count; i++) {
    const name = i === 0 && tenancy ? "Tenant" : `M${i}`;
    models.push({
      name,
      id: (["int", "cuid", "uuid"] as const)[d(3)]!,
      tenant: false,
      lines: [],
      blockLines: [],
      keyless: false,
    });
  }
  // Shapes first: a settings or join table has no `id`, so nothing may point at it.
  for (let i = 1; i < count; i++) {
    const m = models[i]!;
    if (models.slice(0, i).some((x) => !x.keyless) && d(5) === 0) m.keyless = true;
  }
  let relation = 0;
  const addRelation = (
    from: FuzzModel,
    to: FuzzModel,
    opts: { required: boolean; unique?: boolean; field?: string; scoped?: boolean },
  ): string => {
    const r = `r${relation++}`;
    const field = opts.field ?? `${r}Id`;
    const q = opts.required ? "" : "?";
    if (opts.scoped) {
      from.lines.push(`${field} ${columnType(to.id).replace(/^(\w+)/, `$1${q}`)}`);
      from.lines.push(
        `${r} ${to.name}${q} @relation("${r}", fields: [${field}, tenantId], references: [id, tenantId])`,
      );
    } else {
      const type = columnType(to.id).replace(/^(\w+)/, `$1${q}`);
      from.lines.push(`${field} ${type}${opts.unique ? " @unique" : ""}`);
      from.lines.push(`${r} ${to.name}${q} @relation("${r}", fields: [${field}], references: [id])`);
    }
    to.lines.push(`${r}Back ${from.name}${opts.unique ? "?" : "[]"} @relation("${r}")`);
    return field;
  };
  const tenant = tenancy ? models[0] : undefined;
  if (tenant) tenant.lines.push(`id ${columnType(tenant.id)} @id${idDefault(tenant.id)}`, "name String");
  for (let i = 0; i < count; i++) {
    const m = models[i]!;
    if (m === tenant) continue;
    const earlier = models.slice(0, i).filter((x) => !x.keyless);
    const shape = m.keyless ? d(2) : 9;
    if (shape === 0) {
      // A settings table keyed by its owner's id.
      const owner = earlier[d(earlier.length)]!;
      m.lines.push(`ownerId ${columnType(owner.id)} @id`);
      m.lines.push(`owner ${owner.name} @relation("own${i}", fields: [ownerId], references: [id])`);
      owner.lines.push(`settings${i} ${m.name}? @relation("own${i}")`);
      m.lines.push("theme String");
      continue;
    }
    if (shape === 1) {
      // A join table: composite primary key of two required relations.
      const a = earlier[d(earlier.length)]!;
      const b = earlier[d(earlier.length)]!;
      const fa = addRelation(m, a, { required: true, field: "aId" });
      const fb = addRelation(m, b, { required: true, field: "bId" });
      m.blockLines.push(`@@id([${fa}, ${fb}])`);
      m.lines.push("role String");
      continue;
    }
    m.lines.unshift(`id ${columnType(m.id)} @id${idDefault(m.id)}`);
    if (tenant && d(3) > 0) {
      m.tenant = true;
      m.lines.push(`tenantId ${columnType(tenant.id)}`);
      m.lines.push(`tenant ${tenant.name} @relation("t${i}", fields: [tenantId], references: [id])`);
      tenant.lines.push(`t${i}Back ${m.name}[] @relation("t${i}")`);
      m.blockLines.push("@@unique([id, tenantId])");
    }
    m.lines.push("name String");
    if (d(2)) m.lines.push("deletedAt DateTime?");
    if (d(3) === 0) {
      usesEnum = true;
      m.lines.push("status Status");
      m.lines.push("flag Boolean");
      if (d(2)) m.blockLines.push("@@unique([status, flag])");
    }
    const relations = d(4);
    const fkFields: string[] = [];
    for (let r = 0; r < relations; r++) {
      const candidates = models.filter((x) => !x.keyless);
      const to = candidates[d(candidates.length)]!;
      const required = models.indexOf(to) < i && to !== m && d(2) === 0;
      const kind = d(5);
      if (kind === 1 && to !== m) {
        fkFields.push(addRelation(m, to, { required, unique: true }));
      } else if (kind === 2 && m.tenant && to.tenant && to !== m) {
        addRelation(m, to, { required, scoped: true });
      } else {
        fkFields.push(addRelation(m, to, { required }));
      }
    }
    const plain = fkFields.filter(
      (f) => !m.lines.some((l) => l.startsWith(`${f} `) && l.includes("@unique")),
    );
    if (plain.length >= 2 && d(2)) m.blockLines.push(`@@unique([${plain[0]}, ${plain[1]}])`);
    else if (plain.length >= 1 && m.lines.some((l) => l.startsWith("status ")) && d(2))
      m.blockLines.push(`@@unique([${plain[0]}, status])`);
  }
  const order = models.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = d(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const blocks = order.map((i) => {
    const m = models[i]!;
    return `model ${m.name} {\n${[...m.lines, ...m.blockLines].map((l) => `  ${l}`).join("\n")}\n}`;
  });
  const text = [
    'datasource db {\n  provider = "postgresql"\n}',
    ...(usesEnum ? ["enum Status {\n  DRAFT\n  ACTIVE\n  CLOSED\n}"] : []),
    ...blocks,
  ].join("\n\n");
  return { text: `${text}\n`, summary: `${count} models${tenancy ? ", tenants" : ""}` };
}

/** Schemas from 80 dice each. */
export const prismaSchemaArbitrary: fc.Arbitrary<FuzzSchema> = fc
  .array(fc.nat({ max: 1_000_000 }), { minLength: 80, maxLength: 80 })
  .map(buildSchema);
