-- Hand-written: the three hot-path indexes of the chat product.
-- Two of them are also declared in schema.prisma (@@index); the one on conversation_users
-- carries an INCLUDE column, which Prisma's schema language cannot express, so it lives here
-- only and the drift check lists it as an intended difference.

-- Latest messages of a conversation.
CREATE INDEX "messages_conversationId_createdAt_idx" ON "messages"("conversationId", "createdAt" DESC);

-- A user's active conversations, answered from the index alone.
CREATE INDEX "conversation_users_userId_isActive_idx" ON "conversation_users"("userId", "isActive") INCLUDE ("conversationId");

-- Most recently updated conversations.
CREATE INDEX "conversations_updatedAt_idx" ON "conversations"("updatedAt" DESC);
