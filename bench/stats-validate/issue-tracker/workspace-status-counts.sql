-- name: workspace-status-counts
-- description: Tasks per status across a workspace's projects (a dashboard).
-- param workspaceId: Project.workspaceId typical heavy largest
SELECT t.status, count(*)
  FROM "Project" p JOIN "Task" t ON t."projectId" = p.id
 WHERE p."workspaceId" = :workspaceId
 GROUP BY t.status
