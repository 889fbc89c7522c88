// The manifest of a folder of COPY files (`seedband generate`, on-disk logical snapshots), as
// `seedband load` reads it: written last, so a folder without one is never loadable.
import type { CopyFormat } from "../generate/index.js";

export interface LoadManifest {
  version: 1;
  band: string;
  seed: number;
  preset: string;
  fingerprint: string;
  schemaFingerprint: string;
  seedbandVersion: string;
  /** This folder is shard k of n of the load. */
  shard: { k: number; n: number };
  /** The Prisma schema given with --schema, relative to the project root (absent: the default). */
  schema?: string;
  format: CopyFormat;
  tables: Array<{ model: string; table: string; file: string; rows: number; sha256: string }>;
}
