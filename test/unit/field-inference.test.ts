// The zero-config inference of field generators: the rules by name, type and native type, and what
// they make on the project-management fixture — every enum value, defaults that dominate, time
// that runs forward within a row, values by meaning, data the `data` profile passes, the same bytes
// for the same seed — while the chat preset's bytes stay exactly what they were.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyConfig } from "../../src/config/apply-config.js";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { SeedbandError } from "../../src/errors.js";
import type { FieldContext } from "../../src/factories/field-factory.js";
import { inferFieldRules } from "../../src/factories/infer-field-rules.js";
import { modelMeaning } from "../../src/factories/model-meaning.js";
import { creationTimeField, timeRole } from "../../src/factories/time-roles.js";
import { compileFormat } from "../../src/factories/value-formats.js";
import {
  COMPANY_FIRST,
  COMPANY_SECOND,
  LABEL_WORDS,
  LOREM,
  PROJECT_CODENAMES,
  PROJECT_PURPOSES,
} from "../../src/factories/word-lists.js";
import { BandGenerator } from "../../src/generate/index.js";
import { loadSchemaFile } from "../../src/migrate/index.js";
import { classifyIp, scanText } from "../../src/privacy/index.js";
import { streamFor } from "../../src/random/stream.js";
import { TimeProfile } from "../../src/random/time-profile.js";
import { type Column, type Model, type ModelGraph, readSchema } from "../../src/schema/index.js";
import { parseSpec, type Spec, VALUE_FORMATS, type ValueFormat } from "../../src/spec/index.js";
import { generatedTables, type Rows } from "../fuzz/check-generated.js";

const presets = [join(PACKAGE_ROOT, "presets")];
const generic: Spec = loadSpec("generic", presets).spec;
const pmGraph = await loadSchemaFile(
  join(PACKAGE_ROOT, "test", "fixtures", "schemas", "project-management", "schema.prisma"),
);

function tablesOf(graph: ModelGraph, spec: Spec, seed = 1, band = "ci"): Record<string, Rows> {
  const gen = new BandGenerator({ graph, spec, band, seed });
  return Object.fromEntries(generatedTables(gen).tables);
}

function digests(graph: ModelGraph, spec: Spec, seed = 1): Record<string, string> {
  const gen = new BandGenerator({ graph, spec, band: "ci", seed });
  const out: Record<string, string> = {};
  for (const t of gen.tables()) {
    const hash = createHash("sha256");
    for (const chunk of gen.copyChunks(t.planned)) hash.update(chunk.bytes);
    out[t.tableName] = hash.digest("hex");
  }
  return out;
}

