// `seedband pii check` streams: a 200 MB JSON document (one key a planted address, one 3 MB string
// holding a phone number) and a 200 MB CSV file are checked with a peak RSS under 300 MB (the
// process's own ru_maxrss, not a timing), the planted values are found where they are, and no
// output stream holds them. Before streaming, a 50 MB JSON crashed and a 50 MB CSV took 1.35 GB.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LARGE_PLANTED, peakRss, writeLargeFile } from "../../bench/pii-check-memory.mjs";
import { STACK_TRACE } from "./helpers.js";

const SIZE = 200e6;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sb-pii-large-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pii check on 200 MB files", () => {
  it("a 200 MB JSON document: findings in a key and in a 3 MB string, peak RSS under 300 MB", async () => {
    const file = join(dir, "large.json");
    await writeLargeFile(file, "json", SIZE);
    try {
      const r = await peakRss(["pii", "check", file, "--profile", "data", "--json"]);
      expect(r.code, r.stderr).toBe(1);
      const out = JSON.parse(r.stdout) as { findings: Array<{ path: string; type: string }> };
      expect(out.findings.map((f) => f.type).sort()).toEqual(["email", "phone"]);
      const email = out.findings.find((f) => f.type === "email")!;
      expect(email.path).toMatch(/^\$\[\d+\]\.contact\[<key 1: email>\]$/);
      expect(out.findings.find((f) => f.type === "phone")!.path).toMatch(/^\$\[\d+\]\.note$/);
      for (const value of Object.values(LARGE_PLANTED)) expect(r.stdout + r.stderr).not.toContain(value);
      console.log(`pii check of a 200 MB JSON file: peak RSS ${r.peakMiB.toFixed(0)} MiB`);
      expect(r.peakMiB).toBeLessThan(300);
    } finally {
      await rm(file, { force: true });
    }
  }, 600_000);

  it("a 200 MB CSV file with a quoted field spanning lines: peak RSS under 300 MB", async () => {
    const file = join(dir, "large.csv");
    await writeLargeFile(file, "csv", SIZE);
    try {
      const r = await peakRss(["pii", "check", file]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      const lines = r.stderr.split("\n").filter((l) => l.startsWith(file));
      expect(
        lines.map((l) => l.replace(/^.*: (row \d+, column \w+): (\w+) .*$/, "$2 $1").replace(/\d+/, "N")),
      ).toEqual(["email row N, column email", "card row N, column note", "phone row N, column note"]);
      for (const value of Object.values(LARGE_PLANTED)) expect(r.stdout + r.stderr).not.toContain(value);
      console.log(`pii check of a 200 MB CSV file: peak RSS ${r.peakMiB.toFixed(0)} MiB`);
      expect(r.peakMiB).toBeLessThan(300);
    } finally {
      await rm(file, { force: true });
    }
  }, 600_000);
});
