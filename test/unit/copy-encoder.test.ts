import { describe, expect, it } from "vitest";
import { escapeCopyText, isoTimestamp, lineEncoder, pgTimestamp } from "../../src/generate/copy-encoder.js";
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
      '7\ttab\\there\tf\t2025-01-02 03:04:05.006\t2025-01-02\t{"a":"x\\\\ny"}\t\\\\xdead\t{"a","q\\"uote"}\t\\N\n',
    );
  });

  it("writes only the chosen columns, in order", () => {
    const encode = lineEncoder([column("Int"), column("String"), column("Int")], [2, 0]);
    expect(encode([1, "skip", 3])).toBe("3\t1\n");
  });
});
