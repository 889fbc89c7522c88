// Parsing a spec document: JSON syntax, then the version-1 schema, every problem reported as
// file + JSON path + fix. Pure: the caller reads the file.
import type { z } from "zod";
import { docRef, SeedbandError } from "../errors.js";
import { type Spec, specSchema } from "./spec-schema.js";

export function parseSpec(text: string, file: string): Spec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeedbandError(
      "SPEC_INVALID",
      `${file} is not valid JSON (${(error as Error).message}${lineHint(text, error as Error)}). Fix the JSON syntax, e.g. check for a trailing comma or a missing quote.`,
      { cause: error },
    );
  }
  const unknown = unknownKinds(json);
  if (unknown.length > 0) {
    throw new SeedbandError(
      "SPEC_INVALID",
      `The preset ${file} does not match the spec format (version 1):\n${unknown
        .slice(0, 5)
        .map((u) => `  ${u}`)
        .join("\n")}\nFix these fields; ${docRef("spec.md")} describes the format.`,
    );
  }
  const result = specSchema.safeParse(json);
  if (!result.success) throw specError(file, result.error.issues);
  return result.data;
}

/** Formats a JSON path the way every seedband message does: $.models.Message.fanOut. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) out += `.${String(part)}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

function specError(file: string, issues: z.core.$ZodIssue[]): SeedbandError {
  const lines = issues.slice(0, 5).map((issue) => `  ${jsonPath(deepestPath(issue))}: ${describe(issue)}`);
  const more = issues.length > 5 ? `\n  … and ${issues.length - 5} more` : "";
  return new SeedbandError(
    "SPEC_INVALID",
    `${file} does not match the spec format (version 1):\n${lines.join("\n")}${more}\nFix these fields; ${docRef("spec.md")} describes the format.`,
  );
}

// A union's top-level issue says only "invalid input"; the branch that got furthest says why.
function deepestPath(issue: z.core.$ZodIssue): PropertyKey[] {
  if (unknownInEveryForm(issue)) return [...issue.path];
  const best = bestBranch(issue);
  return best ? [...issue.path, ...deepestPath(best).slice(0)] : [...issue.path];
}

function bestBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue | undefined {
  if (issue.code !== "invalid_union" || !("errors" in issue)) return undefined;
  let best: z.core.$ZodIssue | undefined;
  let bestDepth = -1;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      // A branch whose key is missing from the input says less than one whose key is there.
      const depth =
        inner.path.length + (inner.code === "unrecognized_keys" ? -0.5 : 0) + (isMissing(inner) ? -0.25 : 0);
      if (depth > bestDepth) {
        best = inner;
        bestDepth = depth;
      }
    }
  }
  return best;
}

/**
 * A key no form of a union accepts (a typo such as "categorcal"): every branch rejects it at the
 * union's own level. Said as such, with the forms' keys, rather than as the deepest branch's
 * complaint about a key the user never meant to write.
 */
function unknownInEveryForm(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== "invalid_union" || !("errors" in issue) || issue.errors.length === 0) return undefined;
  const rejected = issue.errors.map(
    (branch) =>
      new Set(branch.flatMap((i) => (i.code === "unrecognized_keys" && i.path.length === 0 ? i.keys : []))),
  );
  const key = [...rejected[0]!].find((k) => rejected.every((set) => set.has(k)));
  if (key === undefined) return undefined;
  const forms = [
    ...new Set(
      issue.errors.flatMap((branch) =>
        branch.flatMap((i) =>
          i.code !== "unrecognized_keys" && typeof i.path[0] === "string" ? [i.path[0]] : [],
        ),
      ),
    ),
  ];
  return `unknown key "${key}"; the forms here take ${forms.map((f) => `"${f}"`).join(", ")}`;
}

