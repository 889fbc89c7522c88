// `pii check` names a finding by its JSON path, and in a metrics file a key is data too (a
// category's value): the path of a finding in a key holds the found value itself. Before a path
// or a key goes on the page or the terminal, every segment that `pii check` would flag as a value
// is replaced by its masked preview. Pure.
import { scanJson } from "../privacy/index.js";

const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;

/** `$.values["maria.garcia@gmail.com"]` → `$.values[‹ma…@g…›]`. */
export function maskedPath(path: string): string {
  if (!path.startsWith("$")) return path;
  return `$${path.slice(1).replace(SEGMENT, (whole, name?: string, _index?: string, quoted?: string) => {
    const key = name ?? (quoted ? (JSON.parse(quoted) as string) : undefined);
    if (key === undefined) return whole;
    const masked = maskedKey(key);
    return masked === key ? whole : `[${masked}]`;
  })}`;
}

/** A key as it may be shown: itself, or `‹preview›` when `pii check` would flag it as a value. */
export function maskedKey(key: string): string {
  // An array element is scanned as a value, without the rules that judge keys by their name.
  const findings = scanJson([key], "", "metrics");
  return findings.length === 0 ? key : `‹${findings[0]!.preview}›`;
}
