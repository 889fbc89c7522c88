// Preloaded with `node --import` by bench/pii-check-memory.mjs: at exit, the process writes its own
// peak resident set size (KiB, the kernel's ru_maxrss) to $SEEDBAND_MAXRSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.SEEDBAND_MAXRSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
