// Finding and reading a preset: a name (presets/<name>.json, user presets first) or a path.
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { SeedbandError } from "../errors.js";
import { parseSpec, type Spec } from "../spec/index.js";

export interface LoadedSpec {
  spec: Spec;
  file: string;
}

/** `nameOrPath` is a preset name ("chat", looked up in `presetDirs` in order) or a .json path. */
export function loadSpec(nameOrPath: string, presetDirs: string[], cwd = process.cwd()): LoadedSpec {
  const file = locate(nameOrPath, presetDirs, cwd);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Cannot read the preset file ${file}: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }
  return { spec: parseSpec(text, file), file };
}

function locate(nameOrPath: string, presetDirs: string[], cwd: string): string {
  if (nameOrPath.endsWith(".json") || nameOrPath.includes("/")) {
    return isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  }
  if (!/^[\w-]+$/.test(nameOrPath)) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--preset ${JSON.stringify(nameOrPath)} is neither a preset name (letters, digits, - and _) nor a .json path.`,
    );
  }
  for (const dir of presetDirs) {
    const candidate = resolve(dir, `${nameOrPath}.json`);
    try {
      readFileSync(candidate);
      return candidate;
    } catch {}
  }
  throw new SeedbandError(
    "BAD_INPUT",
    `No preset named "${nameOrPath}" in ${presetDirs.join(" or ")}. Use --preset chat, or give the path of a spec file (e.g. --preset ./my-spec.json).`,
  );
}
