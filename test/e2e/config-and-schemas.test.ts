// The CLI with a user's own project: seedband.config.ts loaded from TypeScript, a Prisma 6 schema
// folder without migrations, and schema-level objects (triggers, RLS, checks) handled as documented.
import { cp, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  dropDatabase,
  jsonOf,
  makeProject,
  PACKAGE_ROOT,
  query,
  runCli,
  STACK_TRACE,
  seedbandMarks,
  urlOf,
} from "./helpers.js";

const server = inject("servers")[0]!.url; // PostgreSQL 15
const created = new Set<string>();
afterAll(async () => {
  // Also the incomplete database the failed (check constraint) run left behind, seed 134.
  for (const { name, mark } of await seedbandMarks(server))
    if (mark.seed !== undefined && mark.seed >= 131 && mark.seed <= 134) created.add(name);
  for (const name of created) await dropDatabase(server, name).catch(() => {});
});

interface Record_ {
  status: string;
  database: { name: string };
  tables: Record<string, { rows: number; checksum: string }>;
  notes?: string[];
}

async function userProject(config: string): Promise<string> {
  const dir = await makeProject();
  await cp(join(PACKAGE_ROOT, "test/fixtures/schemas/prisma6-folder/schema"), join(dir, "db/schema"), {
    recursive: true,
  });
  // The config imports "seedband" as a user's would: from the project's node_modules.
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(PACKAGE_ROOT, join(dir, "node_modules", "seedband"), "dir");
  await writeFile(join(dir, "seedband.config.ts"), config);
  return dir;
}

const CONFIG = `import { defineConfig } from "seedband";

export default defineConfig({
  schema: "db/schema",
  models: {
    Customer: {
      count: { ci: 30, dev: 3000 },
      fields: {
        country: { categorical: { SE: 3, NO: 1 } },
        firstName: ({ index }) => \`Cust\${index + 1}\`,
      },
      traits: { vip: { share: 0.5, fields: { lastName: { value: "Vip" } } } },
    },
    Order: { parent: "customer", fanOut: { fixed: 2 } },
  },
});
`;

describe("seedband.config.ts and a Prisma 6 schema folder without migrations", () => {
  it("loads the TypeScript config, applies it over the generic preset, and is deterministic", async () => {
    const dir = await userProject(CONFIG);
    const args = ["seed", "ci", "--seed", "131", "--json", "--database-url", server];
    const first = await runCli(args, { cwd: dir });
    expect(first.stderr).not.toMatch(STACK_TRACE);
    expect(first.code, first.stderr).toBe(0);
    const record = jsonOf<Record_>(first);
    created.add(record.database.name);
    expect(record.tables.Customer?.rows).toBe(30);
    expect(record.tables.Order?.rows).toBe(60);
    const db = urlOf(server, record.database.name);
    const customers = await query<{ firstName: string; lastName: string; country: string }>(
      db,
      'SELECT "firstName", "lastName", country FROM "Customer" ORDER BY id',
    );
    expect(customers.map((c) => c.firstName).slice(0, 3)).toEqual(["Cust1", "Cust2", "Cust3"]);
    expect(new Set(customers.map((c) => c.country))).toEqual(new Set(["SE", "NO"]));
    const vip = customers.filter((c) => c.lastName === "Vip").length;
    expect(vip).toBeGreaterThan(5);
    expect(vip).toBeLessThan(25);

    const again = jsonOf<Record_>(await runCli([...args, "--fresh"], { cwd: dir }));
    expect(again.tables).toEqual(record.tables);

    // The config's text is part of the fingerprint: another config, another database.
    await writeFile(join(dir, "seedband.config.ts"), CONFIG.replace("fixed: 2", "fixed: 3"));
    const changed = jsonOf<Record_>(await runCli(args, { cwd: dir }));
    created.add(changed.database.name);
    expect(changed.database.name).not.toBe(record.database.name);
    expect(changed.tables.Order?.rows).toBe(90);
  });

  it("reports a config that names a model the schema lacks, with the file and path (exit 2)", async () => {
    const dir = await userProject(CONFIG.replace("Order: {", "Orders: {"));
    const result = await runCli(["seed", "ci", "--seed", "132", "--database-url", server], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /seedband\.config\.ts: \$\.models\.Orders names a model the Prisma schema does not have/,
    );
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });
});

describe("schema-level objects of the postgres-extras fixture", () => {
  it("disables user triggers and lifts forced RLS during the load, restores both, and says so", async () => {
    const dir = await makeProject();
    await cp(join(PACKAGE_ROOT, "test/fixtures/schemas/postgres-extras"), join(dir, "extras"), {
      recursive: true,
    });
    const result = await runCli(
      ["seed", "ci", "--seed", "133", "--json", "--schema", "extras/schema.prisma", "--database-url", server],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(0);
    const record = jsonOf<Record_>(result);
    created.add(record.database.name);
    expect(record.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/user triggers on orders \(orders_audit\) were disabled during the load/),
        expect.stringMatching(/forced row-level security on audit\.events was lifted/),
        expect.stringMatching(/intended difference: CheckConstraint orders_quantity_nonnegative/),
      ]),
    );
    const db = urlOf(server, record.database.name);
    // The trigger did not run for the loaded orders (it would have added an event per order) …
    const [events] = await query<{ n: string }>(
      db,
      "SELECT count(*) AS n FROM audit.events WHERE kind = $$order_created$$",
    );
    expect(Number(events?.n)).toBe(0);
    // … and is enabled again, as is forced RLS.
    const [trigger] = await query<{ tgenabled: string }>(
      db,
      "SELECT tgenabled FROM pg_trigger WHERE tgname = 'orders_audit'",
    );
    expect(trigger?.tgenabled).toBe("O");
    const [rls] = await query<{ forced: boolean }>(
      db,
      "SELECT relforcerowsecurity AS forced FROM pg_class WHERE oid = 'audit.events'::regclass",
    );
    expect(rls?.forced).toBe(true);
  });

  it("stops on a check constraint the data breaks, naming the constraint and the model", async () => {
    const dir = await makeProject();
    await cp(join(PACKAGE_ROOT, "test/fixtures/schemas/postgres-extras"), join(dir, "extras"), {
      recursive: true,
    });
    await mkdir(join(dir, "extras/migrations/20250103000000_strict"), { recursive: true });
    await writeFile(
      join(dir, "extras/migrations/20250103000000_strict/migration.sql"),
      'ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_quantity_small" CHECK ("quantity" < 5);\n',
    );
    const result = await runCli(
      ["seed", "ci", "--seed", "134", "--schema", "extras/schema.prisma", "--database-url", server],
      { cwd: dir },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/model Order.*check constraint "orders_quantity_small"/s);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });
});
