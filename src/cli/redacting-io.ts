// Everything the CLI prints passes through here (its Io, and Progress on stderr): the server URLs
// the command was given (flag and environment) are masked wherever they appear, and so is each of
// their secrets (a password, an sslkey path) should a message from below quote one alone.
import { redactSecrets } from "../db/index.js";
import type { Io } from "./io.js";

/** The --database-url value in raw arguments (`--database-url URL` or `--database-url=URL`). */
export function databaseUrlArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--database-url") return argv[i + 1];
    if (arg.startsWith("--database-url=")) return arg.slice("--database-url=".length);
  }
  return undefined;
}

/** The server URLs this process was given: its --database-url argument and DATABASE_URL. */
export function processUrls(argv: readonly string[] = process.argv.slice(2)): Array<string | undefined> {
  return [databaseUrlArgument(argv), process.env.DATABASE_URL];
}

export function redactingIo(io: Io, urls: ReadonlyArray<string | undefined>): Io {
  const known = urls.filter((u): u is string => typeof u === "string" && u.length > 0);
  if (known.length === 0) return io;
  return {
    ...io,
    stdout: (text) => io.stdout(redactSecrets(text, known)),
    stderr: (text) => io.stderr(redactSecrets(text, known)),
  };
}
