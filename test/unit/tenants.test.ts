// Tenant coherence, zero config: the tenant roots are found (a workspace, not a user with no
// rows under it), and a row's other relations stay inside its tenant — an assignee and a comment
// author are members of the task's workspace, a subtask's parent is a task of the same project, a
// task's labels are its workspace's. The control: the same schema with the structure given in the
// spec (not inferred) is not scoped and breaks the rule.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { BandGenerator, planReport } from "../../src/generate/index.js";
import { loadSchemaFile } from "../../src/migrate/index.js";
import type { ModelGraph } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";
import { generatedTables, type Rows } from "../fuzz/check-generated.js";

const generic: Spec = loadSpec("generic", [join(PACKAGE_ROOT, "presets")]).spec;
const schemas = join(PACKAGE_ROOT, "test", "fixtures", "schemas");

function generate(graph: ModelGraph, spec: Spec, seed = 1) {
  const gen = new BandGenerator({ graph, spec, band: "ci", seed });
  return { gen, tables: Object.fromEntries(generatedTables(gen).tables) };
}

const byId = (rows: Rows, key = "id") => new Map(rows.map((r) => [r[key]!, r]));

/** Pairs compared and those where the two sides disagree. */
function agree<T>(pairs: Array<[T, T] | undefined>) {
  const compared = pairs.filter((p): p is [T, T] => p !== undefined);
  return { compared: compared.length, apart: compared.filter(([a, b]) => a !== b).length };
}

