// The findings in a JSON document, from the tokenizer's events: values and keys are scanned with
// the profile's recognizers, each finding located by its JSON path (`$.a.b[2].c`). A key is data
// too (a map keyed by email), and a key that holds a finding never appears in a path: it is
// written `[<key 3: email>]`, its position among its object's keys (from 1, in file order) and
// what it holds. The `metrics` profile adds the structural rules of a sampler's output: no free
// text, token keys hold tokens, identifier keys hold nothing but tokens. Pure.
import type { FindingType, LocatedFinding } from "./finding.js";
import { FindingSink } from "./finding-sink.js";
import { type JsonEvents, JsonTokenizer, STRING_PART } from "./json-tokenizer.js";
import type { PiiProfile } from "./profiles.js";
import { isLoneGivenName } from "./recognizers/name.js";
import { scanText } from "./scan-value.js";
import { TOKEN_PATTERN } from "./token.js";
import { WindowedText } from "./windowed-text.js";

// Two words of letters separated by white space: prose, or a name the dictionary does not know.
const FREE_TEXT = /\p{L}{2,}[^\S\n]*[\s,;:]\s*\p{L}{2,}/u;
const TOKEN_KEY = /^token$|Token$/;
const EMAIL_LIKE = /([^\s@]+)@([^\s@]+\.[A-Za-z]{2,})/;
const ID_KEY = /^(?:id|ids|ID)$|[a-z0-9](?:Id|Ids|ID|_id|_ids)$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `ab… (34 characters)`: the first two characters (one of a short value, none of a very short one) and the length. */
export function maskText(text: string, length = [...text].length): string {
  const chars = [...text.slice(0, 8)];
  const shown = length >= 6 ? 2 : length >= 3 ? 1 : 0;
  return `${chars.slice(0, shown).join("")}… (${length} characters)`;
}

interface Hit {
  type: FindingType;
  start: number;
  preview: string;
}

/** The findings in a string of a JSON document (a value or a key) under `profile`. */
function scanString(text: string, profile: PiiProfile): Hit[] {
  const found: Hit[] = scanText(text, profile);
  if (profile !== "metrics" || found.length > 0) return found;
  // A metrics file holds no address at all, not even at a reserved domain: it would be an identifier.
  const email = EMAIL_LIKE.exec(text);
  if (email)
    return [
      { type: "email", start: email.index, preview: `${email[1]!.slice(0, 2)}…@${email[2]!.slice(0, 1)}…` },
    ];
  if (isLoneGivenName(text)) return [{ type: "name", start: 0, preview: `${text.slice(0, 1)}…` }];
  const prose = FREE_TEXT.exec(text);
  if (prose) return [{ type: "free-text", start: prose.index, preview: maskText(text) }];
  return [];
}

// What a value must be, from where it sits.
const NORMAL = 0;
const TOKEN = 1; // under a token key: a token
const ID = 2; // under an id key: a token, or an array of tokens
const ID_ITEM = 3; // an element of such an array: a token
const SKIP = 4; // inside a value already reported as a whole

interface Frame {
  array: boolean;
  /** Array: the next element's index. Object: keys seen so far. */
  count: number;
  mode: number;
}

/** A string value or key that arrives in parts. */
interface LongString {
  segment: string;
  mode: number;
  head: string;
  length: number;
  window: WindowedText<Hit> | null;
}

/**
 * Receives a document's tokens and adds its findings to `sink`.
 *
 * @example
 * const tokenizer = new JsonTokenizer(new JsonScanner("m.json", "metrics", sink));
 * tokenizer.push(text); tokenizer.end();
 */
export class JsonScanner implements JsonEvents {
  private readonly frames: Frame[] = [];
  /** The path segment of each open container (the root's is empty). */
  private readonly segments: string[] = [];
  private keySegment = "";
  private keyMode = NORMAL;
  private long: LongString | null = null;

  constructor(
    private readonly file: string,
    private readonly profile: PiiProfile,
    private readonly sink: FindingSink,
  ) {}

  openObject(): void {
    this.openContainer(false);
  }

  openArray(): void {
    this.openContainer(true);
  }

  closeObject(): void {
    this.frames.pop();
    this.segments.pop();
  }

  closeArray(): void {
    this.frames.pop();
    this.segments.pop();
  }

  stringPart(text: string, isKey: boolean): void {
    if (!this.long) {
      const { segment, mode } = isKey ? this.nextKey() : this.nextValue();
      this.long = { segment, mode, head: "", length: 0, window: null };
      if (mode === NORMAL)
        this.long.window = new WindowedText(
          (t) => scanString(t, this.profile),
          (hit) => this.add(this.long!.segment, hit.type, hit.preview),
        );
    }
    const long = this.long;
    if (long.head.length < 8) long.head += text.slice(0, 8);
    long.length += text.length;
    long.window?.append(text);
  }

