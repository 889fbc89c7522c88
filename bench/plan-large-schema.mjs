// Planning time of a 200-model schema (issue 11: under 1 s): a tenant with 199 models below it,
// each tenant-scoped ((id, tenantId) unique), with a composite foreign key to an earlier model
// sharing tenantId, an optional self relation, a unique (relation, enum) pair on some, and a
// settings table keyed by its owner's id on others. Times reading the schema and planning the ci
// band (structures, counts, every table compiled), separately, best of 3. Run after `npm run build`.

import { loadSpec } from "../dist/config/index.js";
import { BandGenerator } from "../dist/generate/index.js";
import { readSchema } from "../dist/schema/index.js";

const MODELS = Number(process.argv[2] ?? 200);
const lines = ['datasource db {\n  provider = "postgresql"\n}', "enum Kind {\n  A\n  B\n  C\n}"];
const back = new Map();
const addBack = (model, line) => back.set(model, [...(back.get(model) ?? []), line]);
const bodies = [];
for (let i = 1; i < MODELS; i++) {
  const up = i === 1 ? undefined : 1 + ((i * 7) % (i - 1));
  const body = [
    "id String @id @default(cuid())",
    "tenantId String",
    `tenant Tenant @relation("t${i}", fields: [tenantId], references: [id])`,
    "name String",
    "kind Kind",
    "deletedAt DateTime?",
    `parentId String?`,
    `parent M${i}? @relation("p${i}", fields: [parentId], references: [id])`,
    `children M${i}[] @relation("p${i}")`,
    "@@unique([id, tenantId])",
  ];
  addBack(0, `t${i} M${i}[] @relation("t${i}")`);
  if (up !== undefined) {
    body.push(`upId String${i % 3 === 0 ? "?" : ""}`);
    body.push(
      `up M${up}${i % 3 === 0 ? "?" : ""} @relation("u${i}", fields: [upId, tenantId], references: [id, tenantId])`,
    );
    addBack(up, `u${i} M${i}[] @relation("u${i}")`);
    if (i % 4 === 0) body.push("@@unique([upId, kind])");
  }
  bodies.push([i, body]);
}
lines.push(
  `model Tenant {\n  id String @id @default(cuid())\n  name String\n  ${(back.get(0) ?? []).join("\n  ")}\n}`,
);
for (const [i, body] of bodies)
  lines.push(`model M${i} {\n  ${[...body, ...(back.get(i) ?? [])].join("\n  ")}\n}`);
const text = lines.join("\n\n");

const { spec } = loadSpec("generic", [new URL("../presets", import.meta.url).pathname]);
let read = Number.POSITIVE_INFINITY;
let plan = Number.POSITIVE_INFINITY;
let rows = 0;
for (let run = 0; run < 3; run++) {
  let t = performance.now();
  const graph = readSchema([["schema.prisma", text]]);
  read = Math.min(read, performance.now() - t);
  t = performance.now();
  const gen = new BandGenerator({ graph, spec, band: "ci", seed: 1 });
  plan = Math.min(plan, performance.now() - t);
  rows = gen.plan.models.reduce((s, m) => s + m.rows, 0);
}
console.log(
  `${MODELS} models: read ${read.toFixed(0)} ms, plan ${plan.toFixed(0)} ms (${rows} rows planned), best of 3`,
);
