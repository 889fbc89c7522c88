// The data profile over values as generators produce them, in bulk: seedband's own fictional
// phones and reserved-domain emails, and faker's values of every kind a dataset holds, are clean;
// faker's real-looking cards, IBANs, emails and phones are all found.
import { createHash } from "node:crypto";
import { base, en, Faker } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import type { FindingType } from "../../src/privacy/finding.js";
import { scanText } from "../../src/privacy/scan-value.js";

const faker = new Faker({ locale: [en, base] });
const from = new Date("2020-01-01T00:00:00Z");
const to = new Date("2030-01-01T00:00:00Z");

/** Values of `generate` that have findings, with what was found (empty when all are clean). */
function offenders(n: number, generate: (i: number) => string): string[] {
  const bad: string[] = [];
  for (let i = 0; i < n; i++) {
    const value = generate(i);
    const findings = scanText(value, "data");
    if (findings.length > 0) bad.push(`${value} → ${findings.map((f) => f.type).join(",")}`);
  }
  return bad;
}

describe("seedband's own synthetic values are clean", () => {
  it("every North American fictional number, as the phone generator writes it", () => {
    const areas = ["202", "312", "415", "617", "718"];
    expect(
      offenders(500, (i) => `+1-${areas[i % 5]}-555-01${String(Math.floor(i / 5)).padStart(2, "0")}`),
    ).toEqual([]);
  });

  it("every UK drama mobile number, and unique phones with an extension", () => {
    expect(offenders(1000, (i) => `+44 7700 900${String(i).padStart(3, "0")}`)).toEqual([]);
    expect(offenders(1000, (i) => `+44 7700 900${String(i).padStart(3, "0")} x${i + 1}`)).toEqual([]);
    expect(offenders(1000, (i) => `+1-202-555-01${String(i % 100).padStart(2, "0")} x${i + 1}`)).toEqual([]);
  });

  it("handles with a position at the reserved domain", () => {
    faker.seed(1);
    expect(
      offenders(5000, (i) => `${faker.word.adjective()}_${faker.word.noun()}.${i + 1}@example.com`),
    ).toEqual([]);
  });
});

describe("faker's values of every kind are clean", () => {
  const kinds: [string, () => string][] = [
    ["full names", () => faker.person.fullName()],
    ["companies", () => faker.company.name()],
    ["cities and countries", () => `${faker.location.city()}, ${faker.location.country()}`],
    ["street addresses", () => faker.location.streetAddress({ useFullAddress: true })],
    ["product names", () => faker.commerce.productName()],
    ["prices", () => faker.commerce.price()],
    ["lorem sentences", () => faker.lorem.sentences({ min: 1, max: 3 })],
    ["200-character lorem", () => faker.lorem.paragraphs(3).slice(0, 200)],
    ["slugs", () => faker.lorem.slug(3)],
    ["UUIDs", () => faker.string.uuid()],
    ["ISO timestamps", () => faker.date.between({ from, to }).toISOString()],
    [
      "Postgres timestamps",
      () => faker.date.between({ from, to }).toISOString().replace("T", " ").replace("Z", "+00"),
    ],
    ["epoch millis", () => String(faker.date.between({ from, to }).getTime())],
    ["coordinates", () => `${faker.location.latitude()}, ${faker.location.longitude()}`],
    ["semvers", () => faker.system.semver()],
    ["git SHAs", () => faker.git.commitSha()],
    ["sha256 hex", () => createHash("sha256").update(faker.string.alphanumeric(12)).digest("hex")],
    ["example emails", () => faker.internet.exampleEmail()],
    ["small integers", () => String(faker.number.int(1_000_000_000))],
    ["decimals", () => faker.number.float({ max: 1e6, fractionDigits: 4 }).toString()],
    ["JSON", () => JSON.stringify({ id: faker.number.int(1e6), at: faker.date.between({ from, to }) })],
  ];

  it.each(kinds)("%s", (_kind, generate) => {
    faker.seed(42);
    expect(offenders(5000, generate)).toEqual([]);
  });
});

describe("faker's real-looking personal data is found", () => {
  const kinds: [FindingType, string, () => string][] = [
    ["card", "card numbers", () => faker.finance.creditCardNumber()],
    ["iban", "IBANs", () => faker.finance.iban({ formatted: faker.datatype.boolean() })],
    ["email", "emails", () => faker.internet.email()],
    ["phone", "international phones", () => faker.phone.number({ style: "international" })],
    ["phone", "national phones", () => faker.phone.number({ style: "national" })],
  ];

  it.each(kinds)("%s: %s", (type, _kind, generate) => {
    faker.seed(7);
    const missed: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const value = generate();
      if (!scanText(value, "data").some((f) => f.type === type)) missed.push(value);
    }
    expect(missed).toEqual([]);
  });
});
