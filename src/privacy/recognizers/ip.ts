// IP addresses that can name a host: unicast IPv4 and IPv6 outside the documentation ranges
// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20). Private, shared and
// link-local addresses are reported too: they name machines of a real network. Loopback,
// unspecified, multicast and reserved addresses name no host and are not reported.
import type { Finding } from "../finding.js";
import { type Recognizer, Trait } from "./recognizer.js";

export type IpRange =
  | "documentation"
  | "unspecified"
  | "loopback"
  | "multicast"
  | "reserved"
  | "private"
  | "shared"
  | "link-local"
  | "public";

/** The ranges the `data` profile reports: addresses that can name a host. */
export const REPORTED_IP_RANGES: ReadonlySet<IpRange> = new Set([
  "private",
  "shared",
  "link-local",
  "public",
]);

// Dotted quads of 0–255 without leading zeros. A quad glued to a word (`v1.2.3.4`), to a product
// name by a slash (`Chrome/68.0.3440.106` in a user agent) or followed by more dotted numbers
// (`1.2.3.4.5`) is a version string, not an address; `http://8.8.8.8/` still is one.
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\w.]|\\w/)${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, "g");
// Candidates for IPv6: runs of hex digits, colons and dots (for an embedded IPv4 tail); `parseIpv6`
// decides. Clock times (10:00:00) and MAC addresses have too few groups and no `::`.
const IPV6 = /(?<![\w:.])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?![\w:])/g;

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const p of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    octets.push(Number(p));
  }
  return octets;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and an IPv4 tail), or undefined. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const side = (s: string): number[] | undefined => {
    if (s === "") return [];
    const groups: number[] = [];
    const parts = s.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIpv4(p);
        if (!v4) return undefined;
        groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) {
        groups.push(Number.parseInt(p, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = side(halves[0]!);
  const tail = halves.length === 2 ? side(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function classifyIpv4([a = 0, b = 0, c = 0]: readonly number[]): IpRange {
  if (a === 0) return "unspecified";
  if (a === 127) return "loopback";
  if (
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  )
    return "documentation";
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240) return "reserved";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 198 && (b === 18 || b === 19)) return "private"; // benchmarking (RFC 2544)
  if (a === 100 && b >= 64 && b <= 127) return "shared";
  if (a === 169 && b === 254) return "link-local";
  return "public";
}

function classifyIpv6(g: readonly number[]): IpRange {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return classifyIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]); // ::ffff:a.b.c.d
    if (g5 === 0 && g6 === 0 && g7 === 0) return "unspecified";
    if (g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
  }
  if ((g0 === 0x2001 && g1 === 0x0db8) || (g0 === 0x3fff && g1 < 0x1000)) return "documentation";
  if (g0 >> 8 === 0xff) return "multicast";
  if ((g0 & 0xffc0) === 0xfe80) return "link-local";
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local addresses
  if ((g0 & 0xe000) === 0x2000) return "public"; // global unicast 2000::/3
  return "reserved";
}

/**
 * Which range an IPv4 or IPv6 address falls in, or undefined when `address` is not one.
 *
 * @example classifyIp("203.0.113.7")  // "documentation"
 * @example classifyIp("10.1.2.3")     // "private"
 * @example classifyIp("2a00:1450::1") // "public"
 */
export function classifyIp(address: string): IpRange | undefined {
  if (address.includes(":")) {
    const groups = parseIpv6(address);
    return groups ? classifyIpv6(groups) : undefined;
  }
  const octets = parseIpv4(address);
  return octets ? classifyIpv4(octets) : undefined;
}

/** `81.…` or `2a00:…`: the first octet or group only. */
export function maskIp(address: string): string {
  return address.includes(":") ? `${address.slice(0, address.indexOf(":"))}:…` : `${address.split(".")[0]}.…`;
}

function report(start: number, address: string, out: Finding[]): void {
  const range = classifyIp(address);
  if (range === undefined || !REPORTED_IP_RANGES.has(range)) return;
  out.push({ type: "ip", start, end: start + address.length, preview: maskIp(address) });
}

function hasColons(text: string, n: number): boolean {
  let count = 0;
  for (let i = text.indexOf(":"); i >= 0; i = text.indexOf(":", i + 1)) if (++count >= n) return true;
  return false;
}

export const ipRecognizer: Recognizer = {
  type: "ip",
  needs: Trait.digit | Trait.colon,
  minDigits: 0,
  find(text: string, out: Finding[]): void {
    if (text.includes(".")) {
      IPV4.lastIndex = 0;
      for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) report(m.index, m[0], out);
    }
    // IPv6 needs `::` or at least six colons; clock times have two.
    if (!text.includes("::") && !hasColons(text, 6)) return;
    IPV6.lastIndex = 0;
    for (let m = IPV6.exec(text); m !== null; m = IPV6.exec(text)) {
      // A sentence may end right after an address: drop trailing dots.
      const address = m[0].replace(/\.+$/, "");
      if (!address.includes("::") && address.split(":").length < 7) continue;
      report(m.index, address, out);
    }
  },
};
