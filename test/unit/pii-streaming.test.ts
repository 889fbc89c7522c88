// The streaming half of `pii check`: the JSON tokenizer agrees with JSON.parse (values and
// validity) however the text is cut into chunks, and never quotes the text in an error; JSON, CSV
// and line scanners find the same as a scan of the whole text, however it is chunked, and values
// longer than a window are scanned in windows that neither miss nor repeat a finding; a key that
// holds personal data is masked in every path.
import { describe, expect, it } from "vitest";
import {
  CsvScanner,
  CsvSyntaxError,
  FindingSink,
  type JsonEvents,
  JsonScanner,
  JsonSyntaxError,
  JsonTokenizer,
  LineScanner,
  type LocatedFinding,
  scanJsonText,
  scanText,
} from "../../src/privacy/index.js";
import { OVERLAP, WINDOW, WindowedText } from "../../src/privacy/windowed-text.js";

/** A deterministic generator for the test's own inputs (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const STRINGS = [
  "",
  "a",
  "é\u00e8",
  'quote " and \\ back',
  "line\nbreak\ttab",
  "\u2028",
  "😀 emoji",
  "\u0000nul",
];

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 5 : 7));
  switch (k) {
    case 0:
      return STRINGS[Math.floor(r() * STRINGS.length)]!;
    case 1:
      return [0, -1, 1.5, -0.25e-3, 12345678901234, 1e21][Math.floor(r() * 6)]!;
    case 2:
      return [true, false][Math.floor(r() * 2)]!;
    case 3:
      return null;
    case 4:
      return `s${Math.floor(r() * 1000)}`;
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(r() * 4) }, (_, i) => [
          `${STRINGS[Math.floor(r() * STRINGS.length)]}${i}`,
          randomValue(r, depth + 1),
        ]),
      );
  }
}

/** Rebuilds the value the events describe. */
class Builder implements JsonEvents {
  private readonly stack: Array<{ value: unknown[] | Record<string, unknown>; key?: string }> = [];
  private part = "";
  result: unknown;

  private put(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) this.result = value;
    else if (Array.isArray(top.value)) top.value.push(value);
    else top.value[top.key!] = value;
  }
  openObject() {
    const value = {};
    this.put(value);
    this.stack.push({ value });
  }
  openArray() {
    const value: unknown[] = [];
    this.put(value);
    this.stack.push({ value });
  }
  closeObject() {
    this.stack.pop();
  }
  closeArray() {
    this.stack.pop();
  }
  stringPart(text: string) {
    this.part += text;
  }
  key(text: string) {
    this.stack[this.stack.length - 1]!.key = this.part + text;
    this.part = "";
  }
  string(text: string) {
    this.put(this.part + text);
    this.part = "";
  }
  number(raw: string) {
    this.put(Number(raw));
  }
  literal(raw: "true" | "false" | "null") {
    this.put(JSON.parse(raw));
  }
}

function tokenize(chunks: string[]): unknown {
  const builder = new Builder();
  const tokenizer = new JsonTokenizer(builder);
  for (const c of chunks) tokenizer.push(c);
  tokenizer.end();
  return builder.result;
}

function cuts(text: string, r: () => number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = 1 + Math.floor(r() * 7);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe("the streaming JSON tokenizer", () => {
  it("gives JSON.parse's value for 500 generated documents, in one chunk and cut anywhere", () => {
    const r = rng(7);
    for (let n = 0; n < 500; n++) {
      const doc = randomValue(r, 0);
      const text = n % 2 ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
      expect(tokenize([text])).toEqual(JSON.parse(text));
      expect(tokenize(cuts(text, r))).toEqual(JSON.parse(text));
    }
  });

  it("accepts and refuses what JSON.parse does, for hand-picked and mutated documents", () => {
    const texts = [
      "",
      "  ",
      "{",
      "{}",
      "{} {}",
      "[1,]",
      "[,1]",
      '{"a":1,}',
      '{"a" 1}',
      "{a:1}",
      "01",
      "-",
      "1.",
      ".5",
      "1e",
      "1e+5",
      "tru",
      "truex",
      "nul",
      '"\\x"',
      '"\\u12G4"',
      '"\\u00e9"',
      '"a\nb"',
      "[1 2]",
      '{"a":[}',
      "[]]",
      '["a"]',
      " [ ] ",
    ];
    const r = rng(11);
    for (let n = 0; n < 300; n++) {
      const text = JSON.stringify(randomValue(r, 0));
      const at = Math.floor(r() * text.length);
      texts.push(text.slice(0, at) + text.slice(at + 1)); // one character deleted
      texts.push(text.slice(0, at)); // truncated
    }
    for (const text of texts) {
      let parsed = true;
      try {
        JSON.parse(text);
      } catch {
        parsed = false;
      }
      let tokenized = true;
      try {
        tokenize(cuts(text, r));
      } catch (error) {
        expect(error).toBeInstanceOf(JsonSyntaxError);
        tokenized = false;
      }
      expect(tokenized, JSON.stringify(text)).toBe(parsed);
    }
  });

  it("says where a syntax error is, by line and column, without quoting the text", () => {
    const text = '{\n  "a": 1,\n  "maria.garcia@gmail.com" "x"\n}';
    let error: JsonSyntaxError | undefined;
    try {
      tokenize(cuts(text, rng(3)));
    } catch (e) {
      error = e as JsonSyntaxError;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect([error!.line, error!.column]).toEqual([3, 28]);
    expect(error!.message).not.toMatch(/maria|gmail/);
  });

  it("reads 100,000 levels of nesting without recursion only up to its depth limit", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(() => tokenize([deep])).toThrow(/nested more than 10000 deep/);
    const fine = `${"[".repeat(9_000)}1${"]".repeat(9_000)}`;
    expect(() => tokenize([fine])).not.toThrow();
  });
});

const email = (i: number) => `person${i}.x@gmail.com`;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Filler with an address every 150–450 characters, each starting with another pair of letters. */
function plantedText(length: number): string {
  const r = rng(length);
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < length; i++) {
    const gap = "lorem ipsum ".repeat(12 + Math.floor(r() * 25));
    const address = `${LETTERS[i % 26]}${LETTERS[Math.floor(i / 26) % 26]}.${i}@gmail.com`;
    parts.push(gap, address, " ");
    n += gap.length + address.length + 1;
  }
  return parts.join("");
}

