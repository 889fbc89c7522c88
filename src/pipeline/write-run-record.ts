// Every seed and verify run leaves `.seedband/runs/run_<timestamp>.json`, success or not.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunRecord } from "./run-record.js";

export function writeRunRecord(runsDir: string, record: RunRecord): string {
  mkdirSync(runsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(runsDir, `run_${stamp}_${process.pid}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
