// COPY binary files written offline carry element OID 0 in arrays of types whose OID each database
// assigns (enums, citext): PostgreSQL's array_recv refuses an element type other than the
// column's. While loading, each such array's element OID is set to the target column's, read from
// the catalog; the file's bytes (and their SHA-256) stay as written.
import { quoteIdent, type Session } from "../db/index.js";
import type { CopyChunk } from "../generate/index.js";

/** Per COPY column position, the element type OID of an array column whose element OID must be set. */
export async function arrayElementOids(
  session: Session,
  table: { schemaName: string; tableName: string; columnNames: string[] },
): Promise<Map<number, number>> {
  const { rows } = await session.query<{ name: string; elem: number }>(
    `SELECT a.attname AS name, t.typelem::int AS elem
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND t.typelem <> 0
        AND t.typcategory = 'A'`,
    [`${quoteIdent(table.schemaName)}.${quoteIdent(table.tableName)}`],
  );
  const out = new Map<number, number>();
  for (const r of rows) {
    const at = table.columnNames.indexOf(r.name);
    if (at >= 0) out.set(at, r.elem);
  }
  return out;
}

const SIGNATURE_LENGTH = 11;

/**
 * The chunks of a COPY binary stream with every array field in `oids` given its column's element
 * OID. Fields may straddle chunks: bytes after the last whole tuple wait for the next chunk.
 */
export async function* withElementOids(
  chunks: AsyncIterable<CopyChunk> | Iterable<CopyChunk>,
  oids: Map<number, number>,
): AsyncGenerator<CopyChunk> {
  if (oids.size === 0) {
    yield* chunks;
    return;
  }
  let pending = Buffer.alloc(0);
  let headerDone = false;
  for await (const chunk of chunks) {
    const buf = pending.length === 0 ? Buffer.from(chunk.bytes) : Buffer.concat([pending, chunk.bytes]);
    let at = 0;
    if (!headerDone) {
      if (buf.length < SIGNATURE_LENGTH + 8) {
        pending = buf;
        continue;
      }
      const extension = buf.readInt32BE(SIGNATURE_LENGTH + 4);
      at = SIGNATURE_LENGTH + 8 + extension;
      headerDone = true;
    }
    let done = at;
    for (;;) {
      if (at + 2 > buf.length) break;
      const fields = buf.readInt16BE(at);
      if (fields === -1) {
        at += 2;
        done = at;
        break;
      }
      let p = at + 2;
      let whole = true;
      for (let f = 0; f < fields; f++) {
        if (p + 4 > buf.length) {
          whole = false;
          break;
        }
        const length = buf.readInt32BE(p);
        p += 4;
        if (length < 0) continue;
        if (p + length > buf.length) {
          whole = false;
          break;
        }
        const oid = oids.get(f);
        if (oid !== undefined && length >= 12) buf.writeUInt32BE(oid, p + 8);
        p += length;
      }
      if (!whole) break;
      at = p;
      done = at;
    }
    pending = buf.subarray(done);
    if (done > 0) yield { bytes: buf.subarray(0, done), rows: chunk.rows };
  }
  if (pending.length > 0) yield { bytes: pending, rows: 0 };
}
