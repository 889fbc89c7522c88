// The drift check's result, kept under .seedband/drift/ by the fingerprint of what it compares
// (migrations, schema, seedband, server major): an unchanged project does not pay for the schema
// engine on every seed.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fingerprint } from "../spec/index.js";

export class DriftCache {
  private readonly file: string;

  constructor(stateDir: string, key: unknown[]) {
    this.file = join(stateDir, "drift", `${fingerprint(key).slice(0, 24)}.json`);
  }

  read(): string[] | undefined {
    try {
      const notes = JSON.parse(readFileSync(this.file, "utf8")) as unknown;
      return Array.isArray(notes) && notes.every((n) => typeof n === "string") ? notes : undefined;
    } catch {
      return undefined;
    }
  }

  write(notes: string[]): void {
    mkdirSync(join(this.file, ".."), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify(notes, null, 2)}\n`);
  }
}
