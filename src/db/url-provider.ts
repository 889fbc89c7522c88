// The `url` provider: a server the user named (--database-url / DATABASE_URL). seedband never
// starts or stops it; the URL's database is only the maintenance connection.

import { type StartedServer, serverMajorVersion } from "./started-server.js";

export interface UrlProviderConfig {
  url: string;
}

/**
 * @example
 * const server = await new UrlProvider({ url: process.env.DATABASE_URL! }).start();
 */
export class UrlProvider {
  constructor(private readonly config: UrlProviderConfig) {}

  /** Connects once, so that an unreachable server fails here with UNREACHABLE (exit 2). */
  async start(): Promise<StartedServer> {
    const url = this.config.url;
    const major = await serverMajorVersion(url);
    return { kind: "url", url, majorVersion: async () => major, stop: async () => {} };
  }
}
