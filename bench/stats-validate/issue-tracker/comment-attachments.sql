-- name: comment-attachments
-- description: The attachments of a comment.
-- param commentId: Attachment.commentId typical heavy largest
SELECT * FROM "Attachment" WHERE "commentId" = :commentId
