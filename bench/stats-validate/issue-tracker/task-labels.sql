-- name: task-labels
-- description: The labels of a task.
-- param taskId: TaskLabel.taskId typical heavy largest
SELECT l.name, l.color
  FROM "TaskLabel" tl JOIN "Label" l ON l.id = tl."labelId"
 WHERE tl."taskId" = :taskId
