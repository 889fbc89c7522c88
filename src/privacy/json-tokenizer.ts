// A streaming JSON tokenizer for `seedband pii check`: text goes in by chunks of any size, events
// come out (open/close, keys, strings, numbers, literals) while memory stays bounded whatever the
// file's size or depth of nesting (no recursion, long strings handed over in parts). It checks the
// grammar of RFC 8259 as JSON.parse does, and its errors give a line and column, never a piece
// of the text: the text may be the very personal data the scan must not print. Pure.

/** What the tokenizer reports, in document order. */
export interface JsonEvents {
  openObject(): void;
  closeObject(): void;
  openArray(): void;
  closeArray(): void;
  /** A piece of a long key or string value (`isKey` says which); its last piece comes as `key` or `string`. */
  stringPart(text: string, isKey: boolean): void;
  key(text: string): void;
  string(text: string): void;
  /** A number as written (`-1.5e3`): its digits are scanned as they are. */
  number(raw: string): void;
  literal(raw: "true" | "false" | "null"): void;
}

/** A syntax error at a place in the text; the message describes the problem, never the text. */
export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(reason: string, line: number, column: number) {
    super(`${reason} (line ${line}, column ${column})`);
    this.name = "JsonSyntaxError";
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}

/** Strings are handed over in parts of about this many characters. */
export const STRING_PART = 64 * 1024;
/** Deeper nesting is refused: each level costs a little memory, and no real document needs it. */
export const MAX_DEPTH = 10_000;
const MAX_NUMBER = 10_000;

// States of the tokenizer.
const VALUE = 0; // a value is expected
const AFTER_VALUE = 1; // `,` or the container's close is expected
const KEY = 2; // a key (or `}` right after `{`)
const COLON = 3;
const STRING = 4;
const ESCAPE = 5; // after a backslash in a string
const UNICODE = 6; // inside \uXXXX
const NUMBER = 7;
const LITERAL = 8;
const DONE = 9; // after the top-level value: only white space may follow

const OBJECT = 0;
const ARRAY = 1;

