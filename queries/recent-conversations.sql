-- name: recent-conversations
-- description: The most recently updated conversations (an admin or discovery list).
-- param limit: 20
-- assert: uses-index conversations_updatedAt_idx
-- assert: no-sort
SELECT id, kind, title, "updatedAt"
  FROM conversations
 ORDER BY "updatedAt" DESC
 LIMIT :limit
