import { describe, expect, it } from "vitest";
import type { FindingType } from "../../src/privacy/finding.js";
import { scanText, scanValue } from "../../src/privacy/scan-value.js";

const digitCount = (s: string) => s.replace(/\D/g, "").length;

/** [type, text, the value the finding must span]: real-looking data that must be reported. */
const FOUND: [FindingType, string, string][] = [
  // email: any domain but the reserved ones
  ["email", "maria@gmail.com", "maria@gmail.com"],
  ["email", "Contact: John.Doe+news@Company.co.uk.", "John.Doe+news@Company.co.uk"],
  ["email", "<mailto:ops@acme-corp.com>", "ops@acme-corp.com"],
  ["email", "a@b.io", "a@b.io"],
  ["email", "user@example.co", "user@example.co"],
  ["email", "x@example.com.evil.org", "x@example.com.evil.org"],
  ["email", "josé.garcía@correo.es", "josé.garcía@correo.es"],
  ["email", "test@sub.gmail.com", "test@sub.gmail.com"],
  ["email", "name@xn--80ak6aa92e.com", "name@xn--80ak6aa92e.com"],
  // phone: North America outside 555-0100..0199 (and toll-free 555-01XX, which can be real)
  ["phone", "(415) 555-2671", "(415) 555-2671"],
  ["phone", "call 415-555-2671 today", "415-555-2671"],
  ["phone", "415.555.2671", "415.555.2671"],
  ["phone", "415 555 2671", "415 555 2671"],
  ["phone", "1-415-555-2671", "1-415-555-2671"],
  ["phone", "+1 415 555 2671", "+1 415 555 2671"],
  ["phone", "+1 (415) 555-2671", "+1 (415) 555-2671"],
  ["phone", "+14155552671", "+14155552671"],
  ["phone", "+1-202-555-0200", "+1-202-555-0200"],
  ["phone", "1-800-555-0199", "1-800-555-0199"],
  // phone: UK outside Ofcom's drama ranges
  ["phone", "07911 123456", "07911 123456"],
  ["phone", "mobile 07911123456", "07911123456"],
  ["phone", "+44 7911 123456", "+44 7911 123456"],
  ["phone", "+44 20 7123 4567", "+44 20 7123 4567"],
  ["phone", "+44 (0)20 7123 4567", "+44 (0)20 7123 4567"],
  ["phone", "020 7123 4567", "020 7123 4567"],
  ["phone", "(020) 7123 4567", "(020) 7123 4567"],
  ["phone", "0161 234 5678", "0161 234 5678"],
  ["phone", "0044 20 7123 4567", "0044 20 7123 4567"],
  ["phone", "+44 7700 901000", "+44 7700 901000"],
  ["phone", "020 7946 1000", "020 7946 1000"],
  ["phone", "028 9018 0123", "028 9018 0123"],
  // phone: elsewhere
  ["phone", "+49 30 12345678", "+49 30 12345678"],
  ["phone", "Tel. 030 12345678", "030 12345678"],
  ["phone", "030/12345678", "030/12345678"],
  ["phone", "+33 1 23 45 67 89", "+33 1 23 45 67 89"],
  ["phone", "01 23 45 67 89", "01 23 45 67 89"],
  ["phone", "+44 20 7123 4567 2025-01-02", "+44 20 7123 4567"],
  // card: Luhn-valid with an issuer's prefix and length
  ["card", "4111 1111 1111 1111", "4111 1111 1111 1111"],
  ["card", "4111-1111-1111-1111", "4111-1111-1111-1111"],
  ["card", "4111111111111111", "4111111111111111"],
  ["card", "paid with 4111 1111 1111 1111, exp 12/27", "4111 1111 1111 1111"],
  ["card", "order 12 4111 1111 1111 1111", "4111 1111 1111 1111"],
  ["card", "4111111111111111 2027", "4111111111111111"],
  ["card", "5500 0000 0000 0004", "5500 0000 0000 0004"],
  ["card", "2223 0000 4841 0010", "2223 0000 4841 0010"],
  ["card", "3782 822463 10005", "3782 822463 10005"],
  ["card", "378282246310005", "378282246310005"],
  ["card", "6011 1111 1111 1117", "6011 1111 1111 1117"],
  ["card", "3530 1113 3330 0000", "3530 1113 3330 0000"],
  ["card", "3056 930902 5904", "3056 930902 5904"],
  ["card", "4222222222222", "4222222222222"],
  ["card", "6759 6498 2643 8453", "6759 6498 2643 8453"],
  // ssn: formatted, and could have been issued
  ["ssn", "536-22-8726", "536-22-8726"],
  ["ssn", "SSN: 078-05-1121.", "078-05-1121"],
  ["ssn", "001-01-0001", "001-01-0001"],
  ["ssn", "899-99-9999", "899-99-9999"],
  // iban: registry country and length, mod-97 holds
  ["iban", "GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"],
  ["iban", "GB82WEST12345698765432", "GB82WEST12345698765432"],
  ["iban", "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"],
  ["iban", "IBAN: DE89370400440532013000, BIC COBADEFFXXX", "DE89370400440532013000"],
  ["iban", "FR14 2004 1010 0505 0001 3M02 606", "FR14 2004 1010 0505 0001 3M02 606"],
  ["iban", "NL91 ABNA 0417 1643 00", "NL91 ABNA 0417 1643 00"],
  ["iban", "BE68 5390 0754 7034", "BE68 5390 0754 7034"],
  ["iban", "CH93 0076 2011 6238 5295 7", "CH93 0076 2011 6238 5295 7"],
  ["iban", "ES91 2100 0418 4502 0005 1332", "ES91 2100 0418 4502 0005 1332"],
  ["iban", "IT60 X054 2811 1010 0000 0123 456", "IT60 X054 2811 1010 0000 0123 456"],
  ["iban", "AT61 1904 3002 3457 3201", "AT61 1904 3002 3457 3201"],
  ["iban", "NO93 8601 1117 947", "NO93 8601 1117 947"],
  ["iban", "PL61 1090 1014 0000 0712 1981 2874", "PL61 1090 1014 0000 0712 1981 2874"],
  ["iban", "GB82 WEST 1234 5698 7654 32 1234", "GB82 WEST 1234 5698 7654 32"],
  // ip: addresses that can name a host
  ["ip", "8.8.8.8", "8.8.8.8"],
  ["ip", "from 81.2.69.160:443", "81.2.69.160"],
  ["ip", "10.0.0.1", "10.0.0.1"],
  ["ip", "172.16.5.4", "172.16.5.4"],
  ["ip", "192.168.1.10", "192.168.1.10"],
  ["ip", "100.64.0.1", "100.64.0.1"],
  ["ip", "169.254.1.1", "169.254.1.1"],
  ["ip", "1.2.3.4", "1.2.3.4"],
  ["ip", "2a00:1450:4001:81a::200e", "2a00:1450:4001:81a::200e"],
  ["ip", "[2606:4700::1111]:443", "2606:4700::1111"],
  ["ip", "2001:4860:4860:0:0:0:0:8888", "2001:4860:4860:0:0:0:0:8888"],
  ["ip", "fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a"],
  ["ip", "fd12:3456:789a::1", "fd12:3456:789a::1"],
  ["ip", "::ffff:8.8.8.8", "::ffff:8.8.8.8"],
  ["ip", "seen at 2a00:1450::1.", "2a00:1450::1"],
];

