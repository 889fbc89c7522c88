// The folder `seedband generate --out DIR` writes into, checked before anything is generated: it
// must be a folder (or creatable as one) that holds no manifest yet, so files of two runs never mix.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { SeedbandError } from "../errors.js";

/** Throws SeedbandError("BAD_INPUT") naming --out when `out` cannot be generate's empty folder. */
export function checkOutputFolder(out: string): void {
  // The nearest part of the path that exists must be a folder.
  let existing = out;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const stat = statSync(existing, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory())
    throw new SeedbandError(
      "BAD_INPUT",
      `--out ${out}: ${existing === out ? "it is" : `${existing} is`} a file, not a folder. Fix: give --out a new or empty folder, e.g. --out data/ci.`,
    );
  if (existsSync(join(out, "manifest.json")))
    throw new SeedbandError(
      "BAD_INPUT",
      `--out ${out} already holds a manifest.json. Fix: give --out an empty folder, so files of two runs never mix.`,
    );
}

export function makeOutputFolder(out: string): void {
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--out ${out}: cannot create the folder (${(error as Error).message}). Fix: give --out a folder you can write to.`,
      { cause: error },
    );
  }
}
