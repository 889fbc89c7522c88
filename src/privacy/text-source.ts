// The text of a file for `seedband pii check`, read as a stream: gzip is decompressed (found by
// its magic bytes, whatever the name), UTF-8 and UTF-16 with a byte-order mark are decoded, and
// anything else is binary, refused by name: a NUL or another control character (other than tab,
// line breaks, form feed and escape), bytes that are not UTF-8, or a known binary format
// (archives, other compressions, COPY's binary format, images, PDF, SQLite). The refusal never
// quotes the file's content.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";
import { SeedbandError } from "../errors.js";

export interface TextKind {
  /** gzip-compressed (by its magic bytes). */
  compressed: boolean;
  encoding: "utf-8" | "utf-16le" | "utf-16be";
  /** The first character that is not white space ("" when none in the first bytes). */
  firstChar: string;
}

const HEAD = 8 * 1024;
const CHUNK = 64 * 1024;
// C0 controls but tab, line feed, vertical tab, form feed, carriage return and escape (ANSI colours in logs).
const CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;

const FIX_TEXT =
  "Fix: pii check reads text (UTF-8, or UTF-16 with a byte-order mark: JSON, CSV, logs, any extension or none), also gzip-compressed; export the data as such text and check that, or move the file out of the folder.";

/** Formats known by their first bytes, with what to do instead. */
const SIGNATURES: Array<{ bytes: number[]; at?: number; what: string; fix: string }> = [
  {
    bytes: [...Buffer.from("PGCOPY\n"), 0xff, 0x0d, 0x0a, 0x00],
    what: "COPY's binary format (`seedband generate --format binary`)",
    fix: "Fix: generate the files with --format text or csv to check them, or load them and check the database: seedband pii check --database-url URL.",
  },
  { bytes: [0x1f, 0x8b], what: "gzip inside gzip", fix: "Fix: decompress it once, then check it." },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive", fix: "Fix: unzip it and check the folder." },
  {
    bytes: [...Buffer.from("ustar")],
    at: 257,
    what: "a tar archive",
    fix: "Fix: extract it (tar -xf) and check the folder.",
  },
  ...(
    [
      [[0x42, 0x5a, 0x68], "bzip2"],
      [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "xz"],
      [[0x28, 0xb5, 0x2f, 0xfd], "zstd"],
      [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "7-Zip"],
    ] as Array<[number[], string]>
  ).map(([bytes, name]) => ({
    bytes,
    what: `compressed with ${name}`,
    fix: "Fix: decompress it (pii check reads gzip itself), or recompress it with gzip.",
  })),
  {
    bytes: [...Buffer.from("%PDF-")],
    what: "a PDF document",
    fix: "Fix: extract its text (e.g. pdftotext) and check that.",
  },
  {
    bytes: [...Buffer.from("SQLite format 3"), 0x00],
    what: "an SQLite database",
    fix: "Fix: export its tables as CSV (sqlite3 -csv) and check those.",
  },
  {
    bytes: [0x89, 0x50, 0x4e, 0x47],
    what: "a PNG image",
    fix: "Fix: images cannot be checked; move it out of the folder.",
  },
  {
    bytes: [0xff, 0xd8, 0xff],
    what: "a JPEG image",
    fix: "Fix: images cannot be checked; move it out of the folder.",
  },
  {
    bytes: [...Buffer.from("GIF8")],
    what: "a GIF image",
    fix: "Fix: images cannot be checked; move it out of the folder.",
  },
];

