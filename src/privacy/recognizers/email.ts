// Email addresses outside the domains reserved for examples and tests (RFC 2606, RFC 6761).
// Synthetic data may use `example.com`, `example.net`, `example.org`, their subdomains and the
// TLDs `.test`, `.example`, `.invalid`, `.localhost`; any other address could reach a person.
import type { Finding } from "../finding.js";
import { type Recognizer, Trait } from "./recognizer.js";

const RESERVED_DOMAINS = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS = new Set(["test", "example", "invalid", "localhost"]);

// RFC 5322 dot-atom local part (letters of any script allowed, as SMTPUTF8 does), then a domain of
// at least two labels whose last one is alphabetic or an IDN `xn--` label. Quoted local parts and
// address literals (`a@[192.0.2.1]`) are not matched; the IP recognizer sees the literal. The scan
// starts from each `@`, which is much cheaper than a regular expression tried at every position.
const ASCII_ATEXT = new Uint8Array(128).map((_, c) =>
  /[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/.test(String.fromCharCode(c)) ? 1 : 0,
);
const OTHER_ATEXT = /[\p{L}\p{N}\p{M}]/u;
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\p{M}-]{0,61}[\\p{L}\\p{N}\\p{M}])?";
const DOMAIN = new RegExp(
  `(?:${LABEL}\\.)+(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})(?![\\p{L}\\p{N}\\p{M}-]|\\.[\\p{L}\\p{N}])`,
  "iuy",
);
const MAX_LOCAL = 64;

function isAtext(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c < 128 ? ASCII_ATEXT[c] === 1 : OTHER_ATEXT.test(ch);
}

/** Where the local part before the `@` at `at` starts, or -1 when there is none. */
function localStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && at - i <= MAX_LOCAL) {
    const ch = text[i - 1]!;
    if (ch !== "." && !isAtext(ch)) break;
    i--;
  }
  // A dot-atom: no leading, trailing or doubled dots; start after the last run of them.
  if (text[at - 1] === ".") return -1;
  let start = i;
  for (let k = at - 1; k >= i; k--) {
    if (text[k] === "." && (k === i || text[k - 1] === ".")) {
      start = k + 1;
      break;
    }
  }
  return start < at ? start : -1;
}

/**
 * True when `domain` is reserved for documentation and tests, so mail to it reaches nobody.
 *
 * @example isReservedEmailDomain("mail.example.com") // true
 * @example isReservedEmailDomain("gmail.com")        // false
 */
export function isReservedEmailDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, "");
  const tld = d.slice(d.lastIndexOf(".") + 1);
  if (RESERVED_TLDS.has(tld)) return true;
  return RESERVED_DOMAINS.some((r) => d === r || d.endsWith(`.${r}`));
}

/** `maria@gmail.com` → `ma…@g…`: at most two characters of the local part, one of the domain. */
export function maskEmail(local: string, domain: string): string {
  const shown = Math.max(0, Math.min(2, local.length - 1));
  return `${local.slice(0, shown)}…@${domain.slice(0, 1)}…`;
}

export const emailRecognizer: Recognizer = {
  type: "email",
  needs: Trait.at,
  minDigits: 0,
  find(text: string, out: Finding[]): void {
    for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
      const start = localStart(text, at);
      if (start < 0) continue;
      DOMAIN.lastIndex = at + 1;
      const domain = DOMAIN.exec(text)?.[0];
      if (domain === undefined || isReservedEmailDomain(domain)) continue;
      const end = at + 1 + domain.length;
      out.push({ type: "email", start, end, preview: maskEmail(text.slice(start, at), domain) });
      at = end - 1;
    }
  },
};
