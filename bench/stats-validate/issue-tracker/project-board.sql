-- name: project-board
-- description: A project's open tasks by status (the board), newest first.
-- param projectId: Task.projectId typical heavy largest
SELECT id, title, status, priority, "assigneeId"
  FROM "Task"
 WHERE "projectId" = :projectId AND status IN ('todo', 'in_progress', 'in_review')
 ORDER BY "createdAt" DESC
 LIMIT 100
