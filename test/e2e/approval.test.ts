// The sign-off of a metrics file through the CLI, as a privacy engineer runs it: with
// `requireApproval: true` in seedband.config.ts, calibrate refuses an unapproved file, accepts it
// once `seedband approve` signed it, refuses it again when the approval expired (the record's
// dates moved back, as 91 days would) and when the file changed after approval; approve itself
// refuses a file with personal data, and the config's value is checked. No server is needed.
import { existsSync } from "node:fs";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileSha256 } from "../../src/privacy/index.js";
import { jsonOf, makeProject, PACKAGE_ROOT, runCli, STACK_TRACE } from "./helpers.js";

const FIXTURE = join(PACKAGE_ROOT, "test/fixtures/pii/negatives/sampler-output-ci.json");
let project: string;
let metrics: string;
let record: string;

beforeAll(async () => {
  project = await makeProject();
  metrics = join(project, "metrics.json");
  record = `${metrics}.approval.json`;
  await copyFile(FIXTURE, metrics);
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(args, { cwd: project });
const calibrate = () => cli("calibrate", "metrics.json", "--out", "calibrated.json");

describe("seedband approve and requireApproval", () => {
  it("without requireApproval, calibrate reads an unapproved file", async () => {
    const result = await calibrate();
    expect(result.code, result.stderr).toBe(0);
    await rm(join(project, "calibrated.json"));
  });

  it("refuses an unapproved file (exit 2, no record), accepts it approved, refuses it expired and changed", async () => {
    await writeFile(join(project, "seedband.config.ts"), "export default { requireApproval: true };\n");

    const none = await calibrate();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("is not approved: there is no approval record");
    expect(none.stderr).toContain("seedband approve metrics.json --by NAME");
    expect(none.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(project, "calibrated.json"))).toBe(false);

    const approved = await cli("approve", "metrics.json", "--by", "Privacy Officer", "--json");
    expect(approved.code, approved.stderr).toBe(0);
    const written = JSON.parse(await readFile(record, "utf8"));
    expect(jsonOf(approved)).toMatchObject({ status: "ok", record, ...written });
    expect(written).toMatchObject({
      format: "seedband-approval",
      file: "metrics.json",
      sha256: fileSha256(metrics),
      approvedBy: "Privacy Officer",
    });
    expect(Date.parse(written.expiresAt) - Date.parse(written.approvedAt)).toBe(90 * 86_400_000);
    const ok = await calibrate();
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(project, "calibrated.json"))).toBe(true);

    // 91 days later: the same record, its dates moved back.
    const day = 86_400_000;
    await writeFile(
      record,
      JSON.stringify({
        ...written,
        approvedAt: new Date(Date.parse(written.approvedAt) - 91 * day).toISOString(),
        expiresAt: new Date(Date.parse(written.expiresAt) - 91 * day).toISOString(),
      }),
    );
    const expired = await calibrate();
    expect(expired.code).toBe(2);
    expect(expired.stderr).toMatch(/The approval of .*metrics\.json by Privacy Officer .* expired on/);

    const again = await cli("approve", "metrics.json", "--by", "Privacy Officer", "--expires-days", "30");
    expect(again.code, again.stderr).toBe(0);
    const renewed = JSON.parse(await readFile(record, "utf8"));
    expect(Date.parse(renewed.expiresAt) - Date.parse(renewed.approvedAt)).toBe(30 * day);
    expect((await calibrate()).code).toBe(0);

    // The file changes after approval (one count more): its bytes are no longer the approved ones.
    const changed = JSON.parse(await readFile(metrics, "utf8"));
    changed.models.Message.rows += 1;
    await writeFile(metrics, `${JSON.stringify(changed, null, 2)}\n`);
    const refused = await calibrate();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("changed since Privacy Officer approved it");
    expect(refused.stderr).toContain(`SHA-256 now ${fileSha256(metrics).slice(0, 16)}`);
    expect(refused.stderr).not.toMatch(STACK_TRACE);
  });

  it("approve refuses a file with personal data and names no value; bad flags and config values exit 2", async () => {
    const leaky = JSON.parse(await readFile(FIXTURE, "utf8"));
    leaky.models.Message.fields.device.values["maria.garcia@gmail.com"] = 12;
    await writeFile(join(project, "leaky.json"), JSON.stringify(leaky));
    const refused = await cli("approve", "leaky.json", "--by", "Privacy Officer");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pii check finding(s); it cannot be approved");
    expect(refused.stderr).not.toContain("maria.garcia@gmail.com");
    expect(existsSync(join(project, "leaky.json.approval.json"))).toBe(false);

    const noBy = await cli("approve", "metrics.json");
    expect(noBy.code).toBe(2);
    expect(noBy.stderr).toContain("--by");
    const days = await cli("approve", "metrics.json", "--by", "X", "--expires-days", "0");
    expect(days.code).toBe(2);
    expect(days.stderr).toContain("--expires-days must be between 1 and 3650");

    await writeFile(join(project, "seedband.config.ts"), 'export default { requireApproval: "yes" };\n');
    const config = await calibrate();
    expect(config.code).toBe(2);
    expect(config.stderr).toContain("$.requireApproval must be true or false");
    expect(config.stderr).not.toMatch(STACK_TRACE);
  });
});
