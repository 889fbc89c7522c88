import { describe, expect, it } from "vitest";
import {
  cardIssuer,
  classifyIp,
  ibanValid,
  isFictionalPhone,
  isReservedEmailDomain,
  luhnValid,
  ssnValid,
} from "../../src/privacy/index.js";

describe("luhnValid", () => {
  it.each([
    ["4111111111111111", true],
    ["4111 1111 1111 1111", true],
    ["4111-1111-1111-1111", true],
    ["79927398713", true],
    ["4111111111111112", false],
    ["79927398710", false],
    ["", false],
    ["7", false],
    ["4111x111111111111", false],
  ])("%j → %s", (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe("cardIssuer", () => {
  it.each([
    ["4111111111111111", "Visa"],
    ["4222222222222", "Visa"],
    ["378282246310005", "Amex"],
    ["5500000000000004", "Mastercard"],
    ["2223000048410010", "Mastercard"],
    ["6011111111111117", "Discover"],
    ["3530111333300000", "JCB"],
    ["30569309025904", "Diners"],
    ["6200000000000005", "UnionPay"],
    ["2200000000000004", "Mir"],
    ["6759649826438453", "Maestro"],
    ["1735689600000", undefined],
    ["411111111111111", undefined],
    ["3782822463100051", undefined],
  ])("%s → %s", (digits, issuer) => {
    expect(cardIssuer(digits)).toBe(issuer);
  });
});

/** The two check digits that make `country` + `bban` pass mod-97 (ISO 13616), computed independently. */
function withCheckDigits(country: string, bban: string): string {
  const numeric = [...`${bban}${country}00`]
    .map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55)))
    .join("");
  const check = 98n - (BigInt(numeric) % 97n);
  return `${country}${String(check).padStart(2, "0")}${bban}`;
}

describe("ibanValid", () => {
  it.each([
    "GB82 WEST 1234 5698 7654 32",
    "GB82WEST12345698765432",
    "gb82 west 1234 5698 7654 32",
    "DE89 3704 0044 0532 0130 00",
    "FR14 2004 1010 0505 0001 3M02 606",
    "IT60 X054 2811 1010 0000 0123 456",
    "NL91 ABNA 0417 1643 00",
    "NO93 8601 1117 947",
    "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
    "LC55 HEMM 0001 0001 0012 0012 0002 3015",
    withCheckDigits("DE", "370400440532013000"),
    withCheckDigits("IR", "0620000000100324200001"),
  ])("%s is valid", (iban) => {
    expect(ibanValid(iban)).toBe(true);
  });

  it.each([
    ["a wrong checksum", "GB82 WEST 1234 5698 7654 33"],
    ["swapped digits", "DE89 3704 0044 0532 0103 00"],
    ["too short", "DE89 3704 0044 0532 0130 0"],
    ["too long", "DE89 3704 0044 0532 0130 000"],
    ["an unknown country", withCheckDigits("XX", "370400440532013000")],
    ["a letter in an all-digit German BBAN", withCheckDigits("DE", "37040044053201300A")],
    ["digits where the UK bank code has letters", withCheckDigits("GB", "123412345698765432")],
    ["check digits that are not digits", "GBXX WEST 1234 5698 7654 32"],
    ["an empty string", ""],
  ])("rejects %s", (_why, iban) => {
    expect(ibanValid(iban)).toBe(false);
  });
});

describe("ssnValid", () => {
  it.each([
    ["536", "22", "8726", true],
    ["001", "01", "0001", true],
    ["899", "99", "9999", true],
    ["078", "05", "1121", true],
    ["000", "12", "3456", false],
    ["666", "12", "3456", false],
    ["900", "12", "3456", false],
    ["987", "65", "4321", false],
    ["123", "00", "4567", false],
    ["123", "45", "0000", false],
    ["078", "05", "1120", false],
    ["219", "09", "9999", false],
    ["53", "22", "8726", false],
    ["5a6", "22", "8726", false],
  ])("%s-%s-%s → %s", (area, group, serial, valid) => {
    expect(ssnValid(area, group, serial)).toBe(valid);
  });
});

describe("isReservedEmailDomain", () => {
  it.each([
    ["example.com", true],
    ["EXAMPLE.NET", true],
    ["example.org.", true],
    ["mail.example.com", true],
    ["a.b.example.org", true],
    ["foo.test", true],
    ["shop.example", true],
    ["nothing.invalid", true],
    ["dev.localhost", true],
    ["gmail.com", false],
    ["example.co", false],
    ["example.co.uk", false],
    ["notexample.com", false],
    ["example.com.evil.org", false],
    ["test.com", false],
    ["localhost.io", false],
  ])("%s → %s", (domain, reserved) => {
    expect(isReservedEmailDomain(domain)).toBe(reserved);
  });
});

describe("isFictionalPhone", () => {
  it("accepts North America's 555-0100..0199 in any geographic area code, in every notation", () => {
    for (const area of ["202", "312", "415", "617", "718", "907"]) {
      for (let line = 100; line <= 199; line++) {
        const n = `0${line}`;
        for (const phone of [
          `+1-${area}-555-${n}`,
          `+1 ${area} 555 ${n}`,
          `(${area}) 555-${n}`,
          `1${area}555${n}`,
        ]) {
          expect(isFictionalPhone(phone), phone).toBe(true);
        }
      }
    }
  });

  it.each([
    "+1-202-555-0099",
    "+1-202-555-0200",
    "+1-202-555-2671",
    "+1-202-556-0150",
    "+1-800-555-0150",
    "+1-888-555-0199",
    "+1-123-555-0150",
    "+1-202-555-01500",
    "555-0150",
  ])("rejects %s", (phone) => {
    expect(isFictionalPhone(phone)).toBe(false);
  });

  // Ofcom's numbers for drama, written as people write them: the first and last of each range.
  const UK_RANGES: [string, string][] = [
    ["0113 496 0000", "0113 496 0999"],
    ["0114 496 0000", "0114 496 0999"],
    ["0115 496 0000", "0115 496 0999"],
    ["0116 496 0000", "0116 496 0999"],
    ["0117 496 0000", "0117 496 0999"],
    ["0118 496 0000", "0118 496 0999"],
    ["0121 496 0000", "0121 496 0999"],
    ["0131 496 0000", "0131 496 0999"],
    ["0141 496 0000", "0141 496 0999"],
    ["0151 496 0000", "0151 496 0999"],
    ["0161 496 0000", "0161 496 0999"],
    ["020 7946 0000", "020 7946 0999"],
    ["0191 498 0000", "0191 498 0999"],
    ["028 9649 6000", "028 9649 6999"],
    ["029 2018 0000", "029 2018 0999"],
    ["01632 960000", "01632 960999"],
    ["07700 900000", "07700 900999"],
    ["0808 157 0000", "0808 157 0999"],
    ["0909 879 0000", "0909 879 0999"],
    ["03069 990000", "03069 990999"],
  ];
  const digits = (s: string) => s.replace(/\D/g, "");
  const shift = (s: string, by: number) => `0${String(Number(digits(s)) + by).padStart(10, "0")}`;

  it.each(UK_RANGES)("accepts %s to %s, nationally and as +44, and nothing just outside", (first, last) => {
    for (const phone of [first, last]) {
      expect(isFictionalPhone(phone), phone).toBe(true);
      expect(isFictionalPhone(`+44 ${phone.slice(1)}`), phone).toBe(true);
      expect(isFictionalPhone(`+44 (0)${phone.slice(1)}`), phone).toBe(true);
    }
    expect(isFictionalPhone(shift(first, -1))).toBe(false);
    expect(isFictionalPhone(shift(last, 1))).toBe(false);
  });

  it("rejects real UK numbers and the old, withdrawn Northern Ireland list", () => {
    for (const phone of ["07911 123456", "+44 20 7123 4567", "028 9018 0123"]) {
      expect(isFictionalPhone(phone), phone).toBe(false);
    }
  });
});

describe("classifyIp", () => {
  it.each([
    ["192.0.2.1", "documentation"],
    ["198.51.100.255", "documentation"],
    ["203.0.113.0", "documentation"],
    ["2001:db8::1", "documentation"],
    ["3fff:fff::1", "documentation"],
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["ff02::fb", "multicast"],
    ["255.255.255.255", "reserved"],
    ["a::b", "reserved"],
    ["10.1.2.3", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.1", "private"],
    ["fd00::1", "private"],
    ["100.64.0.1", "shared"],
    ["169.254.0.1", "link-local"],
    ["fe80::1", "link-local"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["2a00:1450::1", "public"],
    ["::ffff:8.8.8.8", "public"],
    ["::ffff:192.0.2.1", "documentation"],
    ["256.1.1.1", undefined],
    ["1.2.3", undefined],
    ["01.2.3.4", undefined],
    ["1:2:3", undefined],
    ["1::2::3", undefined],
    ["12345::1", undefined],
  ])("%s → %s", (address, range) => {
    expect(classifyIp(address)).toBe(range);
  });
});