const STRING_SPECIAL = /["\\\u0000-\u001f]/g;
const NUMBER_GRAMMAR = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * Feeds `events` from JSON text given in chunks; `end()` checks the document is complete.
 *
 * @example
 * const t = new JsonTokenizer(events);
 * t.push('{"a": [1, "x'); t.push('y"]}'); t.end();
 * // events: openObject, key("a"), openArray, number("1"), string("xy"), closeArray, closeObject
 */
export class JsonTokenizer {
  private state = VALUE;
  private readonly stack: number[] = [];
  private closeAllowed = false;
  private stringIsKey = false;
  private parts: string[] = [];
  private partsLength = 0;
  private scalar = ""; // a number's or literal's characters so far, or an escape's hex digits
  private offset = 0; // characters before the current chunk
  private line = 1;
  private lineStart = 0; // offset of the current line's first character

  constructor(private readonly events: JsonEvents) {}

  push(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case STRING: {
          STRING_SPECIAL.lastIndex = i;
          const match = STRING_SPECIAL.exec(chunk);
          const end = match ? match.index : n;
          if (end > i) this.appendString(chunk.slice(i, end));
          if (!match) {
            i = n;
            break;
          }
          const special = chunk.charCodeAt(end);
          if (special === 0x22) this.finishString();
          else if (special === 0x5c) this.state = ESCAPE;
          else throw this.error("a control character (such as a line break) inside a string", chunk, end);
          i = end + 1;
          break;
        }
        case ESCAPE: {
          const ch = chunk[i]!;
          if (ch === "u") {
            this.scalar = "";
            this.state = UNICODE;
          } else {
            const escaped = ESCAPES[ch];
            if (escaped === undefined)
              throw this.error("an invalid escape (\\ then a character JSON does not allow)", chunk, i);
            this.appendString(escaped);
            this.state = STRING;
          }
          i++;
          break;
        }
        case UNICODE: {
          if (!isHex(c))
            throw this.error("an invalid \\u escape (it needs four hexadecimal digits)", chunk, i);
          this.scalar += chunk[i];
          if (this.scalar.length === 4) {
            this.appendString(String.fromCharCode(Number.parseInt(this.scalar, 16)));
            this.scalar = "";
            this.state = STRING;
          }
          i++;
          break;
        }
        case NUMBER: {
          if (
            (c >= 0x30 && c <= 0x39) ||
            c === 0x2e ||
            c === 0x65 ||
            c === 0x45 ||
            c === 0x2b ||
            c === 0x2d
          ) {
            if (this.scalar.length >= MAX_NUMBER)
              throw this.error("a number of more than 10,000 characters", chunk, i);
            this.scalar += chunk[i];
            i++;
          } else this.finishNumber(chunk, i);
          break;
        }
        case LITERAL: {
          if (c >= 0x61 && c <= 0x7a && this.scalar.length < 5) {
            this.scalar += chunk[i];
            i++;
          } else this.finishLiteral(chunk, i);
          break;
        }
        default: {
          if (c === 0x20 || c === 0x09 || c === 0x0d) {
            i++;
            break;
          }
          if (c === 0x0a) {
            i++;
            this.line++;
            this.lineStart = this.offset + i;
            break;
          }
          this.structural(c, chunk, i);
          i++;
        }
      }
    }
    this.offset += n;
  }

  /** The document is complete: throws when it ends early or holds no value. */
  end(): void {
    if (this.state === NUMBER) this.finishNumber("", 0);
    else if (this.state === LITERAL) this.finishLiteral("", 0);
    if (this.state === DONE) return;
    if (this.state === VALUE && this.stack.length === 0)
      throw this.error("no JSON value: the file is empty or only white space", "", 0);
    throw this.error(
      "the document ends early: a string, object or array is never closed (is the file truncated?)",
      "",
      0,
    );
  }

  /** A character outside strings, numbers and literals: structure, or the start of a value. */
  private structural(c: number, chunk: string, i: number): void {
    const top = this.stack.length > 0 ? this.stack[this.stack.length - 1] : -1;
    switch (this.state) {
      case VALUE: {
        const closeAllowed = this.closeAllowed;
        this.closeAllowed = false;
        if (c === 0x7b) {
          this.open(OBJECT, chunk, i);
          this.events.openObject();
          this.state = KEY;
        } else if (c === 0x5b) {
          this.open(ARRAY, chunk, i);
          this.events.openArray();
          this.state = VALUE;
        } else if (c === 0x5d && closeAllowed && top === ARRAY) this.close();
        else if (c === 0x22) {
          this.stringIsKey = false;
          this.state = STRING;
        } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          this.scalar = String.fromCharCode(c);
          this.state = NUMBER;
        } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
          this.scalar = String.fromCharCode(c);
          this.state = LITERAL;
        } else
          throw this.error(
            "a value was expected (a string, number, object, array, true, false or null)",
            chunk,
            i,
          );
        return;
      }
      case AFTER_VALUE:
        if (c === 0x2c) {
          this.state = top === OBJECT ? KEY : VALUE;
          this.closeAllowed = false;
        } else if ((c === 0x7d && top === OBJECT) || (c === 0x5d && top === ARRAY)) this.close();
        else
          throw this.error(
            `a comma or ${top === OBJECT ? "the object's closing }" : "the array's closing ]"} was expected`,
            chunk,
            i,
          );
        return;
      case KEY: {
        const closeAllowed = this.closeAllowed;
        this.closeAllowed = false;
        if (c === 0x22) {
          this.stringIsKey = true;
          this.state = STRING;
        } else if (c === 0x7d && closeAllowed) this.close();
        else throw this.error("a key (a string in double quotes) was expected", chunk, i);
        return;
      }
      case COLON:
        if (c !== 0x3a) throw this.error("a colon was expected after the key", chunk, i);
        this.state = VALUE;
        return;
      default:
        throw this.error(
          "the document continues after its value ended (only one value is allowed)",
          chunk,
          i,
        );
    }
  }

  private open(kind: number, chunk: string, i: number): void {
    if (this.stack.length >= MAX_DEPTH)
      throw this.error(`objects and arrays nested more than ${MAX_DEPTH} deep`, chunk, i);
    this.stack.push(kind);
    this.closeAllowed = true;
  }

  private close(): void {
    const kind = this.stack.pop();
    if (kind === OBJECT) this.events.closeObject();
    else this.events.closeArray();
    this.valueDone();
  }

  private valueDone(): void {
    this.state = this.stack.length === 0 ? DONE : AFTER_VALUE;
  }

  private appendString(text: string): void {
    this.parts.push(text);
    this.partsLength += text.length;
    if (this.partsLength >= STRING_PART) {
      this.events.stringPart(this.parts.join(""), this.stringIsKey);
      this.parts = [];
      this.partsLength = 0;
    }
  }

  private finishString(): void {
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
    this.parts = [];
    this.partsLength = 0;
    if (this.stringIsKey) {
      this.events.key(text);
      this.state = COLON;
    } else {
      this.events.string(text);
      this.valueDone();
    }
  }

  private finishNumber(chunk: string, i: number): void {
    if (!NUMBER_GRAMMAR.test(this.scalar)) throw this.error("a malformed number", chunk, i);
    this.events.number(this.scalar);
    this.scalar = "";
    this.valueDone();
  }

  private finishLiteral(chunk: string, i: number): void {
    const word = this.scalar;
    if (word !== "true" && word !== "false" && word !== "null")
      throw this.error("an unknown word (only true, false and null are allowed unquoted)", chunk, i);
    this.events.literal(word);
    this.scalar = "";
    this.valueDone();
  }

  /** The error at index `i` of `chunk` (or at the end of the text so far). */
  private error(reason: string, chunk: string, i: number): JsonSyntaxError {
    const at = this.offset + (chunk === "" ? 0 : i);
    return new JsonSyntaxError(reason, this.line, at - this.lineStart + 1);
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
