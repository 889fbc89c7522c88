// What a seedband.config.ts generator function may return for a column (userValueProblem), and the
// spec's values checked against the band and the schema (checkSpecValues): table-driven, pure.
import { describe, expect, it } from "vitest";
import { userValueProblem } from "../../src/factories/check-user-value.js";
import { checkSpecValues, MAX_ROWS } from "../../src/generate/check-spec-values.js";
import type { Column, ModelGraph } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";

const column = (over: Partial<Column>): Column => ({
  fieldName: "f",
  columnName: "f",
  type: "String",
  isList: false,
  isRequired: true,
  isId: false,
  isUnique: false,
  isUpdatedAt: false,
  ...over,
});
const enums = [{ name: "Device", dbName: "Device", values: ["ios", "web"] }];

describe("userValueProblem", () => {
  const cases: Array<[string, Partial<Column>, unknown, RegExp | undefined]> = [
    ["a string for String", {}, "abc", undefined],
    ["a number for String", {}, 42, /a number, but f is a String column/],
    [
      "81 characters for VarChar(80)",
      { nativeType: { name: "VarChar", args: ["80"] } },
      "x".repeat(81),
      /81 characters/,
    ],
    [
      "80 characters for VarChar(80)",
      { nativeType: { name: "VarChar", args: ["80"] } },
      "x".repeat(80),
      undefined,
    ],
    ["an Int", { type: "Int" }, 7, undefined],
    ["a digit string for Int", { type: "Int" }, "7", undefined],
    ["a fraction for Int", { type: "Int" }, 1.5, /whole number/],
    ["2^40 for Int", { type: "Int" }, 2 ** 40, /outside -2147483648\.\.2147483647/],
    [
      "40000 for SmallInt",
      { type: "Int", nativeType: { name: "SmallInt", args: [] } },
      40000,
      /outside -32768/,
    ],
    ["a bigint for BigInt", { type: "BigInt" }, 10n, undefined],
    ["a word for BigInt", { type: "BigInt" }, "ten", /BigInt column/],
    ["NaN for Float", { type: "Float" }, Number.NaN, /finite number/],
    ["a numeric string for Decimal", { type: "Decimal" }, "12.50", undefined],
    ["yes for Boolean", { type: "Boolean" }, "yes", /Boolean column/],
    ["an ISO string for DateTime", { type: "DateTime" }, "2025-01-01T00:00:00Z", undefined],
    ["an invalid Date", { type: "DateTime" }, new Date("nope"), /an invalid Date/],
    ["an enum value", { type: "Enum", enumName: "Device" }, "web", undefined],
    [
      "a value outside the enum",
      { type: "Enum", enumName: "Device" },
      "pager",
      /not a value of the enum Device \(ios, web\)/,
    ],
    ["null for a required column", {}, null, /null, but f is required/],
    ["null for an optional column", { isRequired: false }, null, undefined],
    ["a list for String[]", { isList: true }, ["a", "b"], undefined],
    ["a list holding a number", { isList: true }, ["a", 1], /a list holding a number/],
    ["a string for String[]", { isList: true }, "a", /is a list/],
  ];
  it.each(cases)("%s", (_name, over, value, expected) => {
    const problem = userValueProblem(column(over), value, enums);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
  it("never quotes the value it refuses", () => {
    expect(
      userValueProblem(column({ nativeType: { name: "VarChar", args: ["5"] } }), "secret-value", enums),
    ).not.toContain("secret");
  });
});

describe("checkSpecValues", () => {
  const graph = {
    models: [
      {
        modelName: "User",
        columns: [column({ fieldName: "device", type: "Enum", enumName: "Device" })],
      },
    ],
    enums,
  } as unknown as ModelGraph;
  const spec = (user: Record<string, unknown>): Spec =>
    ({ models: { User: user }, bands: { b: { n: 5 } } }) as unknown as Spec;
  const check =
    (user: Record<string, unknown>, vars: Record<string, number> = { n: 5 }) =>
    () =>
      checkSpecValues(graph, spec(user), "b", vars, "p.json");

  it("accepts a spec whose values fit", () => {
    expect(check({ count: "$n", fields: { device: { categorical: { ios: 1, web: 0 } } } })).not.toThrow();
  });
  it.each([
    [
      "a negative count through a variable",
      { count: "$n" },
      { n: -1 },
      /\$\.models\.User\.count is \$n \(= -1 in \$\.bands\.b\).*\$\.bands\.b\.n to 0/,
    ],
    ["a count above MAX_ROWS", { count: MAX_ROWS + 1 }, { n: 5 }, /at most 2,147,483,647/],
    [
      "weights adding up to 0",
      { count: 1, fields: { device: { categorical: { ios: 0 } } } },
      { n: 5 },
      /add up to 0/,
    ],
    [
      "a key outside the enum",
      { count: 1, fields: { device: { oneOf: ["ios", "pager"] } } },
      { n: 5 },
      /oneOf\[1\]: "pager"/,
    ],
  ])("refuses %s", (_name, user, vars, message) => {
    expect(check(user, vars)).toThrow(message);
  });
  it("reports every problem at once", () => {
    try {
      check({ count: -1, fields: { device: { categorical: { pager: 0 } } } })();
      expect.unreachable();
    } catch (error) {
      const text = (error as Error).message;
      expect(text).toContain("$.models.User.count is -1");
      expect(text).toContain("add up to 0");
      expect(text).toContain('"pager" is not a value');
    }
  });
});
