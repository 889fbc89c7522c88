// The findings in plain text given in chunks, each located by its line (`line 3`, from 1). A line
// too long to hold is scanned in windows. Pure.
import type { Finding } from "./finding.js";
import type { FindingSink } from "./finding-sink.js";
import type { PiiProfile } from "./profiles.js";
import { scanText } from "./scan-value.js";
import { WINDOW, WindowedText } from "./windowed-text.js";

/**
 * @example
 * const lines = new LineScanner("support.log", "data", sink);
 * lines.push("ok\ncall +44 20 7123"); lines.push(" 4567\n"); lines.end();
 * // sink: { path: "line 2", type: "phone", preview: … }
 */
export class LineScanner {
  private line = 1;
  private pending = "";
  private window: WindowedText<Finding> | null = null;

  constructor(
    private readonly file: string,
    private readonly profile: PiiProfile,
    private readonly sink: FindingSink,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
      const piece = chunk.slice(start, nl);
      if (this.window) {
        this.window.append(piece);
        this.window.finish();
        this.window = null;
      } else this.scanLine(this.pending + piece);
      this.pending = "";
      this.line++;
      start = nl + 1;
    }
    if (start < chunk.length) this.partial(chunk.slice(start));
  }

  end(): void {
    if (this.window) this.window.finish();
    else if (this.pending !== "") this.scanLine(this.pending);
    this.window = null;
    this.pending = "";
  }

  private partial(text: string): void {
    if (this.window) {
      this.window.append(text);
      return;
    }
    this.pending += text;
    if (this.pending.length >= WINDOW) {
      const path = `line ${this.line}`;
      const window = new WindowedText<Finding>(
        (t) => scanText(t, this.profile),
        (f) => this.sink.add({ file: this.file, path, type: f.type, preview: f.preview }),
      );
      window.append(this.pending);
      this.window = window;
      this.pending = "";
    }
  }

  private scanLine(text: string): void {
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    const found = scanText(line, this.profile);
    if (found.length === 0) return;
    const path = `line ${this.line}`;
    for (const f of found) this.sink.add({ file: this.file, path, type: f.type, preview: f.preview });
  }
}
