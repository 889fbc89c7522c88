// Prisma names split into lower-case words (`lastSeenAt` → last, seen, at; `created_at` →
// created, at; `avatarURL` → avatar, url), so the inference rules match words, not substrings:
// `notes` is a note, `notebookId` is not.

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** A plural word made singular the simple way (`categories` → category, `labels` → label). */
export function singular(word: string): string {
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith("s") && word.length > 3) return word.slice(0, -1);
  return word;
}
