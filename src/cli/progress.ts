// Progress on stderr: one updating line per table on a terminal (rows, rows/s, ETA), one line per
// finished step elsewhere; nothing at all with --json. Credentials are masked as in every output.
import { redactSecrets } from "../db/index.js";
import type { SeedEvent } from "../pipeline/index.js";
import { processUrls } from "./redacting-io.js";

export class Progress {
  private readonly tty: boolean;
  private tableStart = 0;
  private lastDraw = 0;
  private current = "";
  private readonly urls = processUrls();

  constructor(
    private readonly quiet: boolean,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  line(text: string): void {
    if (this.quiet) return;
    this.clear();
    this.out.write(redactSecrets(`${text}\n`, this.urls));
  }

  event = (event: SeedEvent): void => {
    if (this.quiet) return;
    if (event.kind === "phase") {
      this.line(`  ${event.phase}`);
      return;
    }
    if (event.kind === "tableDone") {
      const rate = event.seconds > 0 ? ` (${fmt(Math.round(event.rows / event.seconds))} rows/s)` : "";
      this.current = "";
      this.line(
        `  ${event.table.padEnd(22)} ${fmt(event.rows).padStart(12)} rows  ${event.seconds.toFixed(1)} s${rate}`,
      );
      return;
    }
    if (!this.tty) return;
    const now = performance.now();
    if (this.current !== event.table) {
      this.current = event.table;
      this.tableStart = now;
    }
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const elapsed = (now - this.tableStart) / 1000;
    const rate = elapsed > 0 ? event.done / elapsed : 0;
    const eta = rate > 0 ? (event.rows - event.done) / rate : 0;
    const pct = event.rows > 0 ? Math.floor((100 * event.done) / event.rows) : 100;
    this.out.write(
      `\r  ${event.table.padEnd(22)} ${fmt(event.done).padStart(12)}/${fmt(event.rows)} ${String(pct).padStart(3)}%  ${fmt(Math.round(rate))} rows/s  ETA ${eta.toFixed(0)} s\x1b[K`,
    );
  };

  private clear(): void {
    if (this.tty && this.current) this.out.write("\r\x1b[K");
  }
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}