/** Epoch ms of a COPY timestamp ("2025-03-10 20:21:25.314+00" or a date "2025-03-12"). */
function ms(text: string): number {
  return Date.parse(
    text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(" ", "T").replace(/\+00$/, "")}Z`,
  );
}

function shares(values: Array<string | null | undefined>): Map<string | null | undefined, number> {
  const counts = new Map<string | null | undefined, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return new Map([...counts].map(([k, n]) => [k, n / values.length]));
}

const pm = tablesOf(pmGraph, generic);

describe("the chat preset's bytes", () => {
  it("are exactly those before field inference existed (per-table SHA-256 of the ci band's COPY streams)", async () => {
    const chatGraph = await loadSchemaFile(join(PACKAGE_ROOT, "prisma", "schema.prisma"));
    const chat = loadSpec("chat", presets).spec;
    // Recorded with `seedband generate ci` before this change; `seed ci` reports the same checksums.
    expect(digests(chatGraph, chat)).toEqual({
      users: "966485cb300b5101d9e67bfc526aa462d072cf50bf2c812acebc66c40fdb7148",
      conversations: "71a98e35f472c6c5317ea952eba37eb89b71646de8560d8fc718c1e05beb3a86",
      conversation_users: "5cc0e2c0f94a8906fd92a19fddb3f1763d7b55117c31a748de3b67447f494da8",
      messages: "9e28784ef814cf9984f4a8b9379bd831ed99b522fe61bf95b1c12966625e0a72",
      attachments: "44aa045e9fb431e70cec810fd7144806a5bd1b43510d84bd73e51bbdf5e42505",
    });
  });
});

describe("rules by name, type and native type", () => {
  const HEAD = 'datasource db {\n  provider = "postgresql"\n}\n';
  const graph = readSchema([
    [
      "schema.prisma",
      `${HEAD}
enum Status {
  OPEN
  CLOSED
}
model Organization {
  id        Int      @id
  name      String
  website   String?
  createdAt DateTime @default(now())
}
model Event {
  id          Int       @id
  title       String
  bgColour    String    @db.VarChar(6)
  tz          String
  currency    String    @db.Char(3)
  country     String    @db.Char(3)
  lastIp      String
  agent       String
  contentType String
  fileName    String
  appVersion  String
  apiKey      String
  sha256      String    @db.VarChar(40)
  status      Status    @default(OPEN)
  kind        Status
  isDeleted   Boolean
  enabled     Boolean   @default(true)
  price       Decimal   @db.Decimal(6, 2)
  sizeBytes   Int
  rating      Int
  progress    Float
  retries     Int       @default(0)
  seats       Int       @default(10)
  insertedAt  DateTime
  modifiedAt  DateTime
  startDate   DateTime  @db.Date
  endDate     DateTime  @db.Date
  expiresAt   DateTime?
  deletedAt   DateTime?
  birthday    DateTime
}`,
    ],
  ]);
  const event = graph.models.find((m) => m.modelName === "Event")!;
  const org = graph.models.find((m) => m.modelName === "Organization")!;
  const infer = (model: Model, field: string) =>
    inferFieldRules(model, model.columns.find((c) => c.fieldName === field)!, { enums: graph.enums });

  it.each([
    ["title", "name:title", { format: "title" }],
    ["agent", "type:String", { format: "words" }],
    ["bgColour", "name:color", { format: "color" }],
    ["tz", "name:timezone", { format: "timezone" }],
    ["currency", "name:currency", { format: "currency" }],
    ["country", "name:country", { format: "country" }],
    ["lastIp", "name:ip", { format: "ip" }],
    ["contentType", "name:mimeType", { format: "mimeType" }],
    ["fileName", "name:fileName", { format: "fileName" }],
    ["appVersion", "name:version", { format: "semver" }],
    ["apiKey", "name:token", { format: "token" }],
    ["sha256", "name:hash", { format: "hash" }],
    ["isDeleted", "name:rare flag", { bernoulli: 0.05 }],
    ["enabled", "type:Boolean @default", { bernoulli: 0.9 }],
    ["birthday", "type:DateTime", { timestamp: { profile: "default" } }],
  ])("%s → %s", (field, rule, spec) => {
    const inferred = infer(event, field);
    expect(inferred.rule).toBe(rule);
    expect(inferred.spec).toEqual(spec);
  });

  it("names organisations like companies and projects like products, people like people", () => {
    expect(infer(org, "name").spec).toEqual({ format: "company" });
    expect(infer(org, "name").rule).toBe("model:organisation name");
    expect(modelMeaning("WorkspaceMember")).toBe("person");
    expect(modelMeaning("ProjectLabel")).toBe("label");
    expect(modelMeaning("Projects")).toBe("project");
    expect(modelMeaning("Conversation")).toBeUndefined();
  });

  it("gives enums every value with the @default most often, and numbers a skew or a range", () => {
    const status = infer(event, "status").spec as { categorical: Record<string, number>; cover: boolean };
    expect(status.categorical.OPEN).toBe(0.8);
    expect(status.cover).toBe(true);
    const kind = infer(event, "kind").spec as { categorical: Record<string, number> };
    expect(Object.keys(kind.categorical)).toEqual(["OPEN", "CLOSED"]);
    expect(infer(event, "price").spec).toMatchObject({
      number: { logNormal: { min: 0, max: 9999.99 } },
      decimals: 2,
    });
    expect(infer(event, "sizeBytes").spec).toMatchObject({ number: { logNormal: { max: 2_147_483_647 } } });
    expect(infer(event, "rating").spec).toMatchObject({ categorical: { 1: 0.07, 5: 0.5 } });
    expect(infer(event, "progress").spec).toMatchObject({ number: { uniform: { min: 0, max: 100 } } });
    expect(infer(event, "retries").rule).toBe("name:count");
    // A positive @default is the typical value of a magnitude.
    expect(infer(event, "seats").spec).toMatchObject({
      number: { logNormal: { mu: Math.round(Math.log(10) * 1000) / 1000 } },
    });
  });

  it("orders time within a row: creation, update, spans, later moments", () => {
    expect(creationTimeField(event)).toBe("insertedAt");
    expect(creationTimeField(org)).toBe("createdAt");
    const col = (f: string) => event.columns.find((c) => c.fieldName === f)!;
    expect(timeRole(event, col("insertedAt"))).toEqual({ kind: "creation" });
    expect(timeRole(event, col("modifiedAt"))).toEqual({ kind: "updated", after: "insertedAt" });
    expect(timeRole(event, col("endDate"))).toMatchObject({
      kind: "scheduled",
      moment: "end",
      after: "startDate",
    });
    expect(timeRole(event, col("startDate"))).toMatchObject({
      kind: "scheduled",
      moment: "start",
      after: "insertedAt",
    });
    expect(timeRole(event, col("expiresAt"))).toMatchObject({ kind: "scheduled", moment: "expiry" });
    expect(timeRole(event, col("deletedAt"))).toMatchObject({
      kind: "past",
      after: "insertedAt",
      nullRate: 0.95,
    });
    expect(infer(event, "deletedAt").spec).toMatchObject({ nullRate: 0.95 });
    // A date-only end keeps at least a day after its start.
    expect(infer(event, "endDate").spec).toMatchObject({
      timestamp: { after: "startDate", delay: { logNormal: { min: 86_400 } } },
    });
  });

  it("draws a scheduled moment of a model with no creation time from the window (no delay without an anchor)", () => {
    const graph = readSchema([
      [
        "schema.prisma",
        `datasource db {
  provider = "postgresql"
}
model Quote {
  id         Int      @id @default(autoincrement())
  validUntil DateTime
}`,
      ],
    ]);
    const quote = graph.models[0]!;
    const validUntil = quote.columns.find((c) => c.fieldName === "validUntil")!;
    expect(timeRole(quote, validUntil)).toMatchObject({ kind: "scheduled", moment: "expiry" });
    const inferred = inferFieldRules(quote, validUntil, { enums: [] });
    expect(inferred).toMatchObject({ rule: "time:scheduled (expiry)", generator: "a time in the window" });
    expect(inferred.spec).toEqual({ timestamp: { profile: "default" } });
    // The zero-config band generates it (a delay without an "after" is refused by the spec).
    const rows = tablesOf(graph, generic).Quote!;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.validUntil).toMatch(/^\d{4}-\d\d-\d\d /);
  });

  it("keeps a column that must be unique off a small value list, and a Decimal's rounding within its precision", () => {
    const graph = readSchema([
      [
        "schema.prisma",
        `datasource db {
  provider = "postgresql"
}
model Workspace {
  id           Int           @id @default(autoincrement())
  integrations Integration[]
}
model Integration {
  id          Int       @id @default(autoincrement())
  workspaceId Int
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
  provider    String
  sampling    Decimal   @db.Decimal(4, 3)
  @@unique([workspaceId, provider])
}`,
      ],
    ]);
    const integration = graph.models.find((m) => m.modelName === "Integration")!;
    const column = (f: string) => integration.columns.find((c) => c.fieldName === f)!;
    // Alone, a provider is one of a few; unique for a composite key (the row source says so), words.
    expect(inferFieldRules(integration, column("provider"), { enums: [] }).rule).toBe("name:provider");
    expect(inferFieldRules(integration, column("provider"), { enums: [], unique: true })).toMatchObject({
      rule: "type:String",
      spec: { format: "words" },
    });
    // Decimal(4, 3) holds 9.999; written with 2 decimals, the largest value is 9.99 (not 10.00).
    expect(inferFieldRules(integration, column("sampling"), { enums: [] }).spec).toMatchObject({
      number: { logNormal: { min: 0, max: 9.99 } },
      decimals: 2,
    });
    const rows = tablesOf(graph, generic).Integration!;
    expect(new Set(rows.map((r) => `${r.workspaceId}/${r.provider}`)).size).toBe(rows.length);
    for (const row of rows) expect(Number(row.sampling)).toBeLessThan(10);
  });

  it("leaves keys and foreign keys to the plan, and says so", () => {
    expect(infer(event, "id")).toMatchObject({ rule: "key:position", spec: { auto: {} } });
    const task = pmGraph.models.find((m) => m.modelName === "Task")!;
    expect(
      inferFieldRules(task, task.columns.find((c) => c.fieldName === "projectId")!, { enums: [] }),
    ).toMatchObject({
      rule: "relation:project",
    });
  });
});

describe("every text format", () => {
  const TEXT = VALUE_FORMATS.filter((f) => !["position", "json", "settings", "bytes"].includes(f));
  const ROWS = 3000;

  function values(format: ValueFormat, unique: boolean, varChar?: number): string[] {
    const column: Column = {
      fieldName: "value",
      columnName: "value",
      type: "String",
      isList: false,
      isRequired: true,
      isId: false,
      isUnique: unique,
      isUpdatedAt: false,
      ...(varChar !== undefined && { nativeType: { name: "VarChar", args: [String(varChar)] } }),
    };
    const model: Model = {
      modelName: "Thing",
      tableName: "things",
      schemaName: "public",
      columns: [column],
      primaryKey: [],
      uniques: [],
      foreignKeys: [],
      relations: [],
    };
    const profile = new TimeProfile(Date.parse("2025-01-01T00:00:00Z"), Date.parse("2025-02-01T00:00:00Z"), {
      hours: new Array(24).fill(1),
      weekdayBoost: 1,
    });
    const ctx: FieldContext = {
      seed: 1,
      model,
      column,
      enums: [],
      num: (v) => Number(v),
      timeProfile: () => profile,
      unique,
      rows: ROWS,
      where: "Thing.value",
    };
    const field = compileFormat(format, ctx);
    const rng = streamFor(1, "Thing", 0, format);
    const out: string[] = [];
    for (let index = 0; index < ROWS; index++)
      out.push(field.generate(rng, { index, get: () => null }) as string);
    if (field.copySafe) for (const v of out) expect(v, format).toMatch(/^[\x20-\x5b\x5d-\x7e]*$/);
    return out;
  }

  it.each(TEXT)("%s passes the data profile, unique by position when asked, within VarChar(n)", (format) => {
    const plain = values(format, false);
    expect(new Set(plain).size, "values vary").toBeGreaterThan(1);
    for (const v of plain) expect(scanText(v, "data").map((f) => `${v}: ${f.type}`)).toEqual([]);
    const unique = values(format, true, 40);
    expect(new Set(unique).size).toBe(ROWS);
    for (const v of unique) {
      expect(v.length).toBeLessThanOrEqual(40);
      expect(scanText(v, "data").map((f) => `${v}: ${f.type}`)).toEqual([]);
    }
    for (const v of values(format, false, 7)) expect(v.length).toBeLessThanOrEqual(7);
  });

  it("makes a slug without a name to follow from English words, never lorem ipsum", () => {
    const lorem = new Set(LOREM);
    for (const v of values("slug", false)) {
      expect(v).toMatch(/^[a-z]+(-[a-z]+){2}$/);
      expect(v.split("-").filter((w) => lorem.has(w))).toEqual([]);
    }
  });
});

describe("identifiers by name", () => {
  const graph = readSchema([
    [
      "schema.prisma",
      `datasource db {\n  provider = "postgresql"\n}\nmodel Environment {
  id             Int    @id
  key            String @unique
  identifier     String
  taskIdentifier String
  flagKey        String
  storageKey     String
  filePath       String
}`,
    ],
  ]);
  const env = graph.models[0]!;
  it.each([
    ["key", "name:identifier", "slug"],
    ["identifier", "name:identifier", "slug"],
    ["taskIdentifier", "name:identifier", "slug"],
    ["flagKey", "name:identifier", "slug"],
    ["storageKey", "name:key", "storagePath"],
    ["filePath", "name:key", "storagePath"],
  ])("%s → %s", (field, rule, format) => {
    const column = env.columns.find((c) => c.fieldName === field)!;
    const inferred = inferFieldRules(env, column, { enums: [], unique: column.isUnique });
    expect(inferred.rule).toBe(rule);
    expect(inferred.spec).toEqual({ format });
  });
});

describe("the project-management fixture, zero config", () => {
  it("takes every enum value, the @default most often", () => {
    const status = shares(pm.tasks!.map((r) => r.status));
    expect([...status.keys()].sort()).toEqual([
      "BACKLOG",
      "CANCELLED",
      "DONE",
      "IN_PROGRESS",
      "IN_REVIEW",
      "TODO",
    ]);
    expect(status.get("TODO")).toBeGreaterThan(0.4);
    for (const [value, share] of status)
      if (value !== "TODO") expect(share).toBeLessThan(status.get("TODO")!);
    const roles = shares(pm.memberships!.map((r) => r.role));
    expect(roles.size).toBe(4);
    expect(Math.max(...roles.values())).toBe(roles.get("MEMBER"));
    expect(shares(pm.workspaces!.map((r) => r.plan)).size).toBe(4);
    expect(shares(pm.tasks!.map((r) => r.priority)).size).toBe(5);
  });

  it("keeps booleans mostly at their default and varies numeric defaults around theirs", () => {
    const archived = shares(pm.projects!.map((r) => r.isArchived));
    expect(archived.get("f")).toBeGreaterThan(0.85);
    expect(archived.get("t")).toBeGreaterThan(0);
    const seats = pm.workspaces!.map((r) => Number(r.seats));
    expect(new Set(seats).size).toBeGreaterThan(5);
    const sorted = [...seats].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(4); // @default(5)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(6);
  });

  it("runs time forward within every row", () => {
    let later = 0;
    for (const t of pm.tasks!) {
      const created = ms(t.createdAt!);
      expect(ms(t.updatedAt!)).toBeGreaterThanOrEqual(created);
      if (t.completedAt) expect(ms(t.completedAt)).toBeGreaterThanOrEqual(created);
      if (t.dueDate) {
        // A due date (a date) falls on a later day than the creation.
        expect(ms(t.dueDate)).toBeGreaterThan(created);
        later++;
      }
    }
    expect(later).toBeGreaterThan(100);
    for (const p of pm.projects!) {
      const created = ms(p.createdAt!);
      expect(p.startsAt).not.toBeNull(); // a span's start is set whenever an end may be
      expect(ms(p.startsAt!)).toBeGreaterThan(created);
      if (p.endsAt) expect(ms(p.endsAt)).toBeGreaterThan(ms(p.startsAt!));
      if (p.archivedAt) expect(ms(p.archivedAt)).toBeGreaterThanOrEqual(created);
    }
    for (const u of pm.users!) {
      if (u.lastSeenAt) expect(ms(u.lastSeenAt)).toBeGreaterThanOrEqual(ms(u.createdAt!));
    }
    for (const c of pm.comments!)
      if (c.editedAt) expect(ms(c.editedAt)).toBeGreaterThanOrEqual(ms(c.createdAt!));
  });

  it("null rates by meaning: deletions rare, descriptions often missing, span ends mostly set", () => {
    const nulls = (rows: Rows, field: string) => rows.filter((r) => r[field] === null).length / rows.length;
    expect(nulls(pm.workspaces!, "deletedAt")).toBeGreaterThan(0.85);
    expect(nulls(pm.tasks!, "description")).toBeGreaterThan(0.25);
    expect(nulls(pm.tasks!, "description")).toBeLessThan(0.55);
    expect(nulls(pm.projects!, "endsAt")).toBeLessThan(0.35);
  });

  it("fans out heavy-tailed: most tasks have a few comments, some have many, a quarter none", () => {
    const perTask = new Map<string, number>();
    for (const t of pm.tasks!) perTask.set(t.id!, 0);
    for (const c of pm.comments!) perTask.set(c.taskId!, (perTask.get(c.taskId!) ?? 0) + 1);
    const counts = [...perTask.values()];
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length;
    expect(mean).toBeGreaterThan(1.5);
    expect(mean).toBeLessThan(2.6);
    // Uniform 0–4 would cap at 4 with variance 2: a heavy tail goes far past both.
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(12);
    expect(variance).toBeGreaterThan(2 * mean);
    const none = counts.filter((n) => n === 0).length / counts.length;
    expect(none).toBeGreaterThan(0.15);
    expect(none).toBeLessThan(0.4);
  });

  it("puts creation times in the window, on working days more than on weekends", () => {
    const start = Date.parse(generic.window.start);
    const end = Date.parse(generic.window.end);
    const times = pm.tasks!.map((t) => ms(t.createdAt!));
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(end);
    }
    // Weekdays on rows that reference nothing (a task's time is also bound by the rows it references:
    // time-order.test.ts; deep chains push it toward the window's end, where whole-week moves stop).
    const roots = [...pm.users!, ...pm.workspaces!].map((r) => ms(r.createdAt!));
    const weekend = roots.filter((t) => [0, 6].includes(new Date(t).getUTCDay())).length / roots.length;
    expect(weekend).toBeLessThan(0.2); // 2 of 7 days would be 0.29 without the weekday boost
    const night = times.filter((t) => new Date(t).getUTCHours() < 6).length / times.length;
    expect(night).toBeLessThan(0.1); // 6 of 24 hours would be 0.25 with a flat profile
  });

  it("makes values that mean something", () => {
    for (const w of pm.workspaces!) {
      const [first, second] = w.name!.split(" ");
      expect(COMPANY_FIRST).toContain(first);
      expect(COMPANY_SECOND).toContain(second);
      // The slug is the workspace's own name, with its position (slugs are unique).
      expect(w.slug!.startsWith(w.name!.toLowerCase().replaceAll(" ", "-"))).toBe(true);
      expect(w.currency).toMatch(/^[A-Z]{3}$/);
      expect(w.country).toMatch(/^[A-Z]{2}$/);
      if (w.domain) expect(w.domain).toMatch(/^[a-z-]+\.example\.com$/);
      if (w.settings) expect(JSON.parse(w.settings)).toHaveProperty("theme");
    }
    for (const p of pm.projects!) {
      expect(
        PROJECT_PURPOSES.includes(p.name!) || PROJECT_CODENAMES.includes(p.name!.split(" ")[0]!),
        p.name!,
      ).toBe(true);
      expect(p.color).toMatch(/^#[0-9a-f]{6}$/);
      if (p.budget) expect(p.budget).toMatch(/^\d{1,10}\.\d{2}$/);
    }
    for (const l of pm.labels!) {
      expect(LABEL_WORDS).toContain(l.name);
      expect(l.color).toMatch(/^#[0-9a-f]{6}$/);
    }
    for (const t of pm.tasks!) {
      expect(t.title).toMatch(/^[A-Z][a-z]*( [A-Za-z]+)+$/);
      if (t.description) expect(t.description).toMatch(/^[A-Z][^.]*\.( [A-Z][^.]*\.)*$/);
    }
    for (const c of pm.comments!) {
      if (c.ipAddress) expect(classifyIp(c.ipAddress)).toBe("documentation");
      if (c.userAgent) expect(c.userAgent).toMatch(/^(Mozilla\/5\.0|okhttp|curl)/);
    }
    for (const u of pm.users!) {
      expect(u.email).toMatch(/^[a-z]+_[a-z]+\.\d+@example\.com$/);
      expect(u.name).toMatch(/^[A-Z][a-z'-]+/);
      if (u.locale) expect(u.locale).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
      expect(u.timezone).toBe("UTC"); // a string @default is kept
    }
  });

  it("skews amounts and sizes: log-normal, not uniform", () => {
    const budgets = pm.projects!.flatMap((p) => (p.budget ? [Number(p.budget)] : []));
    const sorted = [...budgets].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const mean = budgets.reduce((s, x) => s + x, 0) / budgets.length;
    expect(mean).toBeGreaterThan(median * 1.3); // a right tail
    expect(median).toBeGreaterThan(20);
    expect(median).toBeLessThan(80);
  });

  it("writes nothing the data profile objects to", () => {
    let scanned = 0;
    for (const [table, rows] of Object.entries(pm)) {
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null) continue;
          scanned++;
          expect(scanText(value, "data").map((f) => `${table}.${column}: ${f.type}`)).toEqual([]);
        }
      }
    }
    expect(scanned).toBeGreaterThan(10_000);
  });

  it("gives a block generated alone the bytes it has in a full run (workers and shards change nothing)", () => {
    const spec: Spec = { ...generic, blockSize: 64 }; // 4 blocks of the 200 root rows
    const bytes = (table: string, blocks?: number[]) => {
      const gen = new BandGenerator({ graph: pmGraph, spec, band: "ci", seed: 3 });
      const t = gen.tables().find((x) => x.tableName === table)!;
      return Buffer.concat([...gen.copyChunks(t.planned, blocks)].map((c) => c.bytes));
    };
    for (const table of Object.keys(pm)) {
      const whole = bytes(table);
      const pieces = Buffer.concat([0, 1, 2, 3].map((b) => bytes(table, [b])));
      expect(whole.length, table).toBeGreaterThan(0);
      expect(pieces.equals(whole), table).toBe(true);
    }
  });

  it("gives the same bytes for the same seed and other bytes for another", () => {
    const first = digests(pmGraph, generic, 7);
    expect(digests(pmGraph, generic, 7)).toEqual(first);
    const other = digests(pmGraph, generic, 8);
    for (const table of Object.keys(first)) expect(other[table], table).not.toBe(first[table]);
  });
});

describe("a spec or seedband.config.ts wins over inference", () => {
  it("keeps the user's generator, and `auto` with a nullRate keeps the inferred one", () => {
    const config = {
      models: {
        Label: { fields: { color: { value: "red" } } },
        Task: { fields: { status: { categorical: { DONE: 1 } }, description: { auto: {}, nullRate: 0 } } },
      },
    };
    const { spec, overrides } = applyConfig(generic, config, "ci", pmGraph, "seedband.config.ts");
    const gen = new BandGenerator({ graph: pmGraph, spec, band: "ci", seed: 1, specFile: "test", overrides });
    const rows = (table: string) => {
      const t = gen.tables().find((x) => x.tableName === table)!;
      const out: Rows = [];
      for (const chunk of gen.copyChunks(t.planned))
        for (const line of chunk.bytes.toString("utf8").split("\n"))
          if (line) out.push(Object.fromEntries(t.columnNames.map((c, i) => [c, line.split("\t")[i]!])));
      return out;
    };
    expect(new Set(rows("labels").map((r) => r.color))).toEqual(new Set(["red"]));
    const tasks = rows("tasks");
    expect(new Set(tasks.map((r) => r.status))).toEqual(new Set(["DONE"]));
    expect(tasks.every((r) => r.description !== "\\N")).toBe(true);
    expect(tasks.every((r) => /^[A-Z].*\.$/.test(r.description!))).toBe(true);
  });
});

describe("the spec's new generator forms", () => {
  const base = (fields: object) =>
    JSON.stringify({
      version: 1,
      window: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" },
      models: { Task: { fields } },
      bands: { ci: { rows: 50 } },
    });

  it("parses format, decimals, delay and cover, and names the path of an unknown format", () => {
    const spec = parseSpec(
      base({
        title: { format: "title" },
        estimateHours: { number: { logNormal: { mu: 1, sigma: 0.5 } }, decimals: 1 },
        dueDate: { timestamp: { after: "createdAt", delay: { uniform: { min: 86400, max: 864000 } } } },
        status: { categorical: { TODO: 1, DONE: 1 }, cover: true },
      }),
      "p.json",
    );
    expect(spec.models.Task?.fields?.title).toEqual({ format: "title" });
    expect(() => parseSpec(base({ title: { format: "poem" } }), "p.json")).toThrow(
      /p\.json.*\$\.models\.Task\.fields\.title\.format/s,
    );
  });

  it("refuses a text format on a number column and decimals on an integer column, naming the field", () => {
    const refusal = (fields: object) => {
      const spec = parseSpec(base(fields), "p.json");
      try {
        tablesOf(pmGraph, { ...spec, bands: generic.bands }, 1);
      } catch (error) {
        expect(error).toBeInstanceOf(SeedbandError);
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    expect(refusal({ position: { format: "color" } })).toMatch(
      /Task\.position \(\$\.models\.Task\.fields\.position of the preset or seedband\.config\.ts\): the format "color" makes String values, but the column is Int/,
    );
    expect(refusal({ position: { number: { fixed: 1 }, decimals: 2 } })).toMatch(
      /Task\.position \(\$\.models\.Task\.fields\.position .*\): "decimals" needs a Float or Decimal column/,
    );
    expect(refusal({ dueDate: { timestamp: { delay: { fixed: 60 } } } })).toMatch(
      /Task\.dueDate \(\$\.models\.Task\.fields\.dueDate .*\): timestamp "delay" counts from "after"/,
    );
  });

  it("writes a Decimal with the digits its scale keeps, as PostgreSQL echoes it", () => {
    const spec = parseSpec(base({}), "p.json");
    const withBudget: Spec = {
      ...spec,
      bands: generic.bands,
      models: { Project: { fields: { budget: { number: { fixed: 12 } } } } },
    };
    const budgets = tablesOf(pmGraph, withBudget).projects!.map((p) => p.budget);
    expect(new Set(budgets)).toEqual(new Set(["12.00"]));
  });
});
