// The validator's labelled corpus (test/fixtures/pii/): every labelled positive must be found at
// its place with its type (recall 1), and nothing else may be reported, in the positives or in the
// hard negatives (UUIDs, hashes, Luhn-valid epochs and ids, versions, reserved and fictional
// contact data, a real sampler output): zero false positives. The figures are printed.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scanFiles } from "../../src/privacy/index.js";

const CORPUS = fileURLToPath(new URL("../fixtures/pii/", import.meta.url));
const labels = JSON.parse(readFileSync(join(CORPUS, "labels.json"), "utf8")) as {
  positives: [string, string, string][];
};
const key = (file: string, path: string, type: string) => `${file} | ${path} | ${type}`;

const positives = await scanFiles([join(CORPUS, "positives")]);
const negatives = await scanFiles([join(CORPUS, "negatives")]);

describe("the PII validator's labelled corpus", () => {
  const found = new Set(positives.findings.map((f) => key(relative(CORPUS, f.file), f.path, f.type)));
  const expected = new Set(labels.positives.map(([file, path, type]) => key(file, path, type)));
  const missed = [...expected].filter((e) => !found.has(e));
  const falsePositives = [
    ...[...found].filter((f) => !expected.has(f)),
    ...negatives.findings.map((f) => key(relative(CORPUS, f.file), f.path, f.type)),
  ];
  const recall = (expected.size - missed.length) / expected.size;
  const types = [...new Set(labels.positives.map((l) => l[2]))].sort();
  console.log(
    `PII corpus: recall ${recall.toFixed(3)} (${expected.size - missed.length}/${expected.size} labelled positives, types ${types.join(", ")}), ` +
      `${falsePositives.length} false positives over ${positives.files.length} positive and ${negatives.files.length} negative files`,
  );

  it("covers every finding type in at least two formats of the corpus", () => {
    for (const type of ["email", "phone", "ssn", "card", "iban", "ip"]) {
      const files = new Set(labels.positives.filter((l) => l[2] === type).map((l) => l[0]));
      expect(files.size, type).toBeGreaterThanOrEqual(2);
    }
    expect(types).toEqual(expect.arrayContaining(["name", "free-text", "token", "identifier"]));
  });

  it("finds every labelled positive at its place (recall 1)", () => {
    expect(missed).toEqual([]);
  });

  it("reports nothing else: zero false positives in the positives and the hard negatives", () => {
    expect(negatives.files.length).toBeGreaterThanOrEqual(4);
    expect(falsePositives).toEqual([]);
  });

  it("never prints a found value in full", () => {
    const values = [
      "maria.garcia@gmail.com",
      "536-22-8726",
      "4111-1111-1111-1111",
      "GB82 WEST 1234 5698 7654 32",
      "81.2.69.160",
      "Maria Garcia",
      "+44 20 7123 4567",
    ];
    const previews = positives.findings.map((f) => f.preview).join("\n");
    for (const v of values) expect(previews).not.toContain(v);
    expect(previews).not.toMatch(/\d{5,}/);
    // Nor in a path: a key that holds a finding is masked (`[<key 1: email>]`).
    const paths = positives.findings.map((f) => f.path).join("\n");
    for (const v of values) expect(paths).not.toContain(v);
    expect(paths).not.toContain("Priya");
  });
});
