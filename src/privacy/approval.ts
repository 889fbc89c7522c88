// The sign-off of a metrics.json: `seedband approve` writes, beside the file, an approval record
// (`metrics.json.approval.json`) naming the file's SHA-256, who approved it, when, and until when.
// With `requireApproval` in seedband.config.ts, calibrate reads only metrics whose record is there,
// unexpired and of the same bytes. The record is an audit trail kept under version control with
// the metrics, not a cryptographic signature: anyone who can write the file can write the record.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

export const APPROVAL_FORMAT = "seedband-approval";
export const APPROVAL_SUFFIX = ".approval.json";
export const DEFAULT_APPROVAL_DAYS = 90;

export interface ApprovalRecord {
  format: typeof APPROVAL_FORMAT;
  version: 1;
  /** The approved file's name (the record sits beside it). */
  file: string;
  sha256: string;
  approvedBy: string;
  /** ISO 8601, UTC. */
  approvedAt: string;
  expiresAt: string;
}

export type ApprovalState =
  | { status: "approved"; record: ApprovalRecord }
  | { status: "none"; path: string }
  | { status: "expired"; record: ApprovalRecord }
  | { status: "changed"; record: ApprovalRecord; sha256: string }
  | { status: "invalid"; path: string; reason: string };

export function approvalPath(metricsFile: string): string {
  return `${metricsFile}${APPROVAL_SUFFIX}`;
}

export function fileSha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The record approving `bytesSha256` by `by` at `now`, expiring `days` days later. */
export function approvalRecord(
  fileName: string,
  bytesSha256: string,
  by: string,
  now: Date,
  days: number,
): ApprovalRecord {
  return {
    format: APPROVAL_FORMAT,
    version: 1,
    file: fileName,
    sha256: bytesSha256,
    approvedBy: by,
    approvedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
  };
}

/**
 * The approval of `metricsFile` as its record says. Without `now`, expiry is not judged (the
 * report states the dates instead, so that its page does not depend on the clock).
 */
export function approvalState(metricsFile: string, now?: Date): ApprovalState {
  const path = approvalPath(metricsFile);
  if (!existsSync(path)) return { status: "none", path };
  let record: ApprovalRecord;
  try {
    record = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { status: "invalid", path, reason: `not JSON (${(error as Error).message})` };
  }
  const reason = invalidReason(record);
  if (reason) return { status: "invalid", path, reason };
  const sha256 = fileSha256(metricsFile);
  if (sha256 !== record.sha256) return { status: "changed", record, sha256 };
  if (now && now.getTime() >= Date.parse(record.expiresAt)) return { status: "expired", record };
  return { status: "approved", record };
}

function invalidReason(record: unknown): string | undefined {
  if (!record || typeof record !== "object") return "$: not an object";
  const r = record as Record<string, unknown>;
  if (r.format !== APPROVAL_FORMAT) return `$.format: not "${APPROVAL_FORMAT}"`;
  if (r.version !== 1) return "$.version: not 1";
  if (typeof r.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(r.sha256))
    return "$.sha256: not a SHA-256 in hex";
  if (typeof r.approvedBy !== "string" || r.approvedBy.trim() === "") return "$.approvedBy: missing";
  for (const key of ["approvedAt", "expiresAt"])
    if (typeof r[key] !== "string" || Number.isNaN(Date.parse(r[key] as string)))
      return `$.${key}: not a date`;
  return undefined;
}
