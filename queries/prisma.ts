// Prisma Client calls of the catalog: seedband runs each once through a recording driver adapter
// and baselines the SQL Prisma really sends. Needs the generated client: `npx prisma generate`
// (see docs/plan-baselines.md).
import { definePrismaQueries } from "seedband";
import { PrismaClient } from "../generated/prisma/client";

export default definePrismaQueries({
  client: (adapter) => new PrismaClient({ adapter }),
  queries: [
    {
      name: "latest-messages-prisma",
      description: "latest-messages as the app writes it with Prisma Client.",
      params: { conversationId: "messages.conversationId typical heavy" },
      assert: ["uses-index-on messages", "no-sort"],
      run: (db, p) =>
        db.message.findMany({
          where: { conversationId: p.conversationId as number },
          orderBy: { createdAt: "desc" },
          take: 50,
          select: { id: true, senderId: true, content: true, device: true, createdAt: true },
        }),
    },
  ],
});
