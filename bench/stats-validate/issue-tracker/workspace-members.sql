-- name: workspace-members
-- description: A workspace's members with their users, by role.
-- param workspaceId: Member.workspaceId typical heavy largest
SELECT m.id, m.role, u.email, u.name
  FROM "Member" m JOIN "User" u ON u.id = m."userId"
 WHERE m."workspaceId" = :workspaceId
 ORDER BY m.role, u.name