function refuse(file: string, why: string, fix = FIX_TEXT, cause?: unknown): SeedbandError {
  return new SeedbandError(
    "BAD_INPUT",
    `${file} is not a text file pii check can read (${why}); nothing was reported as clean. ${fix}`,
    cause === undefined ? undefined : { cause },
  );
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function byteStream(file: string, compressed: boolean): Readable {
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  // pipeline passes the file's errors on to gunzip and closes the file when gunzip is destroyed.
  return compressed ? pipeline(raw, createGunzip({ chunkSize: CHUNK }), () => {}) : raw;
}

/** A read failure of `path`, told with the path as findings show it (`file`). */
function readError(path: string, file: string, compressed: boolean, error: unknown): SeedbandError {
  if (error instanceof SeedbandError) return error;
  const e = error as NodeJS.ErrnoException;
  if (compressed && e.code?.startsWith("Z_"))
    return refuse(
      file,
      `a damaged gzip file: ${e.message}`,
      "Fix: compress it again, or check the file it came from.",
      error,
    );
  return new SeedbandError(
    "BAD_INPUT",
    `Cannot read ${file}: ${e.message.split(path).join(file)}. Fix: check the path and its permissions.`,
    { cause: error },
  );
}

/**
 * What kind of text `path` holds, from its first bytes (decompressed when gzip).
 * Throws SeedbandError("BAD_INPUT") naming it as `file` when it is binary.
 */
export async function sniffText(path: string, file = path): Promise<TextKind> {
  let compressed = false;
  let head: Buffer;
  try {
    const magic = await firstBytes(path, 3);
    compressed = magic[0] === 0x1f && magic[1] === 0x8b && magic[2] === 0x08;
    if (!compressed) head = await firstBytes(path, HEAD);
    else {
      const chunks: Buffer[] = [];
      let length = 0;
      const stream = byteStream(path, true);
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        length += (chunk as Buffer).length;
        if (length >= HEAD) break;
      }
      stream.destroy();
      head = Buffer.concat(chunks).subarray(0, HEAD);
    }
  } catch (error) {
    throw readError(path, file, compressed, error);
  }
  for (const s of SIGNATURES) {
    const at = s.at ?? 0;
    if (head.length >= at + s.bytes.length && s.bytes.every((b, i) => head[at + i] === b))
      throw refuse(file, compressed && s.bytes[0] !== 0x1f ? `gzip holding ${s.what}` : s.what, s.fix);
  }
  const encoding =
    head[0] === 0xff && head[1] === 0xfe
      ? "utf-16le"
      : head[0] === 0xfe && head[1] === 0xff
        ? "utf-16be"
        : "utf-8";
  const text = decodeChecked(file, new TextDecoder(encoding, { fatal: true }), head, true, 0);
  return { compressed, encoding, firstChar: /\S/u.exec(text)?.[0] ?? "" };
}

/** The text of `path` in chunks, checked all along: binary found late is refused as well. */
export async function* textChunks(path: string, kind: TextKind, file = path): AsyncGenerator<string> {
  const decoder = new TextDecoder(kind.encoding, { fatal: true });
  const stream = byteStream(path, kind.compressed);
  let characters = 0;
  try {
    for await (const bytes of stream) {
      const text = decodeChecked(file, decoder, bytes as Buffer, true, characters);
      characters += text.length;
      if (text.length > 0) yield text;
    }
    const rest = decodeChecked(file, decoder, undefined, false, characters);
    if (rest.length > 0) yield rest;
  } catch (error) {
    throw readError(path, file, kind.compressed, error);
  } finally {
    stream.destroy();
  }
}

function decodeChecked(
  file: string,
  decoder: TextDecoder,
  bytes: Buffer | undefined,
  more: boolean,
  before: number,
): string {
  let text: string;
  try {
    text = decoder.decode(bytes, { stream: more });
  } catch (error) {
    throw refuse(
      file,
      `bytes that are not ${decoder.encoding === "utf-8" ? "UTF-8" : decoder.encoding.toUpperCase()} after character ${before}`,
      `${FIX_TEXT} A file in another encoding can be converted first (e.g. iconv -f latin1 -t utf-8).`,
      error,
    );
  }
  const control = CONTROL.exec(text);
  if (control)
    throw refuse(
      file,
      `binary data: control character 0x${control[0].charCodeAt(0).toString(16).padStart(2, "0")} at character ${before + control.index + 1}`,
    );
  return text;
}