function sinkOf(run: (sink: FindingSink) => void): LocatedFinding[] {
  const sink = new FindingSink(Number.POSITIVE_INFINITY);
  run(sink);
  return sink.listed;
}

describe("scanners over chunks and windows", () => {
  it("a value longer than a window is scanned in windows that neither miss nor repeat a finding, however it arrives", () => {
    // Addresses every 150 to 450 characters: every window's end cuts through or near one.
    const value = plantedText(3.3 * WINDOW);
    const whole = scanText(value, "data").map((f) => f.preview);
    expect(whole.length).toBeGreaterThan(10_000);
    const r = rng(13);
    for (const maxPiece of [1_000, 70_000, 400_000, 2 * WINDOW]) {
      const found: string[] = [];
      const window = new WindowedText(
        (t) => scanText(t, "data"),
        (f) => found.push(f.preview),
      );
      for (let i = 0; i < value.length; ) {
        const n = 1 + Math.floor(r() * maxPiece);
        window.append(value.slice(i, i + n));
        i += n;
      }
      window.finish();
      expect(found).toEqual(whole);
    }
  });

  it("a window's end never cuts a finding: one of up to 1,000 characters is found whole, once", () => {
    // Findings `<7:xxxxxxx>` that a cut would spoil (a piece of one matches nothing), with the
    // character before each required to be a space: the scan needs its left context too.
    const r = rng(17);
    const parts: string[] = [];
    let length = 0;
    let n = 0;
    while (length < 3.3 * WINDOW) {
      const body = "x".repeat(1 + Math.floor(r() * 990));
      const piece = `${"-".repeat(1 + Math.floor(r() * 300))} <${body.length}:${body}>`;
      parts.push(piece);
      length += piece.length;
      n++;
    }
    const value = parts.join("");
    const scan = (text: string) =>
      [...text.matchAll(/(?<= )<(\d+):(x+)>/g)]
        .filter((m) => Number(m[1]) === m[2]!.length)
        .map((m) => ({ start: m.index, id: m[0].length }));
    for (const maxPiece of [3_000, 300_000]) {
      const found: number[] = [];
      const window = new WindowedText(scan, (f) => found.push(f.id));
      for (let i = 0; i < value.length; ) {
        const k = 1 + Math.floor(r() * maxPiece);
        window.append(value.slice(i, i + k));
        i += k;
      }
      window.finish();
      expect(found.length).toBe(n);
      expect(found).toEqual(scan(value).map((f) => f.id));
    }
  });

  it("the scan after a window's end sees the text before it (a finding starting right at the end)", () => {
    const scan = (text: string) => [...text.matchAll(/(?<= )<x>/g)].map((m) => ({ start: m.index }));
    const value = `${"-".repeat(WINDOW - 1)} <x>${"-".repeat(OVERLAP * 2)}`;
    let found = 0;
    const window = new WindowedText(scan, () => found++);
    window.append(value.slice(0, WINDOW + OVERLAP)); // the first window ends where <x> starts
    window.append(value.slice(WINDOW + OVERLAP));
    window.finish();
    expect(found).toBe(1);
  });

  it("a JSON string longer than several windows yields what a scan of the whole value does", () => {
    const value = plantedText(2.5 * WINDOW);
    const found = sinkOf((sink) => scanJsonText(JSON.stringify({ note: value }), "big.json", "data", sink));
    expect(new Set(found.map((f) => f.path))).toEqual(new Set(["$.note"]));
    expect(found.map((f) => f.preview)).toEqual(scanText(value, "data").map((f) => f.preview));
  });

  it("a JSON key that holds personal data is masked in its own path and in every path under it", () => {
    const doc = {
      values: { ok: 1, "someone@gmail.com": { note: "+44 20 7123 4567" }, "Maria Garcia": 3 },
      list: [{ "536-22-8726": true }],
    };
    const found = sinkOf((sink) => scanJsonText(JSON.stringify(doc), "m.json", "metrics", sink));
    expect(found.map((f) => `${f.path} ${f.type}`)).toEqual([
      "$.values[<key 2: email>] email",
      "$.values[<key 2: email>].note phone",
      "$.values[<key 3: name>] name",
      "$.list[0][<key 1: ssn>] ssn",
    ]);
    // Previews show at most two characters of a text and four digits of a number.
    const all = JSON.stringify(found);
    for (const v of ["someone", "gmail", "7123", "Maria", "Garcia", "536-22"]) expect(all).not.toContain(v);
  });

  it("CSV and line scans find the same however the text is chunked, quoted fields spanning lines included", () => {
    const csv = [
      "id,email,note",
      `1,${email(1)},"a note ""quoted"", with a comma"`,
      `2,x@example.com,"spans`,
      `two lines: ${email(2)}"`,
      "3,,call +44 20 7123 4567",
      "",
    ].join("\r\n");
    const whole = sinkOf((sink) => {
      const s = new CsvScanner("u.csv", "data", sink);
      s.push(csv);
      s.end();
    });
    expect(whole.map((f) => `${f.path} ${f.type}`)).toEqual([
      "row 1, column email email",
      "row 2, column note email",
      "row 3, column note phone",
    ]);
    const lines = sinkOf((sink) => {
      const s = new LineScanner("u.txt", "data", sink);
      s.push(csv);
      s.end();
    });
    expect(lines.map((f) => `${f.path} ${f.type}`)).toEqual(["line 2 email", "line 4 email", "line 5 phone"]);
    const r = rng(5);
    for (let n = 0; n < 50; n++) {
      expect(
        sinkOf((sink) => {
          const s = new CsvScanner("u.csv", "data", sink);
          for (const c of cuts(csv, r)) s.push(c);
          s.end();
        }),
      ).toEqual(whole);
      expect(
        sinkOf((sink) => {
          const s = new LineScanner("u.txt", "data", sink);
          for (const c of cuts(csv, r)) s.push(c);
          s.end();
        }),
      ).toEqual(lines);
    }
  });

  it("a CSV field and a line longer than a window are scanned in windows, each address once", () => {
    const planted = Array.from({ length: 9 }, (_, i) => email(i));
    const long = planted.map((e) => `${"y ".repeat(WINDOW / 8)}${e}`).join(" ");
    const csv = `a,b\n1,"${long}"\n`;
    const csvFound = sinkOf((sink) => {
      const s = new CsvScanner("u.csv", "data", sink);
      for (let i = 0; i < csv.length; i += 65_536) s.push(csv.slice(i, i + 65_536));
      s.end();
    });
    expect(csvFound.length).toBe(planted.length);
    expect(new Set(csvFound.map((f) => f.path))).toEqual(new Set(["row 1, column b"]));
    const lineFound = sinkOf((sink) => {
      const s = new LineScanner("u.txt", "data", sink);
      for (let i = 0; i < csv.length; i += 65_536) s.push(csv.slice(i, i + 65_536));
      s.end();
    });
    expect(lineFound.map((f) => f.path)).toEqual(planted.map(() => "line 2"));
  });

  it("an unclosed quote in CSV is a syntax error that names the row, not the text", () => {
    const s = new CsvScanner("u.csv", "data", new FindingSink());
    s.push(`id,note\n1,ok\n2,"${email(3)}\n`);
    expect(() => s.end()).toThrow(CsvSyntaxError);
    try {
      s.end();
    } catch (error) {
      expect((error as Error).message).toMatch(/row 3 counting from the first line, column 2/);
      expect((error as Error).message).not.toContain("gmail");
    }
  });

  it("a sink lists a bounded number of findings and counts the rest", () => {
    const sink = new FindingSink(10);
    const text = Array.from({ length: 50 }, (_, i) => email(i)).join("\n");
    const s = new LineScanner("many.txt", "data", sink);
    s.push(text);
    s.end();
    expect(sink.listed.length).toBe(10);
    expect(sink.total).toBe(50);
    expect(sink.omitted).toBe(40);
  });

  it("the metrics rules hold across streaming: token and id keys, containers under them", () => {
    const doc = { a: { parentToken: { x: 1 } }, userIds: [["nested"], "3d51882bfeab28e4", 7], ownerId: null };
    const found = sinkOf((sink) => {
      const tokenizer = new JsonTokenizer(new JsonScanner("m.json", "metrics", sink));
      for (const c of cuts(JSON.stringify(doc), rng(9))) tokenizer.push(c);
      tokenizer.end();
    });
    expect(found.map((f) => `${f.path} ${f.type} ${f.preview}`)).toEqual([
      "$.a.parentToken token an object",
      "$.userIds[0] identifier an array",
      "$.userIds[2] identifier a number of 1 digits",
      "$.ownerId identifier a null",
    ]);
  });
});
