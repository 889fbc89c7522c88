// What a snapshot is keyed by: the seed fingerprint (schema or migrations, spec, seedband version,
// seedband.config.ts, the generator's dependency versions), the band, the seed and the server's
// PostgreSQL major version. Any change to one of them is another key, so another snapshot.
import { fingerprint } from "../spec/index.js";

export interface SnapshotInputs {
  band: string;
  seed: number;
  /** The combined seed fingerprint (`seedFingerprints(...).combined`). */
  fingerprint: string;
  pgMajor: number;
  /** The project's identity: each project has its own templates on a shared server. */
  project?: string;
}

export function snapshotKey(inputs: SnapshotInputs): string {
  return fingerprint({
    band: inputs.band,
    seed: inputs.seed,
    fingerprint: inputs.fingerprint,
    pgMajor: inputs.pgMajor,
    ...(inputs.project ? { project: inputs.project } : {}),
  });
}

/** `seedband_snap_<band>_<key>`: the published template of one key (at most 47 bytes). */
export function snapshotName(band: string, key: string): string {
  return `seedband_snap_${safeBand(band)}_${key.slice(0, 12)}`;
}

/** Letters, digits and `_` only, at most 20 characters: part of a database name. */
export function safeBand(band: string): string {
  return band
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "_")
    .slice(0, 20);
}
