import { describe, expect, it } from "vitest";
import {
  byteLineWriter,
  CopyBytes,
  escapeCopyText,
  isoTimestamp,
  lineEncoder,
  pgTimestamp,
} from "../../src/generate/copy-encoder.js";
import { streamFor } from "../../src/random/stream.js";
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

describe("COPY text encoding", () => {
  it("escapes backslash and the control characters PostgreSQL's COPY TO escapes, and nothing else", () => {
    expect(escapeCopyText("plain text, with ünïcode")).toBe("plain text, with ünïcode");
    expect(escapeCopyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
    expect(escapeCopyText("x\by\fz\vw")).toBe("x\\by\\fz\\vw");
  });

  it("writes timestamps as PostgreSQL prints them: space, trimmed fraction, +00 for timestamptz", () => {
    expect(pgTimestamp(Date.parse("2025-01-02T03:04:05.120Z"))).toBe("2025-01-02 03:04:05.12");
    expect(pgTimestamp(Date.parse("2025-01-02T03:04:05.000Z"))).toBe("2025-01-02 03:04:05");
    const tz = lineEncoder([column("DateTime", { nativeType: { name: "Timestamptz", args: ["3"] } })], [0]);
    expect(tz([Date.parse("2025-06-30T23:59:59.001Z")])).toBe("2025-06-30 23:59:59.001+00\n");
  });

  it("formats timestamps exactly as Date#toISOString does, across days, years and leap days", () => {
    const samples = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.parse("2024-02-29T23:59:59.999Z"),
      Date.parse("2025-06-30T12:07:03.040Z"),
    ];
    for (let t = Date.parse("2024-12-30T00:00:00Z"); t < Date.parse("2025-01-03T00:00:00Z"); t += 3_599_997)
      samples.push(t);
    for (const ms of samples) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it("encodes NULL, booleans, dates, JSON, bytes, lists and text per column type", () => {
    const columns = [
      column("Int"),
      column("String"),
      column("Boolean"),
      column("DateTime"),
      column("DateTime", { nativeType: { name: "Date", args: [] } }),
      column("Json"),
      column("Bytes"),
      column("String", { isList: true }),
      column("String", { isRequired: false }),
    ];
    const encode = lineEncoder(columns, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const line = encode([
      7,
      "tab\there",
      false,
      Date.parse("2025-01-02T03:04:05.006Z"),
      Date.parse("2025-01-02T03:04:05.006Z"),
      { a: "x\ny" },
      Buffer.from([0xde, 0xad]),
      ["a", 'q"uote'],
      null,
    ]);
    expect(line).toBe(
      // The array literal escapes the quote ({"a","q\"uote"}), and COPY text escapes that backslash.
      '7\ttab\\there\tf\t2025-01-02 03:04:05.006\t2025-01-02\t{"a":"x\\\\ny"}\t\\\\xdead\t{"a","q\\\\"uote"}\t\\N\n',
    );
  });

  it("writes only the chosen columns, in order", () => {
    const encode = lineEncoder([column("Int"), column("String"), column("Int")], [2, 0]);
    expect(encode([1, "skip", 3])).toBe("3\t1\n");
  });
});

describe("COPY text written as bytes (CopyBytes)", () => {
  const columns = [
    column("Int"),
    column("BigInt"),
    column("String"),
    column("String"), // copy-safe: corpus-like text
    column("Enum"),
    column("Boolean"),
    column("DateTime"),
    column("DateTime", { nativeType: { name: "Timestamptz", args: ["3"] } }),
    column("DateTime", { nativeType: { name: "Date", args: [] } }),
    column("Float"),
    column("Decimal"),
    column("Json"),
    column("Bytes"),
    column("String", { isList: true }),
    column("Int", { isRequired: false }),
  ];
  const all = columns.map((_, i) => i);
  const safe = new Set([3]);
  const rng = streamFor(7, "copy-bytes");
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const int = () =>
    pick([0, -1, 9, 10, 99, 100, 2_147_483_647, 2_147_483_648, -2_147_483_649, 2 ** 53 - 1]) +
    Math.floor(rng.next() * 1000);
  const time = () =>
    pick([
      Date.parse("1900-03-01T00:00:00Z"),
      Date.parse("1969-12-31T23:59:59.999Z"),
      0,
      Date.parse("2024-02-29T12:00:00Z"),
      Date.parse("2100-12-31T23:59:59.990Z"),
      Date.parse("9999-12-31T00:00:00.100Z"),
    ]) +
    (Math.floor(rng.next() * 86_400_000 * 400) * pick([0, 1, 10, 100, 1000])) / 1000;
  const text = () => pick(["", "plain", "ünïcode ✓ 𝄞", "tab\there", "back\\slash", "x\ny\rz\b\f\v", "\\N"]);
  const row = () => [
    int(),
    pick([int(), 12345678901234567890n, Number.MAX_SAFE_INTEGER + 2]),
    text(),
    pick(["lorem ipsum dolor", "a", ""]),
    pick(["ios", "we\tird", "ünï"]),
    rng.next() < 0.5,
    Math.floor(time()),
    Math.floor(time()),
    Math.floor(time()),
    pick([1.5, -0.1, 1e21, 3]),
    pick(["12.50", "-0.001"]),
    pick([{ a: "x\ny" }, [1, "two"], "s"]),
    Buffer.from([0, 0xde, 0xad, rng.next() * 255]),
    pick([[], ["a", 'q"uote'], [null, "tab\t"]]),
    pick([null, undefined, 5]),
  ];

  it("writes exactly lineEncoder's bytes for every column type", () => {
    const encode = lineEncoder(columns, all, safe);
    const write = byteLineWriter(columns, all, safe);
    const out = new CopyBytes(64); // small: grows many times on the way
    let expected = "";
    for (let i = 0; i < 5000; i++) {
      const values = row();
      expected += encode(values);
      write(values, out);
    }
    expect(out.take().toString("utf8")).toBe(expected);
  });

  it("writes dates of any day as toISOString does, without a Date per value", () => {
    const out = new CopyBytes(16);
    const write = byteLineWriter([columns[8]!], [0]);
    let expected = "";
    for (let day = -800_000; day < 2_900_000; day += 997) {
      write([day * 86_400_000 + 1], out);
      expected += `${new Date(day * 86_400_000).toISOString().slice(0, 10)}\n`;
    }
    expect(out.take().toString("latin1")).toBe(expected);
  });

  it("hands a chunk over and starts a new one", () => {
    const out = new CopyBytes(8);
    out.latin1("abc");
    const first = out.take();
    out.integer(42);
    expect([first.toString(), out.take().toString(), out.length]).toEqual(["abc", "42", 0]);
  });
});
