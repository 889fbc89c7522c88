// The tables before the rows: the project's migrations (then the drift check, unless an earlier
// run's notes are given), or, without migrations, the DDL of Prisma's schema engine. Returns the
// notes the run record keeps (intended differences, drift).

import type { Session } from "../db/index.js";
import { SeedbandError } from "../errors.js";
import {
  applyMigrations,
  applySchemaDdl,
  checkDrift,
  type DriftReport,
  type Migration,
  schemaDdl,
} from "../migrate/index.js";
import type { SchemaFile } from "../schema/index.js";
import type { Emit } from "./load-event.js";

export interface SchemaSource {
  migrations: Migration[];
  /**
   * The schema's files: without migrations, their DDL comes from Prisma's schema engine; with
   * migrations, the drift check compares the migrated database with them.
   */
  schemaFiles?: SchemaFile[];
  schemaFingerprint: string;
  /**
   * The drift check's notes from an earlier run with the same migrations and schema: the check
   * is skipped and these are reported (it costs ~0.3 s).
   */
  driftNotes?: string[];
}

/** The notes of the drift check, as the run record keeps them (and the drift cache reads them back). */
export const DRIFT_NOTE = /^(intended difference|drift): /;

export async function applySchema(
  session: Session,
  url: string,
  source: SchemaSource,
  emit: Emit,
): Promise<string[]> {
  if (source.migrations.length > 0) {
    emit({ kind: "phase", phase: `applying ${source.migrations.length} migration(s)` });
    await applyMigrations(session, source.migrations);
    const notes =
      source.driftNotes ??
      (source.schemaFiles ? driftToNotes(await checkDrift(source.schemaFiles, source.migrations, url)) : []);
    for (const note of notes) emit({ kind: "phase", phase: note });
    return [...notes];
  }
  if (source.schemaFiles) {
    emit({ kind: "phase", phase: "no migrations: applying the schema's DDL from Prisma's schema engine" });
    await applySchemaDdl(session, await schemaDdl(source.schemaFiles, url), source.schemaFingerprint);
    return [];
  }
  throw new SeedbandError(
    "SCHEMA_UNSUPPORTED",
    "Neither migrations nor schema files were given: nothing defines the tables.",
  );
}

function driftToNotes(drift: DriftReport): string[] {
  return drift.differences.map((d) =>
    d.intended
      ? `intended difference: ${d.kind} ${d.object} exists only in the migrations${d.why ? ` (${d.why})` : ""}`
      : `drift: the migrations and the schema disagree: ${d.kind} ${d.object}`,
  );
}
