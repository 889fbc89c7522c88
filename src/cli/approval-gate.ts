// The sign-off gate of `seedband calibrate`: with `requireApproval: true` in seedband.config.ts,
// a metrics file is read only when `seedband approve` approved exactly these bytes and the
// approval has not expired. A refusal says why (none, expired, changed, unreadable) and how to
// get an approval; it is a refusal of the input, exit 2.
import { loadConfig } from "../config/index.js";
import { SeedbandError } from "../errors.js";
import { approvalState } from "../privacy/index.js";

/** @param input the metrics file as the user typed it (quoted back in the fix). */
export async function requireApproval(
  file: string,
  input: string,
  root: string,
  now = new Date(),
): Promise<void> {
  const { config, file: configFile } = await loadConfig(root);
  if (config.requireApproval !== true) return;
  const state = approvalState(file, now);
  const approve = `\`seedband report --metrics ${input}\` to review it, then \`seedband approve ${input} --by NAME\``;
  const why = `${configFile} sets requireApproval`;
  switch (state.status) {
    case "approved":
      return;
    case "none":
      throw new SeedbandError(
        "NOT_APPROVED",
        `${file} is not approved: there is no approval record (${state.path}), and ${why}. Fix: ${approve}.`,
      );
    case "expired":
      throw new SeedbandError(
        "NOT_APPROVED",
        `The approval of ${file} by ${state.record.approvedBy} (${state.record.approvedAt}) expired on ${state.record.expiresAt}, and ${why}. Fix: review the file again: ${approve}.`,
      );
    case "changed":
      throw new SeedbandError(
        "NOT_APPROVED",
        `${file} changed since ${state.record.approvedBy} approved it on ${state.record.approvedAt} (SHA-256 now ${state.sha256.slice(0, 16)}…, approved ${state.record.sha256.slice(0, 16)}…), and ${why}. Fix: review the new file and approve it: ${approve}.`,
      );
    case "invalid":
      throw new SeedbandError(
        "NOT_APPROVED",
        `The approval record ${state.path} cannot be used: ${state.reason}, and ${why}. Fix: delete it and approve the file again: ${approve}.`,
      );
  }
}
