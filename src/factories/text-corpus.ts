// Prebuilt buffers of filler text per seed: a value of length L is a slice of one, which is several
// times faster than assembling words per row (DESIGN.md, performance facts). The plain corpus holds
// lower-case Latin words and spaces; the sentence corpus capitalised sentences ending with a
// period (descriptions read as paragraphs). Neither ever needs COPY escaping.
import { type Rng, streamFor } from "../random/index.js";
import { LOREM } from "./word-lists.js";

const CORPUS_CHARS = 1 << 20;
const cache = new Map<number, string>();
const sentenceCache = new Map<number, string>();

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

/** Sentences of 4–14 filler words, capitalised and closed with a period, about 1 MB per seed. */
export function sentenceCorpus(seed: number): string {
  let corpus = sentenceCache.get(seed);
  if (corpus === undefined) {
    const rng = streamFor(seed, "sentences");
    const parts: string[] = [];
    let size = 0;
    while (size < CORPUS_CHARS) {
      const words = 4 + Math.floor(rng.next() * 11);
      let sentence = "";
      for (let i = 0; i < words; i++) {
        const word = LOREM[Math.floor(rng.next() * LOREM.length)]!;
        sentence += i === 0 ? word[0]!.toUpperCase() + word.slice(1) : ` ${word}`;
      }
      parts.push(`${sentence}.`);
      size += sentence.length + 2;
    }
    corpus = parts.join(" ");
    sentenceCache.set(seed, corpus);
  }
  return corpus;
}

/**
 * Whole sentences of the sentence corpus, at most `length` characters: from a sentence's start to
 * the last period that fits; a length shorter than the sentence cuts it at a word and closes it.
 */
export function sliceSentences(corpus: string, rng: Rng, length: number): string {
  if (length <= 1) return "";
  const maxStart = corpus.length - length - 256;
  const start = corpus.indexOf(". ", Math.floor(rng.next() * maxStart)) + 2;
  const end = corpus.lastIndexOf(".", start + length - 1);
  if (end > start) return corpus.slice(start, end + 1);
  const cut = corpus.lastIndexOf(" ", start + length - 1);
  return `${corpus.slice(start, cut > start ? cut : start + length - 1)}.`;
}
