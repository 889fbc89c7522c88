// `seedband verify --realism`: the rows that break what the generated data promises about time
// (a row created before a row it references, a later moment before the one it follows) counted
// by SQL over the loaded database — none on a zero-config schema and on the chat preset; a row
// moved back in time fails the check (exit 1) and is named by its promise.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  chatPreset,
  dropDatabase,
  hex,
  jsonOf,
  makeProject,
  PACKAGE_ROOT,
  query,
  runCli,
  STACK_TRACE,
  urlOf,
  useFixtureSchema,
} from "./helpers.js";

const server = inject("servers")[0]!.url;
const created: string[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(server, name).catch(() => {});
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Realism {
  status: string;
  database: { name: string };
  realism: {
    violations: number;
    timeOrder: Array<{ check: string; rows: number; violations: number }>;
    tenants: Array<{ check: string; rows: number; violations: number; fallbacks: number }>;
  };
}

/** A project whose preset has a band of its own (verify takes the latest database of a band). */
async function project(preset: Record<string, unknown> & { bands: Record<string, unknown> }, band: string) {
  const dir = await makeProject();
  dirs.push(dir);
  preset.bands = { [band]: preset.bands.ci };
  await mkdir(join(dir, "presets"));
  await writeFile(join(dir, "presets", "mine.json"), JSON.stringify(preset));
  return dir;
}

async function seedAndVerify(dir: string, band: string) {
  const seeded = await runCli(
    ["seed", band, "--preset", "mine", "--seed", "12", "--json", "--database-url", server],
    { cwd: dir },
  );
  expect(seeded.code, seeded.stderr).toBe(0);
  const name = jsonOf<Realism>(seeded).database.name;
  created.push(name);
  const verified = await runCli(["verify", band, "--realism", "--json", "--database-url", server], {
    cwd: dir,
  });
  return { name, verified };
}

describe("verify --realism", () => {
  it("finds no row out of time order on the project-management schema, zero config, and fails one moved back", async () => {
    const band = `real${hex(3)}`;
    const generic = JSON.parse(await readFile(join(PACKAGE_ROOT, "presets", "generic.json"), "utf8"));
    const dir = await project(generic, band);
    await useFixtureSchema(dir, "project-management");
    const { name, verified } = await seedAndVerify(dir, band);
    expect(verified.code, verified.stderr).toBe(0);
    const { realism } = jsonOf<Realism>(verified);
    expect(realism.violations).toBe(0);
    const checks = realism.timeOrder.map((c) => c.check);
    expect(checks).toEqual(
      expect.arrayContaining([
        "Task.createdAt ≥ Task.project.createdAt",
        "Task.createdAt ≥ Task.parent.createdAt",
        "Comment.createdAt ≥ Comment.task.createdAt",
        "Project.createdAt ≥ Project.workspace.createdAt",
        "Task.updatedAt ≥ Task.createdAt",
      ]),
    );
    expect(realism.timeOrder.reduce((s, c) => s + c.rows, 0)).toBeGreaterThan(1000);

    // One comment created a year before its task: the check names it, exit 1.
    await query(
      urlOf(server, name),
      `UPDATE comments SET "createdAt" = t."createdAt" - interval '365 days'
         FROM tasks t WHERE t.id = comments."taskId" AND comments.id = (SELECT min(id) FROM comments)`,
    );
    const broken = await runCli(["verify", band, "--realism", "--database-url", server], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /FAIL Comment\.createdAt ≥ Comment\.task\.createdAt: 1 of [\d,]+ row\(s\) out of order/,
    );
    expect(broken.stderr).not.toMatch(STACK_TRACE);
  });

  it("finds no relation leaving its tenant on the project-management schema, and fails a task label moved to another workspace", async () => {
    const band = `realt${hex(3)}`;
    const generic = JSON.parse(await readFile(join(PACKAGE_ROOT, "presets", "generic.json"), "utf8"));
    const dir = await project(generic, band);
    await useFixtureSchema(dir, "project-management");
    const { name, verified } = await seedAndVerify(dir, band);
    expect(verified.code, verified.stderr).toBe(0);
    const { realism } = jsonOf<Realism>(verified);
    expect(realism.violations).toBe(0);
    const label = realism.tenants.find((c) => c.check === "TaskLabel.label in the row's Workspace");
    const subtask = realism.tenants.find((c) => c.check === "Task.parent under the row's own Project");
    expect(label?.rows).toBeGreaterThan(20);
    expect(subtask?.rows).toBeGreaterThan(20);
    const author = realism.tenants.find(
      (c) => c.check === "Comment.author among the row's Workspace's Membership rows",
    );
    expect(author?.rows).toBeGreaterThan(20);

    // One task label pointed at a label of another workspace (one that has labels): exit 1, named.
    const [moved] = await query<{ n: string }>(
      urlOf(server, name),
      `WITH one AS (
         SELECT tl."taskId", tl."labelId", l."workspaceId"
           FROM task_labels tl JOIN labels l ON l.id = tl."labelId" ORDER BY tl."taskId", tl."labelId" LIMIT 1)
       UPDATE task_labels SET "labelId" = (
         SELECT min(l2.id) FROM labels l2, one WHERE l2."workspaceId" <> one."workspaceId")
        FROM one WHERE task_labels."taskId" = one."taskId" AND task_labels."labelId" = one."labelId"
       RETURNING 1 AS n`,
    );
    expect(moved).toBeDefined();
    const broken = await runCli(["verify", band, "--realism", "--database-url", server], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /FAIL TaskLabel\.label in the row's Workspace: 1 of [\d,]+ row\(s\) in another tenant/,
    );
    expect(broken.stderr).not.toMatch(STACK_TRACE);

    // One comment (in a workspace with members) written by a user who is no member of it: named too.
    const [outsider] = await query<{ n: number }>(
      urlOf(server, name),
      `WITH one AS (
         SELECT c.id, p."workspaceId" FROM comments c
           JOIN tasks t ON t.id = c."taskId" JOIN projects p ON p.id = t."projectId"
          WHERE EXISTS (SELECT 1 FROM memberships m WHERE m."workspaceId" = p."workspaceId")
          ORDER BY c.id LIMIT 1)
       UPDATE comments SET "authorId" = (
         SELECT min(u.id::text)::uuid FROM users u, one WHERE NOT EXISTS (
           SELECT 1 FROM memberships m WHERE m."userId" = u.id AND m."workspaceId" = one."workspaceId"))
         FROM one WHERE comments.id = one.id
       RETURNING 1 AS n`,
    );
    expect(outsider).toBeDefined();
    const again = await runCli(["verify", band, "--realism", "--database-url", server], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /FAIL Comment\.author among the row's Workspace's Membership rows: 1 of [\d,]+ row\(s\) in another tenant/,
    );
  });

  it("finds no row out of time order on the chat preset", async () => {
    const band = `realc${hex(3)}`;
    const dir = await project(await chatPreset(), band);
    const { verified } = await seedAndVerify(dir, band);
    expect(verified.code, verified.stderr).toBe(0);
    const { realism } = jsonOf<Realism>(verified);
    expect(realism.violations).toBe(0);
    expect(realism.timeOrder.map((c) => c.check)).toEqual(
      expect.arrayContaining(["Message.createdAt ≥ Message.conversation.createdAt"]),
    );
  });
});
