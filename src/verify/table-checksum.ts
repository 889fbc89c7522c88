// A table's rows and checksum, recomputed from the database alone: the SHA-256 of
// `COPY (SELECT * … ORDER BY primary key) TO STDOUT` in a session pinned to TimeZone=UTC,
// DateStyle=ISO, extra_float_digits=1 (DESIGN.md), so any server and any sharding of the same
// data agree.
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { to as copyTo } from "pg-copy-streams";
import { quoteIdent, type Session } from "../db/index.js";
import type { Model } from "../schema/index.js";

export interface TableCheck {
  rows: number;
  checksum: string;
}

export async function tableChecksum(session: Session, model: Model): Promise<TableCheck> {
  return copyTableOut(session, model);
}

/**
 * The checksum query's COPY stream of a table: hashed (and counted), and written to `sink` too
 * when one is given (an on-disk snapshot's table file); `columnNames` as the loader writes them.
 */
export async function copyTableOut(
  session: Session,
  model: Model,
  sink?: Writable,
  columnNames: string[] = model.columns.map((c) => c.columnName),
): Promise<TableCheck> {
  const table = `${quoteIdent(model.schemaName)}.${quoteIdent(model.tableName)}`;
  const keyColumns = (
    model.primaryKey.length > 0 ? model.primaryKey : model.columns.map((c) => c.fieldName)
  ).map((f) => quoteIdent(model.columns.find((c) => c.fieldName === f)?.columnName ?? f));
  const hash = createHash("sha256");
  let rows = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++;
      if (!sink || sink.write(chunk)) done();
      else sink.once("drain", () => done());
    },
    final(done) {
      if (!sink) return done();
      sink.end(() => done());
    },
  });
  // The columns of the model graph in their order (not SELECT *: a column added by a later
  // ALTER TABLE sits last in the table), so the generated stream can be hashed the same way.
  const columns = columnNames.map(quoteIdent).join(", ");
  await pipeline(
    session.client.query(
      copyTo(`COPY (SELECT ${columns} FROM ${table} ORDER BY ${keyColumns.join(", ")}) TO STDOUT`),
    ),
    counter,
  );
  return { rows, checksum: hash.digest("hex") };
}
