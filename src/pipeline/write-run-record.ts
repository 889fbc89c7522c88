// Every seed and verify run leaves `.seedband/runs/run_<timestamp>.json`, success or not, with
// the server's credentials masked wherever a message might have quoted them.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { redactSecrets } from "../db/index.js";
import type { RunRecord } from "./run-record.js";

export function writeRunRecord(runsDir: string, record: RunRecord, serverUrl: string): string {
  mkdirSync(runsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(runsDir, `run_${stamp}_${process.pid}.json`);
  writeFileSync(file, redactSecrets(`${JSON.stringify(record, null, 2)}\n`, [serverUrl]));
  return file;
}