describe("scanText, data profile: real-looking values are found", () => {
  it.each(FOUND)("%s in %j", (type, text, value) => {
    const findings = scanText(text, "data");
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([[type, value]]);
    const { preview } = findings[0]!;
    expect(preview).not.toContain(value);
    if (digitCount(value) > 0) expect(preview).not.toContain(value.replace(/\D/g, ""));
    expect(digitCount(preview)).toBeLessThan(digitCount(value) || 1);
    if (type === "card" || type === "ssn" || type === "iban")
      expect(digitCount(preview)).toBeLessThanOrEqual(4);
  });

  it.each([
    ["maria@gmail.com", "ma…@g…"],
    ["a@b.io", "…@b…"],
    ["4111 1111 1111 1111", "Visa …1111"],
    ["378282246310005", "Amex …0005"],
    ["536-22-8726", "***-**-8726"],
    ["GB82 WEST 1234 5698 7654 32", "GB… …5432"],
    ["+49 30 12345678", "+49…78"],
    ["+1 415 555 2671", "+14…71"],
    ["(415) 555-2671", "41…71"],
    ["8.8.8.8", "8.…"],
    ["2a00:1450::1", "2a00:…"],
  ])("masks %j as %j", (text, preview) => {
    expect(scanText(text, "data").map((f) => f.preview)).toEqual([preview]);
  });

  it("finds every value of a record, in text order", () => {
    const text = "Maria <maria@gmail.com>, +44 7911 123456, card 4111 1111 1111 1111, from 81.2.69.160";
    expect(scanText(text, "data").map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ["email", "maria@gmail.com"],
      ["phone", "+44 7911 123456"],
      ["card", "4111 1111 1111 1111"],
      ["ip", "81.2.69.160"],
    ]);
  });
});

