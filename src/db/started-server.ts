// The handle every provider's start() returns: a running server on which seedband creates its
// own databases, addressed by a maintenance URL.

import { connect } from "./session.js";

export interface StartedServer {
  kind: "url" | "embedded" | "testcontainers";
  /** Maintenance URL (database `postgres` or the one the user named); seedband's data goes elsewhere. */
  url: string;
  majorVersion(): Promise<number>;
  /** Stops what the provider started; a no-op for a server the user gave. */
  stop(): Promise<void>;
}

/** The server's major version (15, 18, ...), from `server_version_num`. */
export async function serverMajorVersion(url: string): Promise<number> {
  const session = await connect(url);
  try {
    const { rows } = await session.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(rows[0]!.v) / 10000);
  } finally {
    await session.end();
  }
}
