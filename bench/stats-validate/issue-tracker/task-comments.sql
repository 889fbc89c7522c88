-- name: task-comments
-- description: The latest comments of a task, with their authors' names.
-- param taskId: Comment.taskId typical heavy largest
SELECT c.id, c."createdAt", u.name
  FROM "Comment" c
  JOIN "Member" m ON m.id = c."authorId"
  JOIN "User" u ON u.id = m."userId"
 WHERE c."taskId" = :taskId
 ORDER BY c."createdAt" DESC
 LIMIT 20
