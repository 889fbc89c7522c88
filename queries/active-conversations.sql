-- name: active-conversations
-- description: A user's active conversations, most recently updated first (the inbox).
-- param userId: conversation_users.userId typical heavy largest
-- param limit: 30
-- assert: uses-index-on conversation_users
-- assert: no-seq-scan-over 10000
SELECT c.id, c.kind, c.title, c."updatedAt"
  FROM conversation_users cu
  JOIN conversations c ON c.id = cu."conversationId"
 WHERE cu."userId" = :userId
   AND cu."isActive"
 ORDER BY c."updatedAt" DESC
 LIMIT :limit
