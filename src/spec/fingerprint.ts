// Stable fingerprints: SHA-256 of canonical JSON (keys sorted), so formatting and key order in a
// preset file never change a snapshot key, while any change of meaning does.
import { createHash } from "node:crypto";

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function fingerprint(...parts: unknown[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(canonicalJson(part)).update("\u0000");
  return hash.digest("hex");
}
