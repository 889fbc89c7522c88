// Element OIDs of enum (and citext) arrays in COPY binary streams written offline: set to the
// target column's while the stream passes, whatever the chunk boundaries, other bytes untouched.
import { describe, expect, it } from "vitest";
import { BINARY_HEADER, BINARY_TRAILER, binaryRowWriter } from "../../src/generate/copy-binary.js";
import { CopyBytes } from "../../src/generate/copy-encoder.js";
import { withElementOids } from "../../src/load/array-element-oids.js";
import type { Column } from "../../src/schema/index.js";

const column = (type: Column["type"], extra: Partial<Column> = {}): Column => ({
  fieldName: "f",
  columnName: "f",
  type,
  isList: false,
  isRequired: true,
  isId: false,
  isUnique: false,
  isUpdatedAt: false,
  ...extra,
});

function stream(): Buffer {
  const columns = [column("Int"), column("Enum", { isList: true, enumName: "Flag" }), column("String")];
  const write = binaryRowWriter(columns, [0, 1, 2], "Item");
  const out = new CopyBytes(1024);
  out.bytes(BINARY_HEADER);
  write([1, ["RED", "BLUE"], "a"], out);
  write([2, [], "b"], out);
  write([3, null, "c"], out);
  write([4, ["GREEN"], "d"], out);
  out.bytes(BINARY_TRAILER);
  return out.take();
}

async function patched(bytes: Buffer, size: number): Promise<Buffer> {
  const chunks = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push({ bytes: bytes.subarray(i, i + size), rows: 0 });
  const out: Buffer[] = [];
  for await (const c of withElementOids(chunks, new Map([[1, 424242]]))) out.push(Buffer.from(c.bytes));
  return Buffer.concat(out);
}

describe("withElementOids", () => {
  it("sets every array's element OID and nothing else, for any chunk size", async () => {
    const original = stream();
    const whole = await patched(original, original.length);
    expect(whole.length).toBe(original.length);
    const oid = Buffer.alloc(4);
    oid.writeUInt32BE(424242);
    // Three arrays (one empty), one NULL: three element OIDs set.
    expect(whole.toString("hex").split(oid.toString("hex")).length - 1).toBe(3);
    let differing = 0;
    for (let i = 0; i < original.length; i++) if (original[i] !== whole[i]) differing++;
    expect(differing).toBeGreaterThan(0);
    expect(differing).toBeLessThanOrEqual(12);
    for (const size of [1, 2, 3, 5, 7, 13, 64])
      expect((await patched(original, size)).equals(whole)).toBe(true);
  });
});