/** Values a generated dataset holds, and near misses of every recognizer: none is a finding. */
const CLEAN: string[] = [
  // seedband's own values and reserved email domains
  "quiet_otter.12@example.com",
  "user.1@example.com",
  "a@mail.example.org",
  "someone@EXAMPLE.NET",
  "bob@foo.test",
  "x@shop.example",
  "y@nothing.invalid",
  "z@dev.localhost",
  "+1-202-555-0142",
  "+1-718-555-0199 x17",
  "+44 7700 900123",
  "+44 7700 900123 x4",
  "https://example.com/otter/12",
  "otter/c/1a2b3c4d",
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.",
  // timestamps, ids, hashes, numbers
  "2025-01-02",
  "2025-01-02T10:00:00.000Z",
  "2025-01-02 10:00:00+00",
  "2025-01-02T10:00:00+01:00",
  "01/02/2025 10:30",
  "02.01.2025",
  "550e8400-e29b-41d4-a716-446655440000",
  "123e4567-e89b-12d3-a456-426614174000",
  "00717197-4008-4aba-b043-e03320569cff",
  "00831916-6477-4251-830e-0a3f9d6c8536",
  "49177403-6476-4384-8037-f713e412db53",
  "00829884-8259-4798-b083-a14599511cee",
  "12345678-4111-1111-1111-11111111abcd",
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
  "1.2.3",
  "v1.2.3.4",
  "1.2.3.4.5",
  "1735689600000",
  "1735689600000000",
  "19.99",
  "1234567.89",
  "1234567890",
  "12345678901",
  "1000000000000",
  "-33.868820, 151.209290",
  "ISBN 978-3-16-148410-0",
  // fictional phones in other notations
  "(212) 555-0100",
  "212-555-0150",
  "+1 (415) 555-0123",
  "+447700900999",
  "07700 900000",
  "020 7946 0958",
  "+44 20 7946 0000",
  "+44 (0)20 7946 0999",
  "0044 20 7946 0500",
  "0113 496 0123",
  "01632 960000",
  "028 9649 6999",
  // not phones: too short, too long, invalid North American codes
  "555-0142",
  "+1-202-555-0000042",
  "123-456-7890",
  "1358 533 6775",
  "+44 20 7946",
  // cards: Luhn fails, no issuer, wrong length for the issuer, glued to a hex id
  "4111 1111 1111 1112",
  "4111111111111112",
  "0000 0000 0000 0000",
  "1111 1111 1111 1117",
  "411111111111111",
  "4111111111111111abcdef",
  "id-4111111111111111",
  "4448 3835 5342 1896 5727 9854",
  // SSNs that cannot have been issued, or are not written AAA-GG-SSSS
  "000-12-3456",
  "666-12-3456",
  "900-12-3456",
  "987-65-4321",
  "123-00-4567",
  "123-45-0000",
  "078-05-1120",
  "219-09-9999",
  "536228726",
  "536 22 8726",
  "1536-22-8726",
  "536-22-87261",
  // IBANs with a wrong checksum, length or country
  "GB82 WEST 1234 5698 7654 33",
  "DE89 3704 0044 0532 0130 01",
  "DE89 3704 0044 0532 0130",
  "DE89 3704 0044 0532 0130 000",
  "XX89 3704 0044 0532 0130 00",
  "VA02AUXB7JJTOG5T2KKZEH",
  // IPs in documentation, loopback, multicast and reserved ranges; clock times and MAC addresses
  "192.0.2.1",
  "198.51.100.7",
  "203.0.113.255",
  "127.0.0.1",
  "0.0.0.0",
  "224.0.0.251",
  "255.255.255.0",
  "256.1.1.1",
  "01.02.03.04",
  "2001:db8::1",
  "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
  "3fff:0:1::1",
  "::1",
  "::",
  "::ffff:192.0.2.1",
  "ff02::fb",
  "10:00:00",
  "00:1a:2b:3c:4d:5e",
  "std::vector",
];

describe("scanText, data profile: generated values and near misses are clean", () => {
  it.each(CLEAN)("%j", (text) => {
    expect(scanText(text, "data")).toEqual([]);
  });
});

describe("overlapping recognizers", () => {
  it("reports an IBAN once, not its digits as a card or phone too", () => {
    // A valid German IBAN whose first four groups are a Luhn-valid Visa number.
    const iban = "DE89 4111 1111 1111 1111 11";
    expect(scanText(iban, "data").map((f) => [f.type, iban.slice(f.start, f.end)])).toEqual([["iban", iban]]);
    expect(scanText(iban.replace("DE89", "DE88"), "data").map((f) => f.type)).toEqual(["card"]);
  });

  it("reports an email once, even when its local part is a phone number", () => {
    const text = "4155552671@txt.att.net";
    expect(scanText(text, "data").map((f) => f.type)).toEqual(["email"]);
  });

  it("reports an IPv4-mapped IPv6 address once", () => {
    expect(scanText("::ffff:8.8.8.8", "data")).toHaveLength(1);
  });
});

describe("scanValue", () => {
  it.each([
    [4111111111111111n, "card"],
    [4111111111111111, "card"],
    ["maria@gmail.com", "email"],
  ] as const)("scans the decimal form of %s", (value, type) => {
    expect(scanValue(value, "data").map((f) => f.type)).toEqual([type]);
  });

  it.each([
    null,
    undefined,
    true,
    19.99,
    1735689600000,
    { email: "maria@gmail.com" },
    Buffer.from("4111111111111111"),
  ])("has no findings in %s", (value) => {
    expect(scanValue(value, "data")).toEqual([]);
  });
});
