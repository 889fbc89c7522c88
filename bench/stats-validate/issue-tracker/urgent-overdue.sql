-- name: urgent-overdue
-- description: Urgent tasks past their due date, across all workspaces (a report; no index helps).
SELECT id, "projectId", "dueDate"
  FROM "Task"
 WHERE priority = 'urgent' AND "dueDate" < '2025-06-01'
 ORDER BY "dueDate"
 LIMIT 50
