// A prebuilt buffer of filler text per seed: a value of length L is a slice of it, which is several
// times faster than assembling words per row (DESIGN.md, performance facts). The corpus holds only
// lower-case Latin words and spaces, so its slices never need COPY escaping.
import { type Rng, streamFor } from "../random/index.js";
import { LOREM } from "./word-lists.js";

const CORPUS_CHARS = 1 << 20;
const cache = new Map<number, string>();

export function textCorpus(seed: number): string {
  let corpus = cache.get(seed);
  if (corpus === undefined) {
    const rng = streamFor(seed, "corpus");
    const parts: string[] = [];
    let size = 0;
    while (size < CORPUS_CHARS) {
      const word = LOREM[Math.floor(rng.next() * LOREM.length)]!;
      parts.push(word);
      size += word.length + 1;
    }
    corpus = parts.join(" ");
    cache.set(seed, corpus);
  }
  return corpus;
}

/** A slice of the corpus of about `length` characters, starting and ending on a word. */
export function sliceText(corpus: string, rng: Rng, length: number): string {
  if (length <= 0) return "";
  const maxStart = corpus.length - length - 32;
  let start = Math.floor(rng.next() * maxStart);
  while (start > 0 && corpus.charCodeAt(start - 1) !== 32) start++;
  let text = corpus.slice(start, start + length);
  if (text.endsWith(" ")) text = text.slice(0, -1);
  return text;
}
