// A Prisma schema file as the caller read it: the pure reader takes texts, never paths to read.

/** A schema file as the caller read it: its path (used in messages) and its text. */
export type SchemaFile = readonly [path: string, text: string];
