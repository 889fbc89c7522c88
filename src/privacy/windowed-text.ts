// One value too long to hold whole (a 200 MB line, CSV field or JSON string), scanned in
// overlapping windows so memory stays bounded: each window is scanned with some text before it
// (recognizers look left) and reports only the findings that start in its own part; the overlap is
// longer than any finding, so a finding cut by one window's end is whole in the next. Pure.

/** Characters scanned at once (the window, before its overlap). */
export const WINDOW = 1 << 20;
/** Longer than any finding (an email has at most 64 + 1 + 253 characters). */
export const OVERLAP = 1024;
/** Characters before a window that recognizers may look at (an email's local part is ≤ 64). */
const CONTEXT = 128;

export interface Positioned {
  /** Where the finding starts in the scanned text. */
  start: number;
}

/**
 * @example
 * const w = new WindowedText((text) => scanText(text, "data"), (f) => sink.add(f));
 * for (const part of parts) w.append(part);
 * w.finish();
 */
export class WindowedText<F extends Positioned> {
  private parts: string[] = [];
  private length = 0;
  /** Findings that start before this index of the buffered text were reported by an earlier window. */
  private from = 0;

  constructor(
    private readonly scan: (text: string) => readonly F[],
    private readonly report: (finding: F) => void,
  ) {}

  append(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= WINDOW + OVERLAP) this.flush();
  }

  /** Scans what is left; the value is complete. */
  finish(): void {
    const text = this.parts.join("");
    for (const f of this.scan(text)) if (f.start >= this.from) this.report(f);
    this.parts = [];
    this.length = 0;
    this.from = 0;
  }

  private flush(): void {
    const text = this.parts.join("");
    const cut = text.length - OVERLAP;
    for (const f of this.scan(text)) if (f.start >= this.from && f.start < cut) this.report(f);
    const rest = text.slice(cut - CONTEXT);
    this.parts = [rest];
    this.length = rest.length;
    this.from = CONTEXT;
  }
}
