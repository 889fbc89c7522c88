-- name: latest-messages
-- description: The latest page of messages of a conversation (the chat screen).
-- param conversationId: messages.conversationId typical heavy largest
-- param limit: 50
-- assert: uses-index-on messages
-- assert: no-sort
-- assert: no-seq-scan-over 100000
SELECT id, "senderId", content, device, "createdAt"
  FROM messages
 WHERE "conversationId" = :conversationId
 ORDER BY "createdAt" DESC
 LIMIT :limit
