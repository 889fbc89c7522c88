// A small argument parser: flags are declared per command, so an unknown or misspelt flag is an
// error naming the flag (exit 2), never silently ignored.
import { SeedbandError } from "../errors.js";

export interface FlagSpec {
  [name: string]: "string" | "boolean";
}

export interface Parsed {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
}

export const COMMON_FLAGS: FlagSpec = { "database-url": "string", json: "boolean", help: "boolean" };

export function parseArgs(argv: string[], spec: FlagSpec, command: string): Parsed {
  const all = { ...COMMON_FLAGS, ...spec };
  const positionals: string[] = [];
  const flags: Parsed["flags"] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h") {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = all[name];
    if (!kind) {
      throw new SeedbandError(
        "BAD_INPUT",
        `Unknown flag --${name} for \`seedband ${command}\`. Its flags: ${Object.keys(all)
          .map((f) => `--${f}`)
          .join(", ")}. See \`seedband ${command} --help\`.`,
      );
    }
    if (kind === "boolean") {
      const value = eq < 0 ? "true" : arg.slice(eq + 1);
      if (value !== "true" && value !== "false") {
        throw new SeedbandError(
          "BAD_INPUT",
          `--${name} is a switch: write --${name} (or --${name}=false), not --${arg.slice(2)}.`,
        );
      }
      flags[name] = value === "true";
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) {
      throw new SeedbandError("BAD_INPUT", `The flag --${name} needs a value, e.g. --${name} <value>.`);
    }
    flags[name] = value;
  }
  return { positionals, flags };
}

/** Rejects positional arguments beyond `max` (a typo there would otherwise be ignored silently). */
export function maxPositionals(args: Parsed, max: number, usage: string): void {
  if (args.positionals.length > max) {
    throw new SeedbandError(
      "BAD_INPUT",
      `Unexpected argument${args.positionals.length - max > 1 ? "s" : ""} ${args.positionals
        .slice(max)
        .map((p) => JSON.stringify(p))
        .join(", ")}. Usage: ${usage}.`,
    );
  }
}

export function intFlag(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--${name} must be a whole number (got ${JSON.stringify(value)}), e.g. --${name} 1.`,
    );
  }
  return n;
}

/** `--shard k/N`. */
export function parseShard(value: string | boolean | undefined): { k: number; n: number } | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === "string" ? /^(\d+)\/(\d+)$/.exec(value) : null;
  const k = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (!match || n < 1 || k < 1 || k > n) {
    throw new SeedbandError(
      "BAD_INPUT",
      `--shard must be k/N with 1 ≤ k ≤ N (got ${JSON.stringify(value)}), e.g. --shard 2/3.`,
    );
  }
  return { k, n };
}
