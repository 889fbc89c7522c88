// `seedband pii check` on large files: a JSON document, a CSV file and a log of a given size
// (default 200 MB each), each with personal data planted at known places, checked by the CLI
// (--profile data: the filler is prose, which the metrics profile would report) in
// a child process whose peak RSS (the kernel's ru_maxrss, reported by the process itself at exit
// through a preloaded module) is printed with the wall time. Memory, not time, is the point:
// `pii check` streams, so the peak must stay flat whatever the file's size.
//   npm run bench:pii   or   node bench/pii-check-memory.mjs [megabytes]   (after npm run build)
// test/e2e/pii-check-memory.test.ts runs the JSON case at 200 MB and asserts the peak.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(root, "bin", "seedband.js");
const REPORT_RSS = join(root, "bench", "report-max-rss.mjs");

/** Values planted in every large file: one of each, found wherever they sit. */
export const LARGE_PLANTED = {
  email: "maria.garcia@gmail.com",
  phone: "+44 20 7123 4567",
  card: "4111 1111 1111 1111",
};

const WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split(" ");

/** Deterministic filler text of about `n` characters (no personal data). */
function filler(i, n) {
  let s = "";
  for (let k = 0; s.length < n; k++) s += `${WORDS[(i * 7 + k * 3) % WORDS.length]} `;
  return s;
}

/**
 * Writes a file of about `bytes` bytes: `json` (an array of records, one record's key being a
 * planted address, and one string value of 3 MB holding a phone number), `csv` (a header, records,
 * a quoted field that spans lines) or `text` (log lines): personal data for the `data` profile only
 * where planted. Returns the number of records written.
 */
export async function writeLargeFile(path, format, bytes) {
  const out = createWriteStream(path);
  const write = async (s) => {
    if (!out.write(s)) await once(out, "drain");
  };
  let written = 0;
  let i = 0;
  const middle = Math.floor(bytes / 2);
  let planted = false;
  if (format === "json") await write("[\n");
  if (format === "csv") await write("id,email,note\n");
  while (written < bytes) {
    let s;
    const plant = !planted && written >= middle;
    if (format === "json") {
      const note = plant ? `${filler(i, 3_000_000)} call ${LARGE_PLANTED.phone} ` : filler(i, 80);
      const key = plant ? LARGE_PLANTED.email : `k${i}`;
      s = `${i ? "," : ""}{"id":${i},"contact":{${JSON.stringify(key)}:${i}},"note":${JSON.stringify(note)},"n":[${i},${i * 3}]}\n`;
    } else if (format === "csv") {
      const note = plant ? `"card ${LARGE_PLANTED.card},\nthen ""${LARGE_PLANTED.phone}"""` : filler(i, 90);
      s = `${i},${plant ? LARGE_PLANTED.email : `user${i}@example.com`},${note}\n`;
    } else {
      s = `2025-01-01T00:00:${String(i % 60).padStart(2, "0")}Z INFO request ${i} ${filler(i, 80)}${plant ? ` from ${LARGE_PLANTED.email} card ${LARGE_PLANTED.card}` : ""}\n`;
    }
    if (plant) planted = true;
    await write(s);
    written += Buffer.byteLength(s);
    i++;
  }
  if (format === "json") await write("]\n");
  out.end();
  await once(out, "finish");
  return i;
}

/** Runs `seedband ...args`; returns the exit code, output, peak RSS (MiB) and wall seconds. */
export async function peakRss(args, { cwd = root } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "sb-rss-"));
  const rssFile = join(dir, "maxrss");
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", pathToFileURL(REPORT_RSS).href, BIN, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: "", SEEDBAND_MAXRSS_FILE: rssFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
    const [code] = await once(child, "close");
    const seconds = (performance.now() - started) / 1000;
    const kib = Number(await readFile(rssFile, "utf8"));
    return { code, stdout, stderr, peakMiB: kib / 1024, seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const megabytes = Number(process.argv[2] ?? 200);
  const dir = await mkdtemp(join(tmpdir(), "sb-pii-large-"));
  try {
    const small = join(dir, "small.json");
    await writeLargeFile(small, "json", 1000);
    const reference = await peakRss(["pii", "check", small, "--profile", "data", "--json"]);
    console.log(`reference: a 1 KB JSON file: peak RSS ${reference.peakMiB.toFixed(0)} MiB`);
    for (const [format, ext] of [
      ["json", "json"],
      ["csv", "csv"],
      ["text", "log"],
    ]) {
      const file = join(dir, `large.${ext}`);
      await writeLargeFile(file, format, megabytes * 1e6);
      const r = await peakRss(["pii", "check", file, "--profile", "data", "--json"]);
      const found = r.code === 1 ? JSON.parse(r.stdout).findings.length : 0;
      console.log(
        `${format}: ${megabytes} MB: exit ${r.code}, ${found} finding(s), peak RSS ${r.peakMiB.toFixed(0)} MiB, ${r.seconds.toFixed(1)} s (${(megabytes / r.seconds).toFixed(1)} MB/s)`,
      );
      if (r.code !== 1) console.log(r.stderr);
      await rm(file);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