describe("tenants (zero config)", () => {
  it("project-management: Workspace is the tenant; subtasks stay in the project, labels in the workspace", async () => {
    const graph = await loadSchemaFile(join(schemas, "project-management", "schema.prisma"));
    const { gen, tables } = generate(graph, generic);
    const report = planReport(gen.plan);
    const tenantOf = Object.fromEntries(report.models.map((m) => [m.model, m.tenant]));
    expect(tenantOf).toEqual({
      User: undefined,
      Workspace: "Workspace",
      Membership: "Workspace",
      Project: "Workspace",
      Task: "Workspace",
      Comment: "Workspace",
      Label: "Workspace",
      TaskLabel: "Workspace",
    });
    const relation = (model: string, rel: string) =>
      report.models.find((m) => m.model === model)!.relations.find((r) => r.relation === rel)!;
    expect(relation("Task", "parent")).toMatchObject({ kind: "earlier", anchor: "Project" });
    expect(relation("TaskLabel", "label")).toMatchObject({ anchor: "Workspace" });
    for (const [model, rel] of [
      ["Task", "assignee"],
      ["Task", "reporter"],
      ["Comment", "author"],
    ] as const) {
      expect(relation(model, rel)).toMatchObject({ kind: "member", anchor: "Workspace", via: "Membership" });
    }

    const tasks = byId(tables.tasks!);
    const projects = byId(tables.projects!);
    const labels = byId(tables.labels!);
    const subtasks = agree(
      tables.tasks!.map((t) => (!t.parentId ? undefined : [t.projectId, tasks.get(t.parentId)!.projectId])),
    );
    expect(subtasks.compared).toBeGreaterThan(20);
    expect(subtasks.apart).toBe(0);
    const taskLabels = agree(
      tables.task_labels!.map((tl) => [
        projects.get(tasks.get(tl.taskId!)!.projectId!)!.workspaceId ?? null,
        labels.get(tl.labelId!)!.workspaceId ?? null,
      ]),
    );
    expect(taskLabels.compared).toBeGreaterThan(20);
    expect(taskLabels.apart).toBe(0);
    // Assignees, reporters and comment authors are members of the task's workspace (where it has any).
    const members = (t: Record<string, Rows>) =>
      new Set(t.memberships!.map((m) => `${m.workspaceId}/${m.userId}`));
    const workspaces = (t: Record<string, Rows>) => new Set(t.memberships!.map((m) => m.workspaceId));
    const outside = (t: Record<string, Rows>, column: "assigneeId" | "reporterId") => {
      const ps = byId(t.projects!);
      const ms = members(t);
      const ws = workspaces(t);
      let compared = 0;
      let apart = 0;
      for (const task of t.tasks!) {
        const w = ps.get(task.projectId!)!.workspaceId;
        if (!task[column] || !ws.has(w ?? null)) continue;
        compared++;
        if (!ms.has(`${w}/${task[column]}`)) apart++;
      }
      return { compared, apart };
    };
    for (const column of ["assigneeId", "reporterId"] as const) {
      const r = outside(tables, column);
      expect(r.compared, column).toBeGreaterThan(20);
      expect(r.apart, column).toBe(0);
    }
    const ms = members(tables);
    const authorsApart = tables.comments!.filter((c) => {
      const w = projects.get(tasks.get(c.taskId!)!.projectId!)!.workspaceId;
      return workspaces(tables).has(w ?? null) && !ms.has(`${w}/${c.authorId}`);
    });
    expect(tables.comments!.length).toBeGreaterThan(20);
    expect(authorsApart).toEqual([]);
    // Every workspace has a member (a membership's fan-out under its root starts at 1), so no
    // reporter or author falls back to a user of another workspace.
    const memberless = tables.workspaces!.filter((w) => !workspaces(tables).has(w.id!));
    expect(tables.workspaces!.length).toBeGreaterThan(20);
    expect(memberless).toEqual([]);
    const reporters = tables.tasks!.filter(
      (task) => !ms.has(`${projects.get(task.projectId!)!.workspaceId}/${task.reporterId}`),
    );
    expect(reporters).toEqual([]);

    // The control: the same structure given in the spec is not inferred, so it is not scoped.
    const given: Spec = {
      ...generic,
      models: {
        Task: { parent: "project", fanOut: { uniform: { min: 0, max: 4 } } },
        TaskLabel: { parent: "task", fanOut: { uniform: { min: 0, max: 3 } } },
      },
    };
    const control = generate(graph, given).tables;
    expect(outside(control, "reporterId").apart).toBeGreaterThan(0);
    const cTasks = byId(control.tasks!);
    const cProjects = byId(control.projects!);
    const cLabels = byId(control.labels!);
    expect(
      agree(
        control.tasks!.map((t) =>
          !t.parentId ? undefined : [t.projectId, cTasks.get(t.parentId)!.projectId],
        ),
      ).apart,
    ).toBeGreaterThan(0);
    expect(
      agree(
        control.task_labels!.map((tl) => [
          cProjects.get(cTasks.get(tl.taskId!)!.projectId!)!.workspaceId ?? null,
          cLabels.get(tl.labelId!)!.workspaceId ?? null,
        ]),
      ).apart,
    ).toBeGreaterThan(0);
  });

  it("issue-tracker: assignees and comment authors are members of the task's workspace", async () => {
    const graph = await loadSchemaFile(join(schemas, "issue-tracker", "schema.prisma"));
    const { gen, tables } = generate(graph, generic);
    const report = planReport(gen.plan);
    const relation = (model: string, rel: string) =>
      report.models.find((m) => m.model === model)!.relations.find((r) => r.relation === rel)!;
    expect(relation("Task", "assignee")).toMatchObject({ kind: "scoped", anchor: "Workspace" });
    expect(relation("Comment", "author")).toMatchObject({ kind: "scoped", anchor: "Workspace" });
    const t = (name: string) => {
      const model = graph.models.find((m) => m.modelName === name)!;
      return tables[model.tableName]!;
    };
    const col = (model: string, field: string) =>
      graph.models.find((m) => m.modelName === model)!.columns.find((c) => c.fieldName === field)!.columnName;
    const projects = byId(t("Project"));
    const members = byId(t("Member"));
    const tasks = byId(t("Task"));
    const workspaceOfTask = (id: string) =>
      projects.get(tasks.get(id)![col("Task", "projectId")]!)![col("Project", "workspaceId")];
    const assignees = agree(
      t("Task").map((row) => {
        const a = row[col("Task", "assigneeId")];
        return a === null || a === undefined
          ? undefined
          : [workspaceOfTask(row.id!), members.get(a)![col("Member", "workspaceId")]];
      }),
    );
    expect(assignees.compared).toBeGreaterThan(20);
    expect(assignees.apart).toBe(0);
    // A required author falls back to any member only where the task's workspace has none.
    const workspacesWithMembers = new Set(t("Member").map((m) => m[col("Member", "workspaceId")]));
    const authors = agree(
      t("Comment").map((row) => {
        const ws = workspaceOfTask(row[col("Comment", "taskId")]!);
        if (!workspacesWithMembers.has(ws)) return undefined;
        return [ws, members.get(row[col("Comment", "authorId")]!)![col("Member", "workspaceId")]];
      }),
    );
    expect(authors.compared).toBeGreaterThan(20);
    expect(authors.apart).toBe(0);
  });

  it("is the same whichever block a worker generates first (choices are functions of positions)", async () => {
    for (const schema of ["issue-tracker", "project-management"]) {
      const graph = await loadSchemaFile(join(schemas, schema, "schema.prisma"));
      const spec: Spec = { ...generic, blockSize: 5 };
      const text = (gen: BandGenerator, name: string, blocks?: number[]) => {
        const t = gen.tables().find((x) => x.planned.model.modelName === name)!;
        const parts: string[] = [];
        for (const chunk of gen.copyChunks(t.planned, blocks)) parts.push(chunk.bytes.toString("utf8"));
        return parts;
      };
      for (const name of ["Task", "Comment"]) {
        const gen = new BandGenerator({ graph, spec, band: "ci", seed: 3 });
        const t = gen.tables().find((x) => x.planned.model.modelName === name)!;
        const blocks = t.planned.blockRows.length;
        expect(blocks).toBeGreaterThan(2);
        const forward = text(gen, name).join("");
        const fresh = new BandGenerator({ graph, spec, band: "ci", seed: 3 });
        const backward = [...Array(blocks).keys()]
          .reverse()
          .map((b) => text(fresh, name, [b]).join(""))
          .reverse()
          .join("");
        expect(backward).toBe(forward);
      }
    }
  });
});