  key(text: string): void {
    const frame = this.frames[this.frames.length - 1]!;
    if (this.long) {
      // A key of STRING_PART characters or more is never shown (`[<key 3>]`): it could hold anything.
      const long = this.finishLong(text);
      this.keySegment = long.segment;
      this.keyMode = long.mode;
      return;
    }
    if (frame.mode === SKIP) {
      this.keySegment = "";
      this.keyMode = SKIP;
      return;
    }
    frame.count++;
    const hits = scanString(text, this.profile);
    this.keySegment =
      hits.length > 0
        ? `[<key ${frame.count}: ${hits[0]!.type}>]`
        : IDENTIFIER.test(text)
          ? `.${text}`
          : `[${JSON.stringify(text)}]`;
    for (const hit of hits) this.add(this.keySegment, hit.type, hit.preview);
    this.keyMode =
      this.profile !== "metrics" ? NORMAL : TOKEN_KEY.test(text) ? TOKEN : ID_KEY.test(text) ? ID : NORMAL;
  }

  string(text: string): void {
    if (this.long) {
      const long = this.finishLong(text);
      if (long.mode === TOKEN || long.mode === ID || long.mode === ID_ITEM)
        // Parts come only for STRING_PART characters or more: never a token.
        this.add(
          long.segment,
          long.mode === TOKEN ? "token" : "identifier",
          maskText(long.head, long.length),
        );
      return;
    }
    const { segment, mode } = this.nextValue();
    if (mode === NORMAL) {
      for (const hit of scanString(text, this.profile)) this.add(segment, hit.type, hit.preview);
    } else if (mode !== SKIP && !TOKEN_PATTERN.test(text)) {
      this.add(segment, mode === TOKEN ? "token" : "identifier", maskText(text));
    }
  }

  number(raw: string): void {
    const { segment, mode } = this.nextValue();
    if (mode === NORMAL) {
      for (const hit of scanText(raw, this.profile)) this.add(segment, hit.type, hit.preview);
    } else if (mode !== SKIP) {
      this.add(
        segment,
        mode === TOKEN ? "token" : "identifier",
        `a number of ${raw.replace(/\D/g, "").length} digits`,
      );
    }
  }

  literal(raw: "true" | "false" | "null"): void {
    const { segment, mode } = this.nextValue();
    if (mode !== NORMAL && mode !== SKIP)
      this.add(segment, mode === TOKEN ? "token" : "identifier", raw === "null" ? "a null" : "a boolean");
  }

  private openContainer(array: boolean): void {
    const { segment, mode } = this.nextValue();
    let inner = mode === SKIP ? SKIP : NORMAL;
    if (mode === TOKEN || mode === ID_ITEM || (mode === ID && !array)) {
      this.add(segment, mode === TOKEN ? "token" : "identifier", array ? "an array" : "an object");
      inner = SKIP;
    } else if (mode === ID) inner = ID_ITEM;
    this.frames.push({ array, count: 0, mode: inner });
    this.segments.push(segment);
  }

  /** Where the next value sits and what it must be. */
  private nextValue(): { segment: string; mode: number } {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return { segment: "", mode: NORMAL };
    if (frame.mode === SKIP) return { segment: "", mode: SKIP };
    if (frame.array)
      return { segment: `[${frame.count++}]`, mode: frame.mode === ID_ITEM ? ID_ITEM : NORMAL };
    return { segment: this.keySegment, mode: this.keyMode };
  }

  /** Where the next (long) key sits: it counts among its object's keys. */
  private nextKey(): { segment: string; mode: number } {
    const frame = this.frames[this.frames.length - 1]!;
    if (frame.mode === SKIP) return { segment: "", mode: SKIP };
    frame.count++;
    return { segment: `[<key ${frame.count}>]`, mode: NORMAL };
  }

  private finishLong(text: string): LongString {
    const long = this.long!;
    if (long.head.length < 8) long.head += text.slice(0, 8);
    long.length += text.length;
    if (long.window) {
      long.window.append(text);
      long.window.finish();
    }
    this.long = null;
    return long;
  }

  private add(segment: string, type: FindingType, preview: string): void {
    this.sink.add({ file: this.file, path: `$${this.segments.join("")}${segment}`, type, preview });
  }
}

/**
 * The findings in the JSON text of a whole document (`calibrate` reads metrics this way).
 * Throws JsonSyntaxError when the text is not JSON.
 */
export function scanJsonText(text: string, file: string, profile: PiiProfile, sink: FindingSink): void {
  const tokenizer = new JsonTokenizer(new JsonScanner(file, profile, sink));
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += STRING_PART) tokenizer.push(body.slice(i, i + STRING_PART));
  tokenizer.end();
}

/**
 * The findings in a parsed JSON value, every one listed (its keys numbered in the value's own order).
 *
 * @example
 * scanJson({ top: [{ parentToken: "42" }] }, "metrics.json", "metrics")
 * // [{ file: "metrics.json", path: "$.top[0].parentToken", type: "token", preview: "… (2 characters)" }]
 */
export function scanJson(doc: unknown, file: string, profile: PiiProfile): LocatedFinding[] {
  const sink = new FindingSink(Number.POSITIVE_INFINITY);
  scanJsonText(JSON.stringify(doc) ?? "null", file, profile, sink);
  return sink.listed;
}