/** True when the issue is only that a key is absent (in every branch, for a union). */
function isMissing(issue: z.core.$ZodIssue): boolean {
  if (issue.code === "invalid_type") return issue.message.endsWith("received undefined");
  if (issue.code === "invalid_union" && "errors" in issue)
    return issue.errors.every((branch) => branch.some(isMissing));
  return false;
}

function describe(issue: z.core.$ZodIssue): string {
  const unknown = unknownInEveryForm(issue);
  if (unknown) return unknown;
  const best = bestBranch(issue);
  if (best) return describe(best);
  if (issue.code === "unrecognized_keys")
    return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (issue.code === "invalid_union") return `none of the allowed forms matches (see ${docRef("spec.md")})`;
  return issue.message;
}

const DISTRIBUTIONS = ["fixed", "uniform", "powerLaw", "logNormal", "exponential", "bernoulli"];
const GENERATORS = [
  "categorical",
  "oneOf",
  "bernoulli",
  "value",
  "text",
  "words",
  "number",
  "format",
  "phone",
  "auto",
  "timestamp",
  "latestOf",
  "copy",
  "among",
];
/** Keys that sit beside a distribution or a generator, not one of their own. */
const BESIDE = new Set(["heavy", "nullRate", "cover", "decimals"]);

/**
 * A distribution or generator of an unknown name, reported where it stands ($.models.Message.fanOut:
 * unknown distribution "zipf"): zod's union would name some other branch's missing key instead.
 */
function unknownKinds(json: unknown): string[] {
  const out: string[] = [];
  const object = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === "object" && !Array.isArray(v);
  const check = (v: unknown, path: PropertyKey[], kinds: string[], what: string) => {
    if (!object(v)) return;
    const keys = Object.keys(v).filter((k) => !BESIDE.has(k));
    if (keys.length > 0 && !keys.some((k) => kinds.includes(k)))
      out.push(
        `${jsonPath(path)}: unknown ${what} ${keys.map((k) => `"${k}"`).join(", ")}; use one of ${kinds.join(", ")}`,
      );
  };
  if (!object(json) || !object(json.models)) return out;
  for (const [name, model] of Object.entries(json.models)) {
    if (!object(model)) continue;
    const at = ["models", name];
    const fanOut = model.fanOut;
    if (object(fanOut) && "byParentField" in fanOut) {
      if (object(fanOut.cases))
        for (const [value, dist] of Object.entries(fanOut.cases))
          check(dist, [...at, "fanOut", "cases", value], DISTRIBUTIONS, "distribution");
    } else check(fanOut, [...at, "fanOut"], DISTRIBUTIONS, "distribution");
    if (!object(model.fields)) continue;
    for (const [fieldName, field] of Object.entries(model.fields)) {
      const fat = [...at, "fields", fieldName];
      check(field, fat, GENERATORS, "generator");
      if (!object(field)) continue;
      if (object(field.text))
        check(field.text.length, [...fat, "text", "length"], DISTRIBUTIONS, "distribution");
      if (object(field.words))
        check(field.words.count, [...fat, "words", "count"], DISTRIBUTIONS, "distribution");
      check(field.number, [...fat, "number"], DISTRIBUTIONS, "distribution");
      if (object(field.timestamp))
        check(field.timestamp.delay, [...fat, "timestamp", "delay"], DISTRIBUTIONS, "distribution");
    }
  }
  return out;
}

function lineHint(text: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (match) return `; line ${text.slice(0, Number(match[1])).split("\n").length}`;
  // Node 20 does not always say where: the first line whose prefix fails other than by ending early.
  const lines = text.split("\n");
  for (let n = 1; n <= lines.length; n++) {
    const prefix = lines.slice(0, n).join("\n");
    try {
      JSON.parse(prefix);
    } catch (e) {
      const message = (e as Error).message;
      const at = /position (\d+)/.exec(message);
      const endedEarly = at
        ? Number(at[1]) >= prefix.trimEnd().length
        : /end of (JSON )?input/i.test(message);
      if (!endedEarly) return `; line ${n}`;
    }
  }
  return "";
}
